/**
 * `npm run corpus:measure`: run the built CLI (dist/bin/carespec.js) over every case of the bad-input corpus,
 * each in its own child process, and print its wall time and peak resident memory, then the worst of each.
 * Exits 1 if any case crashes natively (a signal), exits other than its case.yaml says, takes over 30 s or
 * peaks over 1 GB (issue #11: bounded work everywhere).
 *
 * Peak memory comes from GNU time (`/usr/bin/time -f %M`) when present; otherwise a preloaded module
 * prints the child's own process.resourceUsage().maxRSS as it exits.
 *
 * The case preparation mirrors test/corpus/corpus.test.ts (base files, the case's files over them, setup
 * steps); it is repeated here rather than shared so this script needs no test runner.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { isMain } from '../src/build/entry.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CASES = path.join(ROOT, 'test', 'corpus', 'cases');
const BASE = path.join(ROOT, 'test', 'corpus', 'base');
const BIN = path.join(ROOT, 'dist', 'bin', 'carespec.js');
const GNU_TIME = '/usr/bin/time';
const MAX_SECONDS = 30;
const MAX_BYTES = 1024 ** 3;
const VALUE_FLAGS = new Set(['--format', '-f', '--as-of', '--max-warnings']);

type SetupStep = Record<string, unknown>;
interface CaseSpec {
  command: string[];
  exit: number;
  setup?: SetupStep[];
  pending?: string;
  base?: boolean;
}

export interface Measurement {
  name: string;
  seconds: number;
  bytes: number;
  exit: number | null;
  expected: number;
  signal: string | null;
}

function prepare(dir: string, spec: CaseSpec): { root: string; work: string; argv: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'carespec-measure-'));
  const work = path.join(root, 'work');
  const outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.csv'), 'visit_id,client_id\nv1,SECRET-CLIENT-ID\n');
  writeFileSync(path.join(outside, 'evidence.yaml'), readFileSync(path.join(BASE, 'evidence.yaml')));
  if (spec.base === false) mkdirSync(work);
  else cpSync(BASE, work, { recursive: true });
  for (const entry of readdirSync(dir)) if (entry !== 'case.yaml') cpSync(path.join(dir, entry), path.join(work, entry), { recursive: true });
  const at = (p: string) => (p.startsWith('@outside/') ? path.join(outside, p.slice('@outside/'.length)) : p);
  for (const step of spec.setup ?? []) {
    const [kind, value] = Object.entries(step)[0]!;
    if (kind === 'encode') {
      const { file, as } = value as { file: string; as: string };
      const text = readFileSync(path.join(work, file), 'utf8');
      const bytes: Record<string, () => Buffer> = {
        utf16le: () => Buffer.from(text, 'utf16le'),
        'utf16le-bom': () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
        'utf16be-bom': () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
        latin1: () => Buffer.from(text, 'latin1'),
        bom: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
        crlf: () => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8'),
        cr: () => Buffer.from(text.replace(/\r?\n/g, '\r'), 'utf8'),
      };
      writeFileSync(path.join(work, file), bytes[as]!());
    } else if (kind === 'symlink') {
      const { path: link, target } = value as { path: string; target: string };
      mkdirSync(path.dirname(path.join(work, link)), { recursive: true });
      rmSync(path.join(work, link), { force: true });
      symlinkSync(at(target), path.join(work, link));
    } else if (kind === 'generate') {
      const { file, bytes, line, prefix = '' } = value as { file: string; bytes: number; line: string; prefix?: string };
      const head = Buffer.from(prefix, 'utf8');
      const unit = Buffer.from(line, 'utf8');
      const count = Math.ceil(Math.max(0, bytes - head.length) / unit.length);
      writeFileSync(path.join(work, file), Buffer.concat([head, Buffer.alloc(count * unit.length, unit)]));
    } else if (kind === 'remove') rmSync(path.join(work, value as string), { recursive: true, force: true });
    else if (kind === 'mkdir') mkdirSync(path.join(work, value as string), { recursive: true });
    else if (kind === 'chmod') {
      const { path: file, mode } = value as { path: string; mode: number };
      chmodSync(path.join(work, file), mode);
    } else if (kind === 'fifo') {
      rmSync(path.join(work, value as string), { force: true });
      if (spawnSync('mkfifo', [path.join(work, value as string)]).status !== 0) throw new Error(`mkfifo ${String(value)} failed`);
    } else throw new Error(`unknown setup step ${kind}: update scripts/corpus-run.ts with test/corpus/corpus.test.ts`);
  }
  const argv = spec.command.map((arg, i, all) => {
    if (i === 0 || arg.startsWith('-') || VALUE_FLAGS.has(all[i - 1]!)) return arg;
    if (i === 1 && all[0] === 'explain') return arg;
    return arg.startsWith('@outside/') ? at(arg) : path.join(work, arg);
  });
  return { root, work, argv };
}

/** A module preloaded into the CLI when GNU time is missing: prints the peak RSS (kilobytes) on exit. */
function rssReporter(dir: string): string {
  const file = path.join(dir, 'report-rss.cjs');
  writeFileSync(file, "process.on('exit', () => process.stderr.write(`\\ncarespec-measure-rss ${process.resourceUsage().maxRSS}\\n`));\n");
  return file;
}

function measure(name: string, dir: string, spec: CaseSpec): Measurement {
  const { root, work, argv } = prepare(dir, spec);
  try {
    const gnu = existsSync(GNU_TIME);
    const node = [process.execPath, ...(gnu ? [] : ['--require', rssReporter(root)]), BIN, ...argv];
    const [command, ...args] = gnu ? [GNU_TIME, '-f', 'carespec-measure-rss %M', ...node] : node;
    const started = process.hrtime.bigint();
    const child = spawnSync(command!, args, { cwd: work, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CARESPEC_DEBUG: '' } });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const kilobytes = Number(/carespec-measure-rss (\d+)/.exec(child.stderr ?? '')?.[1] ?? NaN);
    // GNU time reports a child killed by a signal as "Command terminated by signal N" and exits 128+N.
    const signalled = /Command terminated by signal (\d+)/.exec(child.stderr ?? '');
    return {
      name,
      seconds,
      bytes: kilobytes * 1024,
      exit: signalled ? null : child.status,
      expected: spec.exit,
      signal: child.signal ?? (signalled ? `signal ${signalled[1]}` : null),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function measureCorpus(filter?: RegExp): Measurement[] {
  const results: Measurement[] = [];
  for (const category of readdirSync(CASES).sort()) {
    if (!statSync(path.join(CASES, category)).isDirectory()) continue;
    for (const name of readdirSync(path.join(CASES, category)).sort()) {
      const dir = path.join(CASES, category, name);
      const spec = parse(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as CaseSpec;
      if (spec.pending || (filter && !filter.test(`${category}/${name}`))) continue;
      const result = measure(`${category}/${name}`, dir, spec);
      results.push(result);
      process.stdout.write(`${result.seconds.toFixed(2).padStart(7)} s ${(result.bytes / 2 ** 20).toFixed(0).padStart(6)} MiB  exit ${String(result.exit ?? result.signal)}  ${result.name}\n`);
    }
  }
  return results;
}

if (isMain(import.meta.url)) {
  if (!existsSync(BIN)) {
    process.stderr.write('dist/bin/carespec.js is missing: run npm run build first\n');
    process.exit(2);
  }
  const filter = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
  const results = measureCorpus(filter);
  const slowest = results.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const largest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const problems = results.filter((r) => r.signal !== null || r.exit !== r.expected || r.seconds > MAX_SECONDS || !(r.bytes <= MAX_BYTES));
  process.stdout.write(`\n${results.length} cases; worst time ${slowest.seconds.toFixed(2)} s (${slowest.name}); worst peak memory ${(largest.bytes / 2 ** 20).toFixed(0)} MiB (${largest.name})\n`);
  for (const p of problems) process.stdout.write(`PROBLEM ${p.name}: exit ${String(p.exit)} (expected ${p.expected}), signal ${String(p.signal)}, ${p.seconds.toFixed(2)} s, ${(p.bytes / 2 ** 20).toFixed(0)} MiB\n`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
