/**
 * carespec data benchmark: `npm run bench -- [--rows N] [--seed S] [--repeat K] [--no-build]`.
 *
 * 1. Generates (seeded PRNG) a visits export of N rows (default 1,000,000, about 85 MB) in
 *    bench/out/ (gitignored), reusing it when it already exists.
 * 2. (a) Times the streaming parse alone INTO TYPED ROWS with csv-parse, papaparse, uDSV and
 *    carespec's own tokenizer (the same conversion step for each), each in a fresh child process;
 *    the fastest is the "parse floor".
 * 3. (b) Times a full `node dist/bin/carespec.js check` (the shipped, bundled CLI) of a realistic specification (the monitoring,
 *    KPI and Ethical Care Charter libraries) over that export, as a child process. A file this
 *    large is read in parts on worker threads (one per spare core; CARESPEC_WORKERS=0 for one pass).
 * 4. (c) Times json-logic-js `apply` against carespec's compiled evaluator over the same rows for
 *    the same expression.
 * With --repeat K every timed command runs K times and the median is reported (peak RSS: the highest).
 * Prints times, peak RSS (each child's own process.resourceUsage().maxRSS, or /usr/bin/time -v for the
 * check when available) and ratios; the LAST line is `ratio check/parse: X`.
 * Timings never go in unit tests.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { generate, HEADER, writeSpec } from './generate.js';
import { parseCount } from '../src/cli/numbers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const SELF = fileURLToPath(import.meta.url);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
/** A count option, digits only: `--rows 1e999` would otherwise generate rows for ever. */
function countArg(name: string, fallback: string): number {
  const n = parseCount(arg(name, fallback));
  if (n === undefined) {
    console.error(`bench: --${name} "${arg(name, fallback)}" is not a whole number written in digits`);
    process.exit(2);
  }
  return n;
}
const ROWS = countArg('rows', '1000000');
const SEED = countArg('seed', '20250401');
const TASK = arg('task', '');
/** Runs of each timed command; the median is reported (this machine's neighbours make single runs noisy). */
const REPEAT = Math.max(1, countArg('repeat', '1'));
const FILE = arg('file', '');

// ---------------------------------------------------------------------------
// Child tasks: each prints one JSON line { ms, rss, rows }
// ---------------------------------------------------------------------------

/**
 * carespec's modules as the CLI runs them: the compiled JavaScript in dist/ (built by the driver),
 * so the parse floor and the evaluator are timed on the same code as the check, not on tsx's
 * on-the-fly transpilation of src/.
 */
const shipped = (module: string) => pathToFileURL(path.join(ROOT, 'dist', module)).href;

/** carespec's converters for the visits kind bound to the export's header, and the monitoring library they come from. */
async function visitsBinding() {
  const { loadLibrary } = ((await import(shipped('load/library.js'))) as typeof import('../src/load/library.js'));
  const { bindHeader } = ((await import(shipped('data/columns.js'))) as typeof import('../src/data/reading/columns.js'));
  const { loadProfile } = ((await import(shipped('data/profile.js'))) as typeof import('../src/data/reading/profile.js'));
  const lib = loadLibrary(path.join(ROOT, 'rules', 'monitoring.yaml'));
  if (!lib.ok) throw new Error('cannot load rules/monitoring.yaml');
  const kind = lib.value.datasets.find((d) => d.name === 'visits')!;
  const profile = loadProfile('generic', ROOT);
  if (!profile.ok) throw new Error(profile.reason);
  const header = HEADER.split(',');
  return { library: lib.value, binding: bindHeader(kind, profile.profile, header, header.length) };
}

async function typedRowSink() {
  // The same typed conversion for every parser: carespec's bound converters for the visits kind.
  const { binding } = await visitsBinding();
  const row = binding.newRow();
  let good = 0;
  let bad = 0;
  return {
    add(fields: string[], count: number) {
      if (binding.fill(fields, count, row) === undefined) good++;
      else bad++;
    },
    result: () => ({ good, bad }),
  };
}

async function streamText(file: string, onText: (text: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) onText(decoder.write(chunk as Buffer));
  const rest = decoder.end();
  if (rest) onText(rest);
}

async function parseTask(parser: string, file: string): Promise<void> {
  const sink = await typedRowSink();
  const started = performance.now();
  let headerSeen = false;
  const onRecord = (fields: string[], count = fields.length) => {
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    sink.add(fields, count);
  };
  if (parser === 'carespec') {
    const { CsvTokenizer } = ((await import(shipped('data/csv.js'))) as typeof import('../src/data/reading/csv.js'));
    const tokenizer = new CsvTokenizer((fields, count) => onRecord(fields, count));
    await streamText(file, (text) => tokenizer.push(text));
    tokenizer.end();
  } else if (parser === 'csv-parse') {
    const { parse } = await import('csv-parse');
    const stream = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(parse({ relax_column_count: true }));
    for await (const record of stream) onRecord(record as string[]);
  } else if (parser === 'papaparse') {
    const Papa = (await import('papaparse')).default;
    await new Promise<void>((resolve, reject) => {
      Papa.parse(createReadStream(file, { highWaterMark: 1 << 20 }) as unknown as File, {
        step: (result: { data: string[] }) => onRecord(result.data),
        complete: () => resolve(),
        error: reject,
      } as never);
    });
  } else if (parser === 'udsv') {
    const { inferSchema, initParser } = await import('udsv');
    let p: ReturnType<typeof initParser> | null = null;
    headerSeen = true; // uDSV strips the header itself
    await streamText(file, (text) => {
      p ??= initParser(inferSchema(text));
      p.chunk(text, p.stringArrs, (row: string[]) => onRecord(row));
    });
    (p as ReturnType<typeof initParser> | null)?.end();
  } else throw new Error(`unknown parser ${parser}`);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, ...sink.result() }));
}

async function logicTask(file: string, rowsWanted: number): Promise<void> {
  const jsonLogic = (await import('json-logic-js')).default;
  const { compile, truthy } = ((await import(shipped('logic/index.js'))) as typeof import('../src/logic/index.js'));
  const { CsvTokenizer } = ((await import(shipped('data/csv.js'))) as typeof import('../src/data/reading/csv.js'));
  const { library, binding } = await visitsBinding();
  const metric = library.metrics.find((m) => m.name === 'ecm_verified_share')!;
  // The metric's where and match as one expression: completed, verified electronically, not forced.
  const logic = { and: [metric.where, metric.match] };
  // Typed rows in memory (at most `rowsWanted`), then both evaluators over the same array.
  const rows: Record<string, unknown>[] = [];
  let first = true;
  const tokenizer = new CsvTokenizer((fields, count) => {
    if (first) {
      first = false;
      return;
    }
    if (rows.length >= rowsWanted) return;
    const row = binding.newRow();
    if (binding.fill(fields, count, row) === undefined) rows.push(row);
  });
  await streamText(file, (text) => tokenizer.push(text));
  tokenizer.end();

  const compiled = compile(logic);
  const time = (fn: () => number) => {
    fn(); // warm-up
    const t = performance.now();
    const n = fn();
    return { ms: performance.now() - t, n };
  };
  const a = time(() => {
    let n = 0;
    for (const row of rows) if (truthy(jsonLogic.apply(logic as never, row))) n++;
    return n;
  });
  const b = time(() => {
    let n = 0;
    for (const row of rows) if (truthy(compiled(row))) n++;
    return n;
  });
  if (a.n !== b.n) throw new Error(`evaluators disagree: json-logic-js ${a.n}, compiled ${b.n}`);
  console.log(JSON.stringify({ rows: rows.length, jsonLogicMs: a.ms, compiledMs: b.ms, matched: a.n }));
}

// ---------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/** Run `measure` REPEAT times; the run with the median `key`. */
function repeated<T extends Record<string, number>>(measure: () => T, key: keyof T): T {
  const runs = Array.from({ length: REPEAT }, measure);
  const mid = median(runs.map((r) => r[key] as number));
  return runs.find((r) => r[key] === mid)!;
}

function child(args: string[]): Record<string, number> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SELF, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`child ${args.join(' ')} failed:\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, number>;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;


async function main(): Promise<void> {
  if (TASK === 'parse') return parseTask(arg('parser', 'carespec'), FILE);
  if (TASK === 'logic') return logicTask(FILE, countArg('logic-rows', '200000'));

  mkdirSync(OUT, { recursive: true });
  const csvName = `visits-${ROWS}-${SEED}.csv`;
  const file = path.join(OUT, csvName);
  if (!existsSync(file)) {
    const t = performance.now();
    await generate(file, ROWS, SEED);
    console.log(`generated ${csvName}: ${ROWS.toLocaleString('en-GB')} rows, ${mb(statSync(file).size)} in ${sec(performance.now() - t)}`);
  } else console.log(`reusing ${csvName}: ${ROWS.toLocaleString('en-GB')} rows, ${mb(statSync(file).size)}`);

  if (!process.argv.includes('--no-build')) {
    // The package's own build (tsc, the library snapshots, the bundled CLI), so the bench times what ships.
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  }

  // (a) parse floor
  console.log(`\n(a) streaming parse into typed rows${REPEAT > 1 ? ` (median of ${REPEAT} runs each)` : ''}`);
  const parses: { parser: string; ms: number; rss: number }[] = [];
  for (const parser of ['carespec', 'udsv', 'papaparse', 'csv-parse']) {
    const r = repeated(() => child(['--task', 'parse', '--parser', parser, '--file', file]), 'ms');
    parses.push({ parser, ms: r.ms!, rss: r.rss! });
    console.log(`  ${parser.padEnd(10)} ${sec(r.ms!).padStart(9)}  peak RSS ${mb(r.rss!).padStart(7)}  (${r.good} rows typed, ${r.bad} malformed)`);
  }
  const floor = parses.reduce((a, b) => (b.ms < a.ms ? b : a));
  console.log(`  fastest: ${floor.parser} (used by carespec's data reader: ${floor.parser === 'carespec' ? 'yes' : 'NO'})`);

  // (b) full check
  // carespec reads a file this large in parts on worker threads (src/data/parallel.ts); CARESPEC_WORKERS=0 forces one pass.
  const workers = process.env.CARESPEC_WORKERS ?? `${Math.min(7, Math.max(0, availableParallelism() - 1))} (default)`;
  console.log(`\n(b) carespec check (child process, node dist/bin/carespec.js; worker threads: ${workers})`);
  const { spec, evidence } = writeSpec(OUT, csvName);
  const report = path.join(OUT, 'bench-report.json');
  const cli = path.join(ROOT, 'dist', 'bin', 'carespec.js');
  const useTime = existsSync('/usr/bin/time');
  const argv = [cli, 'check', spec, '--evidence', evidence, '--format', 'json', '--output', report];
  const timedCheck = () => {
    const t0 = performance.now();
    const run = useTime
      ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...argv], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } })
      : spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const ms = performance.now() - t0;
    if (run.status !== 0 && run.status !== 1) throw new Error(`check failed (${run.status}):\n${run.stderr}`);
    const rssKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '');
    return { ms, rss: rssKb ? Number(rssKb[1]) * 1024 : NaN };
  };
  let checkRss = NaN; // the highest peak of any run, not the median run's
  const checked = repeated(() => {
    const run = timedCheck();
    if (!(checkRss >= run.rss)) checkRss = run.rss;
    return run;
  }, 'ms');
  const checkMs = checked.ms;
  console.log(`  check      ${sec(checkMs).padStart(9)}  peak RSS ${useTime ? mb(checkRss).padStart(7) : '(no /usr/bin/time)'}  report ${path.relative(ROOT, report)}`);

  // (c) evaluator
  console.log('\n(c) json-logic-js apply vs carespec compiled evaluator (ecm_verified_share where+match)');
  const logic = child(['--task', 'logic', '--file', file, '--logic-rows', String(Math.min(ROWS, 500_000))]);
  console.log(`  json-logic-js ${sec(logic.jsonLogicMs!).padStart(9)}  compiled ${sec(logic.compiledMs!).padStart(9)}  over ${logic.rows!.toLocaleString('en-GB')} rows (${logic.matched} matched by both)`);

  console.log('\nsummary');
  console.log(`  rows: ${ROWS.toLocaleString('en-GB')}; parse floor ${sec(floor.ms)} (${floor.parser}); check ${sec(checkMs)}; check peak RSS ${useTime ? mb(checkRss) : 'n/a'}`);
  console.log(`  ratio json-logic-js/compiled: ${(logic.jsonLogicMs! / logic.compiledMs!).toFixed(1)}`);
  console.log(`ratio check/parse: ${(checkMs / floor.ms).toFixed(2)}`);
}

await main();
