/**
 * One streaming pass over one dataset file: bytes are hashed and decoded,
 * tokenized (CSV or XLSX), bound to the kind's columns through the profile,
 * converted into the reused row object, placed in the period and its window,
 * and fed to every metric and per-record rule of the kind. Nothing is kept per
 * row, so memory does not grow with the file (except for what an aggregator
 * keeps: see aggregate.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { truthy, type Evaluator } from '../logic/index.js';
import type { DatasetKind, DatasetRef, JsonObject } from '../model/types.js';
import type { Aggregator } from './aggregate.js';
import { bindHeader, type Binding, type Row } from './columns.js';
import { CsvTokenizer, type RecordSink } from './csv.js';
import type { Profile } from './profile.js';
import { createProgress, type ProgressTarget } from './progress.js';
import { BadRows } from './quality.js';
import type { RecordRunner } from './records.js';
import { monthNumber, type PeriodFrame } from './windows.js';

export interface MetricFeed {
  name: string;
  /** Index into the shared predicate table, or -1. */
  where: number;
  match: number;
  /** 0: whole period only; 1: months; 3: quarters. */
  months: 0 | 1 | 3;
  agg: Aggregator;
  error?: string;
}

export interface KindConsumers {
  /** Distinct compiled where/match expressions of the kind's metrics, evaluated at most once a row. */
  predicates: Evaluator[];
  feeds: MetricFeed[];
  runners: RecordRunner[];
}

export interface FileScan {
  ref: DatasetRef;
  sha256: string;
  /** Data records read (the header excluded), good and malformed. */
  rows: number;
  /** Good rows inside the assessment period (fed to metrics and rules). */
  used: number;
  bad: BadRows;
  firstDate?: string;
  lastDate?: string;
  binding?: Binding;
  /** Why the file could not be read at all (sheet missing, unreadable). */
  problem?: string;
}

export interface ScanOptions {
  kind: DatasetKind;
  profile: Profile;
  frame: PeriodFrame;
  /** The evidence around each row for per-record rules (provider, period, facts, attestations). */
  base: JsonObject;
  progress?: ProgressTarget;
}

const DAY_MS = 86_400_000;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

export async function scanFile(ref: DatasetRef, consumers: KindConsumers, options: ScanOptions): Promise<FileScan> {
  const { kind, profile, frame } = options;
  const scan: FileScan = { ref, sha256: '', rows: 0, used: 0, bad: new BadRows() };
  const dateColumn = kind.date_column;
  const start = frame.start;
  // Dates and datetimes compare as text: "2025-06-30T18:00:00" < "2025-07-01".
  const endExclusive = nextDay(frame.end);
  const { predicates, feeds, runners } = consumers;
  const stamps = new Float64Array(predicates.length).fill(-1);
  const results = new Uint8Array(predicates.length);
  let stamp = 0;
  let row: Row = {};
  let binding: Binding | undefined;
  let stopped = false;
  let first: string | undefined;
  let last: string | undefined;

  const test = (i: number): boolean => {
    if (stamps[i] !== stamp) {
      stamps[i] = stamp;
      results[i] = truthy(predicates[i]!(row)) ? 1 : 0;
    }
    return results[i] === 1;
  };

  const sink: RecordSink = (fields, count, line, problem) => {
    if (stopped) return;
    if (!binding) {
      binding = bindHeader(kind, profile, fields, count);
      scan.binding = binding;
      if (binding.missingRequired.length > 0) {
        stopped = true; // the file is unusable; keep hashing, stop parsing
        return;
      }
      row = binding.newRow();
      for (const runner of runners) runner.startFile(ref.path, row, options.base);
      return;
    }
    scan.rows++;
    if (problem !== undefined) {
      scan.bad.note({ key: problem }, line);
      return;
    }
    const bad = binding.fill(fields, count, row);
    if (bad !== undefined) {
      scan.bad.note(bad, line);
      return;
    }
    let month = -1;
    if (dateColumn !== undefined) {
      const d = row[dateColumn];
      if (typeof d !== 'string') {
        scan.bad.note({ key: `no date in column ${dateColumn} to place the row in the period` }, line);
        return;
      }
      if (first === undefined || d < first) first = d;
      if (last === undefined || d > last) last = d;
      if (d < start || d >= endExclusive) return;
      month = monthNumber(d) - frame.firstMonth;
    }
    scan.used++;
    stamp++;
    for (let f = 0; f < feeds.length; f++) {
      const feed = feeds[f]!;
      if (feed.error !== undefined) continue;
      try {
        if (feed.where >= 0 && !test(feed.where)) continue;
        const matched = feed.match >= 0 && test(feed.match);
        feed.agg.add(row, feed.months === 0 || month < 0 ? -1 : feed.months === 1 ? month : (month / 3) | 0, matched);
      } catch (e) {
        feed.error = `metric ${feed.name} could not be computed on ${ref.path} line ${line}: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    for (let r = 0; r < runners.length; r++) runners[r]!.add(line);
  };

  const label = ref.path;
  try {
    const size = statSync(ref.file).size;
    const progress = createProgress(options.progress, label, size);
    const hash = createHash('sha256');
    if (/\.xlsx$/i.test(ref.file)) {
      // exceljs reads the file itself; hash it in a separate streaming pass.
      for await (const chunk of createReadStream(ref.file, { highWaterMark: 1 << 20 })) {
        hash.update(chunk as Buffer);
      }
      // exceljs is loaded only when an XLSX file is read: it costs ~0.1 s of start-up otherwise.
      const { readXlsx } = await import('./xlsx.js');
      const { sheetFound } = await readXlsx(ref.file, profile.sheet, sink);
      if (!sheetFound) scan.problem = `${ref.path} has no worksheet ${profile.sheet === undefined ? '' : `named "${profile.sheet}"`}`.trim();
    } else {
      const tokenizer = new CsvTokenizer(sink, profile.delimiter);
      const decoder = new StringDecoder('utf8');
      for await (const chunk of createReadStream(ref.file, { highWaterMark: 1 << 20 })) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        progress.advance(bytes.length);
        if (!stopped) tokenizer.push(decoder.write(bytes));
      }
      if (!stopped) {
        tokenizer.push(decoder.end());
        tokenizer.end();
      }
    }
    progress.done();
    scan.sha256 = hash.digest('hex');
  } catch (e) {
    scan.problem = `${ref.path} could not be read: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (first !== undefined) scan.firstDate = first.slice(0, 10);
  if (last !== undefined) scan.lastDate = last.slice(0, 10);
  return scan;
}
