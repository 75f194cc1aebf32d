/**
 * Reading one large CSV file on several threads, with exactly the result of
 * one pass.
 *
 * The file is cut into byte ranges at line ends. The main thread reads the
 * first range; each other range goes to a worker thread (scan-worker.ts; the
 * last one also hashes the whole file), which binds the same header, builds the same
 * consumers from the ScanJob and starts its tokenizer at the range's physical
 * line (counted here: newline bytes before the cut). Each part returns its
 * state; the parts are merged IN FILE ORDER into the kind's consumers (see
 * aggregate.ts, records.ts, quality.ts), so metrics, failures (by line) and
 * data-quality lines are those of a single pass.
 *
 * A cut is only right if no record spans it (a quoted field may hold a
 * newline). That is checked after the fact: the part before each cut must end
 * exactly at a record boundary (its tokenizer has nothing pending) and on the
 * line the next part started from. If not, or if a worker fails, the parts
 * are discarded and the file is read again in one pass: slower, never wrong.
 *
 * Only files of at least `minBytes` are split (default 32 MiB, about 400,000
 * visit rows): below that, starting a worker (~50 ms) costs more than it saves.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../package-root.js';
import type { DatasetKind, DatasetRef, JsonObject } from '../../model/types.js';
import { bindHeader } from '../reading/columns.js';
import { buildConsumers, mergeConsumers, snapshotConsumers, type ConsumersState, type KindConsumers, type ScanJob } from './consumers.js';
import { CsvTokenizer } from '../reading/csv.js';
import type { Profile } from '../reading/profile.js';
import { createProgress } from './progress.js';
import type { Tally } from '../judgements/quality.js';
import { createFeeder, finishScan, type FeedTotals, type FileScan } from './feed.js';
import type { ScanOptions } from './scan.js';
import type { PeriodFrame } from './windows.js';

export interface ParallelPlan {
  job: ScanJob;
  /** Worker threads started earlier, taken before new ones are started. */
  pool?: ScanWorkerPool;
  /** Smallest file split into parts. */
  minBytes: number;
  /** Worker threads besides the main thread (0: never split). */
  workers: number;
  /** Told how each file split into parts was read (tests use it to know the parallel path ran). */
  observe?: (event: { file: string; parts: number; fallback: boolean }) => void;
}

export const DEFAULT_PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Settings from options (the CLI reads CARESPEC_PARALLEL_MIN_BYTES and CARESPEC_WORKERS into them:
 * src/cli/settings.ts), else defaults: one worker per core beyond the main thread, at most 7.
 */
export function parallelSettings(options: { minBytes?: number; workers?: number } = {}): { minBytes: number; workers: number } {
  const minBytes = options.minBytes ?? DEFAULT_PARALLEL_MIN_BYTES;
  const workers = options.workers ?? Math.min(7, Math.max(0, availableParallelism() - 1));
  return { minBytes, workers };
}

/** What a worker is given: everything to read `[start, end)` of the file as the main thread would. */
export interface PartJob {
  file: string;
  path: string;
  start: number;
  end: number;
  header: string[];
  job: ScanJob;
  kind: DatasetKind;
  profile: Profile;
  frame: PeriodFrame;
  base: JsonObject;
  /** Hash the whole file after the range (one part does). */
  hash: boolean;
}

/** What a part sends back (structured-clonable). */
export interface PartResult {
  rows: number;
  used: number;
  bad: [string, Tally][];
  first: string | undefined;
  last: string | undefined;
  consumers: ConsumersState;
  /** The range ended inside a record: the cut after it was wrong. */
  pending: boolean;
  /** Physical line after the range, to check against the next part's start. */
  nextLine: number;
  /** The whole file's SHA-256, from the part asked to hash it. */
  sha256?: string;
}

/**
 * Bytes read at a time by each part. Smaller than the single pass's 1 MB: with two threads each
 * holding read-ahead buffers and the decoded text, 256 kB cut peak RSS at 1M rows from ~209 MB to
 * ~161 MB at the same speed (bench/run.ts).
 */
export const CHUNK = 1 << 18;
const WORKER_YOUNG_GENERATION_MB = 8;

export async function scanInParallel(ref: DatasetRef, consumers: KindConsumers, options: ScanOptions, plan: ParallelPlan): Promise<FileScan | undefined> {
  const { kind, profile, frame, base } = options;
  let size: number;
  let layout: { header: string[]; cuts: number[] } | undefined;
  try {
    size = statSync(ref.file).size;
    if (!splits(ref.file, size, plan) || profile.delimiter.length === 0) return undefined;
    layout = planCuts(ref.file, size, plan.workers + 1);
  } catch {
    return undefined; // let the single pass report an unreadable file
  }
  if (!layout || bindHeader(kind, profile, layout.header, layout.header.length).unusable) return undefined;
  const { header, cuts } = layout;

  // Workers start loading (unless the pool has them ready) while the lines are counted; each then gets its part.
  const workers = cuts.map(() => runWorker(plan.pool));
  let lines: number[];
  try {
    lines = countLines(ref.file, cuts);
  } catch {
    for (const w of workers) void w.worker.terminate();
    return undefined;
  }
  // The last worker also hashes the whole file once its range is read: the main thread, which loaded
  // the specification first, is the one that finishes last.
  workers.forEach((w, i) => w.start({ file: ref.file, path: ref.path, start: cuts[i]!, end: cuts[i + 1] ?? size, header, job: plan.job, kind, profile, frame, base, hash: i === cuts.length - 1 }, lines[i]!));
  try {
    const first = await scanFirstPart(ref, size, cuts[0]!, plan.job, options);
    const parts = await Promise.all(workers.map((w) => w.result));
    const all = [first.part, ...parts];
    // Every range but the last must end on a record boundary, on the line the next one started from.
    const consistent = all.every((part, i) => i === all.length - 1 || (!part.pending && part.nextLine === lines[i]));
    plan.observe?.({ file: ref.path, parts: all.length, fallback: !consistent });
    if (!consistent) return undefined;

    const sha256 = parts[parts.length - 1]!.sha256;
    if (sha256 === undefined) throw new Error('the last part did not hash the file');
    const scan: FileScan = { ref, sha256, rows: 0, used: 0, bad: first.totals.bad };
    const totals: FeedTotals = { ...first.totals, rows: 0, used: 0 };
    all.forEach((part, i) => {
      totals.rows += part.rows;
      totals.used += part.used;
      if (i > 0) totals.bad.merge(part.bad);
      if (part.first !== undefined && (totals.first === undefined || part.first < totals.first)) totals.first = part.first;
      if (part.last !== undefined && (totals.last === undefined || part.last > totals.last)) totals.last = part.last;
      mergeConsumers(consumers, part.consumers);
    });
    return finishScan(scan, totals);
  } catch {
    plan.observe?.({ file: ref.path, parts: cuts.length + 1, fallback: true });
    return undefined;
  } finally {
    for (const w of workers) void w.worker.terminate();
  }
}

/**
 * The header record and the cuts: about `parts` equal ranges, each cut just after a newline
 * and after the header. Undefined when the file does not lend itself to cutting.
 */
function planCuts(file: string, size: number, parts: number): { header: string[]; cuts: number[] } | undefined {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const read = (at: number) => readSync(fd, buffer, 0, Math.min(CHUNK, size - at), at);

    // The header: the first record, fed line by line to learn where it ends (it may hold quoted newlines).
    let header: string[] | undefined;
    let headerProblem = false;
    const probe = new CsvTokenizer((fields, count, _line, problem) => {
      if (header !== undefined) return;
      header = fields.slice(0, count);
      headerProblem = problem !== undefined;
    });
    const firstBytes = read(0);
    let headerEnd = 0;
    while (header === undefined) {
      const nl = buffer.indexOf(10, headerEnd);
      if (nl === -1 || nl >= firstBytes) return undefined;
      probe.push(buffer.toString('utf8', headerEnd, nl + 1));
      headerEnd = nl + 1;
    }
    if (headerProblem || probe.pending) return undefined;

    const cuts: number[] = [];
    for (let i = 1; i < parts; i++) {
      const target = Math.max(headerEnd, Math.floor((size * i) / parts));
      const n = read(target);
      const nl = buffer.subarray(0, n).indexOf(10);
      if (nl === -1) continue; // a megabyte without a line end: leave this range to its neighbour
      const cut = target + nl + 1;
      if (cut < size && cut > (cuts[cuts.length - 1] ?? 0)) cuts.push(cut);
    }
    return cuts.length === 0 ? undefined : { header, cuts };
  } finally {
    closeSync(fd);
  }
}

/** The physical line each cut starts on: 1 + the newline bytes before it (as the tokenizer counts lines). */
function countLines(file: string, cuts: readonly number[]): number[] {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const lines: number[] = [];
    let newlines = 0;
    let at = 0;
    for (const cut of cuts) {
      while (at < cut) {
        const n = readSync(fd, buffer, 0, Math.min(CHUNK, cut - at), at);
        if (n === 0) throw new Error('file shrank while being read');
        for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) newlines++;
        at += n;
      }
      lines.push(1 + newlines);
    }
    return lines;
  } finally {
    closeSync(fd);
  }
}

/** The main thread's range `[0, cut)`, with its own consumers, merged later like every part. */
async function scanFirstPart(ref: DatasetRef, size: number, cut: number, job: ScanJob, options: ScanOptions): Promise<{ part: PartResult; totals: FeedTotals }> {
  const consumers = buildConsumers(job);
  const { sink, totals } = createFeeder(consumers, { ...options, path: ref.path });
  const tokenizer = new CsvTokenizer(sink, options.profile.delimiter);
  const decoder = new StringDecoder('utf8');
  // The bar follows the main thread's range, scaled to the file: the workers read theirs meanwhile.
  const progress = createProgress(options.progress, ref.path, size);
  for await (const chunk of createReadStream(ref.file, { end: cut - 1, highWaterMark: CHUNK })) {
    const bytes = chunk as Buffer;
    progress.advance((bytes.length * size) / cut);
    tokenizer.push(decoder.write(bytes));
  }
  tokenizer.push(decoder.end());
  const pending = tokenizer.pending;
  const nextLine = tokenizer.nextLine;
  progress.done();
  return { part: partResult(totals, consumers, pending, nextLine), totals };
}

/** The SHA-256 of the whole file, read once more (from the page cache). */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function partResult(totals: FeedTotals, consumers: KindConsumers, pending: boolean, nextLine: number): PartResult {
  return {
    rows: totals.rows,
    used: totals.used,
    bad: totals.bad.snapshot(),
    first: totals.first,
    last: totals.last,
    consumers: snapshotConsumers(consumers),
    pending,
    nextLine,
  };
}

/**
 * Scan workers started before they are needed. A worker takes ~0.25 s to start and load its
 * modules on a slow machine; started when the evidence names a large CSV file, it does that on
 * another core while the main thread loads the specification and its libraries. Idle workers
 * never keep the process alive; close() ends those not taken.
 */
export class ScanWorkerPool {
  private readonly idle: Worker[];

  constructor(count: number) {
    this.idle = Array.from({ length: count }, () => {
      const worker = startWorker();
      worker.unref();
      worker.on('error', () => {}); // a worker that fails is found out when it is used
      return worker;
    });
  }

  take(): Worker | undefined {
    const worker = this.idle.shift();
    worker?.ref();
    return worker;
  }

  close(): void {
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }
}

/** Whether a file of `size` bytes is read in parts: a CSV file of at least `minBytes`, with a worker to spare. */
function splits(file: string, size: number, settings: { minBytes: number; workers: number }): boolean {
  return settings.workers >= 1 && size >= settings.minBytes && !/\.xlsx$/i.test(file);
}

/** A pool for the evidence's large CSV files (those scanInParallel splits), or undefined if there are none. */
export function prewarmScanWorkers(datasets: readonly DatasetRef[], options: { minBytes?: number; workers?: number } = {}): ScanWorkerPool | undefined {
  const settings = parallelSettings(options);
  const large = datasets.some((ref) => {
    if (ref.content !== undefined) return false; // read on the main thread (scan.ts), and `file` is no path on disk
    try {
      return splits(ref.file, statSync(ref.file).size, settings);
    } catch {
      return false;
    }
  });
  return large ? new ScanWorkerPool(settings.workers) : undefined;
}

/**
 * The worker module: compiled JavaScript next to this file, or, when carespec runs from its
 * TypeScript sources (tests, the benchmark), the .ts file loaded through tsx.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  // A small young generation: a part allocates only short-lived field strings, and the default
  // (up to 48 MB of semi-spaces per thread) showed up as ~20 MB more peak RSS for no speed gain.
  const options = { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } };
  // Found from the package's root, so from this file in dist/data/scanning/ and from the CLI bundle's chunks in dist/bin/ alike.
  if (!here.endsWith('.ts')) return new Worker(pathToFileURL(path.join(packageRoot(), 'dist/data/scanning/scan-worker.js')), options);
  const target = pathToFileURL(path.join(packageRoot(), 'src/data/scanning/scan-worker.ts')).href;
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(code, { eval: true, ...options });
}

function runWorker(pool: ScanWorkerPool | undefined): { worker: Worker; result: Promise<PartResult>; start(part: PartJob, firstLine: number): void } {
  const worker = pool?.take() ?? startWorker();
  const result = new Promise<PartResult>((resolve, reject) => {
    worker.once('message', (message: { ok: true; part: PartResult } | { ok: false; error: string }) => {
      if (message.ok) resolve(message.part);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`scan worker exited with code ${code}`)));
  });
  result.catch(() => {}); // awaited later; never an unhandled rejection meanwhile
  return { worker, result, start: (part, firstLine) => worker.postMessage({ part, firstLine }) };
}
