/**
 * Portfolio benchmark: `npm run bench:portfolio -- [--providers 40] [--visits 250000] [--seed S] [--jobs J] [--no-build]`.
 *
 * 1. Generates (seeded, scripts/generate-large.ts) P providers of about N planned visits each in
 *    bench/out/portfolio-P-N/ (gitignored), each under its own name, reusing them when they exist.
 * 2. Times, as child processes of the shipped CLI (dist/bin/carespec.js) under /usr/bin/time -v:
 *    (a) `check` of each provider alone, summed; (b) `portfolio` of all P with the default jobs
 *    (one worker thread per core); (c) `portfolio --jobs 1` (one thread); (d) `portfolio` of the
 *    first P/4 providers, to show that peak memory does not grow with the number of providers.
 * Prints wall time, CPU time / wall time ("cores used") and peak RSS for each. Timings never go in unit tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLarge } from '../scripts/generate-large.js';
import { parseCount } from '../src/cli/numbers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'bin', 'carespec.js');
const SPEC = path.join(ROOT, 'specs', 'reablement-wnc.md');
/** Reports are written here and overwritten: the benchmark times the work, not the report. */
const SINK = path.join(ROOT, 'bench', 'out', 'portfolio-report.tmp');

interface Measure { wallS: number; cpuS: number; rssMb: number; code: number }

function options(argv: readonly string[]) {
  const get = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = parseCount(argv[i + 1] ?? '');
    if (n === undefined) throw new Error(`${flag} expects a whole number`);
    return n;
  };
  return { providers: get('--providers', 40), visits: get('--visits', 250_000), seed: get('--seed', 1), jobs: get('--jobs', 0), build: !argv.includes('--no-build') };
}

/** One child process under /usr/bin/time -v: wall time, user + system CPU, peak RSS. */
function timed(args: string[]): Measure {
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.:]+)`).exec(run.stderr)?.[1]?.split(':').reduce((t, part) => t * 60 + Number(part), 0) ?? NaN);
  if (run.status !== 0 && run.status !== 1) throw new Error(`carespec ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return { wallS: field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)'), cpuS: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'), rssMb: field('Maximum resident set size \\(kbytes\\)') / 1024, code: run.status };
}

function generate(providers: number, visits: number, seed: number): string[] {
  const dir = path.join(ROOT, 'bench', 'out', `portfolio-${providers}-${visits}-s${seed}`);
  return Array.from({ length: providers }, (_, i) => {
    const out = path.join(dir, `provider-${String(i + 1).padStart(2, '0')}`);
    const manifest = path.join(out, 'evidence.yaml');
    if (!existsSync(manifest)) {
      generateLarge({ out, visits, clients: Math.max(40, Math.round(visits / 250)), seed: seed * 1000 + i });
      // Each provider under its own name, so the portfolio's rows are distinct.
      writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('Large Synthetic Homecare Ltd (fictional)', `Synthetic Provider ${i + 1} (fictional)`));
    }
    return path.relative(ROOT, manifest);
  });
}

const fmt = (m: Measure) => `${m.wallS.toFixed(2)} s wall, ${(m.cpuS / m.wallS).toFixed(2)} cores used, peak RSS ${m.rssMb.toFixed(0)} MB`;

const o = options(process.argv.slice(2));
if (o.build) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const started = Date.now();
const evidence = generate(o.providers, o.visits, o.seed);
console.log(`${o.providers} providers × ~${o.visits} visits generated or reused in ${((Date.now() - started) / 1000).toFixed(1)} s; ${availableParallelism()} cores`);
const spec = path.relative(ROOT, SPEC);
const singles = evidence.map((e) => timed(['check', spec, '--evidence', e, '--format', 'json', '--output', SINK]));
const sum = { wallS: singles.reduce((s, m) => s + m.wallS, 0), cpuS: singles.reduce((s, m) => s + m.cpuS, 0), rssMb: Math.max(...singles.map((m) => m.rssMb)), code: 0 };
const jobs = o.jobs > 0 ? ['--jobs', String(o.jobs)] : [];
const all = timed(['portfolio', spec, ...evidence, '--format', 'json', '--output', SINK, ...jobs]);
const serial = timed(['portfolio', spec, ...evidence, '--format', 'json', '--output', SINK, '--jobs', '1']);
const quarter = timed(['portfolio', spec, ...evidence.slice(0, Math.max(1, Math.floor(o.providers / 4))), '--format', 'json', '--output', SINK, ...jobs]);
console.log(`sum of ${o.providers} single checks: ${fmt(sum)} (peak RSS: the largest single check)`);
console.log(`portfolio (default jobs):        ${fmt(all)}`);
console.log(`portfolio --jobs 1:              ${fmt(serial)}`);
console.log(`portfolio of ${Math.max(1, Math.floor(o.providers / 4))} providers:       ${fmt(quarter)}`);
console.log(`speed-up portfolio/sum of checks: ${(sum.wallS / all.wallS).toFixed(2)}×; peak RSS ${o.providers} vs ${Math.max(1, Math.floor(o.providers / 4))} providers: ${(all.rssMb / quarter.rssMb).toFixed(2)}×`);
