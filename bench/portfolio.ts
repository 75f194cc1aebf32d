/**
 * Portfolio benchmark: `npm run bench:portfolio -- [--sizes 10,20,40] [--visits 250000] [--seed S] [--jobs J] [--no-build]`.
 *
 * 1. Generates (seeded, scripts/generate-large.ts) the largest size's providers of about N planned
 *    visits each in bench/out/portfolio-P-N-sS/ (gitignored), each under its own name, reusing them
 *    when they exist; a smaller size takes the first providers.
 * 2. Times, as child processes of the shipped CLI (dist/bin/carespec.js) under /usr/bin/time -v:
 *    `check` of each provider alone (summed per size), and for each size `portfolio` with one
 *    worker thread per core (`--jobs`, or the number of cores) and with `--jobs 1` (one thread).
 * Prints, per size: wall time, cores used (user + system CPU time of the process and all its
 * threads ÷ wall time), peak RSS, and the ratios asked of a portfolio: its wall time against the sum
 * of single checks, workers against one thread, and peak RSS against the smallest size (flat
 * memory: near 1×). The load average is printed too: other work on the machine lowers the cores
 * a run can use. Timings never go in unit tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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
  const i = argv.indexOf('--sizes');
  const sizes = i < 0 ? [get('--providers', 40)] : (argv[i + 1] ?? '').split(',').map((n) => {
    const size = parseCount(n);
    if (size === undefined || size < 1) throw new Error('--sizes expects whole numbers separated by commas, e.g. 10,20,40');
    return size;
  });
  return { sizes, visits: get('--visits', 250_000), seed: get('--seed', 1), jobs: get('--jobs', 0), build: !argv.includes('--no-build') };
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
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const o = options(process.argv.slice(2));
if (o.build) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const largest = Math.max(...o.sizes);
const started = Date.now();
const evidence = generate(largest, o.visits, o.seed);
console.log(`${largest} providers × ~${o.visits} visits generated or reused in ${((Date.now() - started) / 1000).toFixed(1)} s; ${availableParallelism()} cores; load average ${load()}`);
const spec = path.relative(ROOT, SPEC);
const singles = evidence.map((e) => timed(['check', spec, '--evidence', e, '--format', 'json', '--output', SINK]));
// Workers named explicitly: the default would run a small portfolio in one thread (run.ts defaultJobs).
const jobs = ['--jobs', String(o.jobs > 0 ? o.jobs : availableParallelism())];
const rows = [...o.sizes].sort((a, b) => a - b).map((n) => {
  const own = singles.slice(0, n);
  const sum: Measure = { wallS: own.reduce((s, m) => s + m.wallS, 0), cpuS: own.reduce((s, m) => s + m.cpuS, 0), rssMb: Math.max(...own.map((m) => m.rssMb)), code: 0 };
  const all = timed(['portfolio', spec, ...evidence.slice(0, n), '--format', 'json', '--output', SINK, ...jobs]);
  const serial = timed(['portfolio', spec, ...evidence.slice(0, n), '--format', 'json', '--output', SINK, '--jobs', '1']);
  console.log(`\n${n} providers (load average ${load()})`);
  console.log(`  sum of ${n} single checks: ${fmt(sum)} (peak RSS: the largest single check)`);
  console.log(`  portfolio ${jobs.join(' ')}:        ${fmt(all)}`);
  console.log(`  portfolio --jobs 1:        ${fmt(serial)}`);
  console.log(`  portfolio / sum of checks: ${(all.wallS / sum.wallS).toFixed(2)}× the wall time (${(sum.wallS / all.wallS).toFixed(2)}× faster); workers / one thread: ${(all.wallS / serial.wallS).toFixed(2)}× the wall time`);
  // CPU time barely depends on what else the machine runs; wall time does.
  console.log(`  CPU time: sum of checks ${sum.cpuS.toFixed(2)} s, workers ${all.cpuS.toFixed(2)} s, one thread ${serial.cpuS.toFixed(2)} s (workers − one thread: ${(all.cpuS - serial.cpuS).toFixed(2)} s; one thread splits a file of 32 MiB or more over the cores, workers read each file in one pass)`);
  return { n, all, serial };
});
const first = rows[0]!;
console.log(`\npeak RSS against ${first.n} providers (flat is 1.00×):`);
for (const r of rows) console.log(`  ${String(r.n).padStart(3)} providers: workers ${r.all.rssMb.toFixed(0)} MB (${(r.all.rssMb / first.all.rssMb).toFixed(2)}×), --jobs 1 ${r.serial.rssMb.toFixed(0)} MB (${(r.serial.rssMb / first.serial.rssMb).toFixed(2)}×); cores used ${(r.all.cpuS / r.all.wallS).toFixed(2)} with workers, ${(r.serial.cpuS / r.serial.wallS).toFixed(2)} in one thread`);
