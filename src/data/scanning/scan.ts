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
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { openRegularFile } from '../../load/files.js';
import { StringDecoder } from 'node:string_decoder';
import type { DatasetRef } from '../../model/types.js';
import type { KindConsumers } from './consumers.js';
import { CsvTokenizer, RecordTooLongError } from '../reading/csv.js';
import type { Profile } from '../reading/profile.js';
import { createProgress, type ProgressTarget } from './progress.js';
import { suggest } from '../../text/suggest.js';

export type { KindConsumers, MetricFeed } from './consumers.js';
export type { FileScan } from './feed.js';
import { createFeeder, finishScan, type FeedContext, type FileScan } from './feed.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface ScanOptions extends Omit<FeedContext, 'path'> {
  progress?: ProgressTarget;
  /** Read a large CSV file in parts on worker threads; see parallel.ts. */
  parallel?: import('./parallel.js').ParallelPlan;
}

export async function scanFile(ref: DatasetRef, consumers: KindConsumers, options: ScanOptions): Promise<FileScan> {
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
      // exceljs is loaded only when an XLSX file is read: it costs ~0.1 s of start-up otherwise.
      const { readXlsx } = await import('../reading/xlsx.js');
      // The manifest's sheet (for this file) before the profile's (for the export's shape).
      const sheet = ref.sheet ?? profile.sheet;
      const read = await readXlsx(ref.file, sheet, sink);
      if (!read.sheetFound) scan.problem = missingSheet(ref, sheet, read.sheets, profile);
    } else {
      const tokenizer = new CsvTokenizer(sink, profile.delimiter);
      const decoder = new StringDecoder('utf8');
      // An overlong record makes the dataset unusable; the rest of the file is still hashed for the report.
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
      for await (const chunk of createReadStream(ref.file, { fd, highWaterMark: 1 << 20 })) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        progress.advance(bytes.length);
        tokenize(decoder.write(bytes), false);
      }
      tokenize(decoder.end(), true);
      if (overlong) scan.problem = `${ref.path}: ${overlong.message}; the dataset is not used`;
    }
    progress.done();
    scan.sha256 = hash.digest('hex');
  } catch (e) {
    scan.problem = `${ref.path} could not be read: ${message(e)}`;
  }
  return finishScan(scan, totals);
}

/** Why a workbook gives no sheet to read: the name asked for (and by whom), the sheets it has, the nearest. */
function missingSheet(ref: DatasetRef, sheet: string | undefined, sheets: readonly string[], profile: Profile): string {
  if (sheet === undefined || sheets.length === 0) return `${ref.path} has no worksheet`;
  const asker = ref.sheet !== undefined ? `dataset ${ref.id}` : `mapping profile "${profile.shownAs}"`;
  const list = sheets.map((s) => `"${s}"`).join(', ');
  return `${ref.path} has no worksheet named "${sheet}" (asked for by ${asker}); its worksheets are ${list}${suggest(sheet, sheets)}`;
}

