/**
 * One streaming pass over one dataset file: bytes are hashed and decoded,
 * tokenized (CSV or XLSX), bound to the kind's columns through the profile,
 * converted into the reused row object, placed in the period and its window,
 * and fed to every metric and per-record rule of the kind. Nothing is kept per
 * row, so memory does not grow with the file (except for what an aggregator
 * keeps: see aggregate.ts).
 *
 * A large CSV file may instead be read in parts on several threads
 * (parallel.ts); each part goes through the same RecordFeeder.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { openRegularFile } from '../../load/files.js';
import { chunksOf, readAll } from '../../load/memory.js';
import { StringDecoder } from 'node:string_decoder';
import type { DatasetRef } from '../../model/types.js';
import type { KindConsumers } from './consumers.js';
import { CsvTokenizer, RecordTooLongError, type RecordSink } from '../reading/csv.js';
import type { Profile } from '../reading/profile.js';
import { createProgress, type Progress, type ProgressTarget } from './progress.js';
import { suggest } from '../../text/suggest.js';

export type { KindConsumers, MetricFeed } from './consumers.js';
export type { FileScan } from './feed.js';
import { createFeeder, finishScan, type FeedContext, type FeedTotals, type FileScan } from './feed.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface ScanOptions extends Omit<FeedContext, 'path'> {
  progress?: ProgressTarget;
  /** Read a large CSV file in parts on worker threads; see parallel.ts. */
  parallel?: import('./parallel.js').ParallelPlan;
}

export async function scanFile(ref: DatasetRef, consumers: KindConsumers, options: ScanOptions): Promise<FileScan> {
  if (ref.content !== undefined) return scanContent(ref, ref.content, consumers, options);
  if (options.parallel && !/\.xlsx$/i.test(ref.file)) {
    const { scanInParallel } = await import('./parallel.js');
    const scan = await scanInParallel(ref, consumers, options, options.parallel);
    if (scan) return scan;
    // The file could not be split safely (e.g. a quoted field spans a cut): one pass instead.
  }
  const { profile } = options;
  const { sink, totals } = createFeeder(consumers, { ...options, path: ref.path });
  const scan: FileScan = { ref, sha256: '', rows: 0, used: 0, bad: totals.bad };
  try {
    // Opened once, checked to be a regular file: a FIFO swapped in after the manifest was checked must not hang the read.
    const { fd, stat } = openRegularFile(ref.file);
    const size = stat.size;
    const progress = createProgress(options.progress, ref.path, size);
    const hash = createHash('sha256');
    if (/\.xlsx$/i.test(ref.file)) {
      // exceljs reads the file itself; hash it in a separate streaming pass.
      for await (const chunk of createReadStream(ref.file, { fd, highWaterMark: 1 << 20 })) {
        hash.update(chunk as Buffer);
      }
      const problem = await feedWorkbook(ref, ref.file, profile, sink);
      if (problem) scan.problem = problem;
    } else {
      const problem = await tokenizeCsv(createReadStream(ref.file, { fd, highWaterMark: 1 << 20 }), sink, totals, profile, hash, progress);
      if (problem) scan.problem = unusableCsv(ref, problem);
    }
    progress.done();
    scan.sha256 = hash.digest('hex');
  } catch (e) {
    scan.problem = `${ref.path} could not be read: ${message(e)}`;
  }
  return finishScan(scan, totals);
}

/** A workbook's sheet into the feed, or why it cannot be read: the manifest's sheet (for this file) before the profile's (for the export's shape). */
async function feedWorkbook(ref: DatasetRef, source: string | Readable, profile: ScanOptions['profile'], sink: ReturnType<typeof createFeeder>['sink']): Promise<string | undefined> {
  // exceljs is loaded only when an XLSX file is read: it costs ~0.1 s of start-up otherwise.
  const { readXlsx } = await import('../reading/xlsx.js');
  const sheet = ref.sheet ?? profile.sheet;
  const read = await readXlsx(source, sheet, sink);
  return read.sheetFound ? undefined : missingSheet(ref, sheet, read.sheets, profile);
}

const unusableCsv = (ref: DatasetRef, problem: string) => `${ref.path}: ${problem}; the dataset is not used`;

/**
 * A dataset given in memory: the same pass over the same bytes as its file, so the same rows,
 * lines, findings and sha256. It is read on the main thread, never split across worker threads:
 * the bytes are already in memory (a worker would need them copied) and a stream can be read
 * only once, so it could not be read again if a split turned out wrong. Correctness first.
 */
async function scanContent(ref: DatasetRef, content: Uint8Array | Readable, consumers: KindConsumers, options: ScanOptions): Promise<FileScan> {
  const { profile } = options;
  const { sink, totals } = createFeeder(consumers, { ...options, path: ref.path });
  const scan: FileScan = { ref, sha256: '', rows: 0, used: 0, bad: totals.bad };
  const hash = createHash('sha256');
  try {
    if (/\.xlsx$/i.test(ref.file)) {
      // A workbook is a zip, read whole by exceljs (which may stop before the end): hash all its bytes first.
      const bytes = await readAll(content);
      hash.update(bytes);
      const problem = await feedWorkbook(ref, Readable.from([bytes]), profile, sink);
      if (problem) scan.problem = problem;
    } else {
      const progress = createProgress(options.progress, ref.path, content instanceof Uint8Array ? content.byteLength : 0);
      const problem = await tokenizeCsv(chunksOf(content), sink, totals, profile, hash, progress);
      if (problem) scan.problem = unusableCsv(ref, problem);
      progress.done();
    }
    scan.sha256 = hash.digest('hex');
  } catch (e) {
    scan.problem = `${ref.path} could not be read: ${message(e)}`;
  }
  return finishScan(scan, totals);
}

/**
 * Hash, decode and tokenize a CSV file's chunks. An overlong record makes the dataset unusable
 * (its message is returned); the rest of the file is still hashed for the report.
 */
async function tokenizeCsv(chunks: AsyncIterable<unknown>, sink: RecordSink, totals: FeedTotals, profile: Profile, hash: Hash, progress: Progress): Promise<string | undefined> {
  const tokenizer = new CsvTokenizer(sink, profile.delimiter);
  const decoder = new StringDecoder('utf8');
  let overlong: RecordTooLongError | undefined;
  const tokenize = (text: string, last: boolean) => {
    if (totals.stopped || overlong) return;
    try {
      tokenizer.push(text);
      if (last) tokenizer.end();
    } catch (error) {
      if (!(error instanceof RecordTooLongError)) throw error;
      overlong = error;
    }
  };
  for await (const chunk of chunks) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    progress.advance(bytes.length);
    tokenize(decoder.write(bytes), false);
  }
  tokenize(decoder.end(), true);
  return overlong?.message;
}

/** Why a workbook gives no sheet to read: the name asked for (and by whom), the sheets it has, the nearest. */
function missingSheet(ref: DatasetRef, sheet: string | undefined, sheets: readonly string[], profile: Profile): string {
  if (sheet === undefined || sheets.length === 0) return `${ref.path} has no worksheet`;
  const asker = ref.sheet !== undefined ? `dataset ${ref.id}` : `mapping profile "${profile.shownAs}"`;
  const list = sheets.map((s) => `"${s}"`).join(', ');
  return `${ref.path} has no worksheet named "${sheet}" (asked for by ${asker}); its worksheets are ${list}${suggest(sheet, sheets)}`;
}

