/**
 * The per-record work of one pass over a dataset file (or one part of it, on a
 * worker thread): the header is bound to the kind's columns, then each record
 * is converted and, if in the period, fed to every metric and rule. scan.ts
 * (one pass) and parallel.ts (parts) both build on it, so neither imports the other.
 */
import type { DatasetKind, DatasetRef, JsonObject } from '../../model/types.js';
import { truthy } from '../../logic/index.js';
import { bindHeader, type Binding, type Row } from '../reading/columns.js';
import type { KindConsumers } from './consumers.js';
import { ENCODING_PROBLEM, type RecordSink } from '../reading/csv.js';
import type { Profile } from '../reading/profile.js';
import { buildKernel, type GroupStep, type Step } from './kernel.js';
import { BadRows } from '../judgements/quality.js';
import { dayKey, keyMonth, monthNumber, type PeriodFrame } from './windows.js';

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

export interface FeedContext {
  kind: DatasetKind;
  profile: Profile;
  frame: PeriodFrame;
  /** The evidence around each row for per-record rules (provider, period, facts, attestations). */
  base: JsonObject;
  /** The file as the manifest names it (in failures and error messages). */
  path: string;
}


/** What a pass (or a part of a file) found besides the consumers' state. */
export interface FeedTotals {
  rows: number;
  used: number;
  bad: BadRows;
  first: string | undefined;
  last: string | undefined;
  binding: Binding | undefined;
  /** The header lacks a required column: the rest of the file is not parsed. */
  stopped: boolean;
  /** Why the header itself cannot be read (e.g. the file is not UTF-8), if it cannot. */
  headerProblem?: string;
}

export interface RecordFeeder {
  sink: RecordSink;
  totals: FeedTotals;
}

const DAY_MS = 86_400_000;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The per-record work: the first record is the header; every later one is
 * converted into the row and, if in the period, fed to every metric and rule.
 */
export function createFeeder(consumers: KindConsumers, context: FeedContext): RecordFeeder {
  const { kind, profile, frame, path } = context;
  const totals: FeedTotals = { rows: 0, used: 0, bad: new BadRows(), first: undefined, last: undefined, binding: undefined, stopped: false };
  const dateColumn = kind.date_column;
  const start = frame.start;
  // Dates and datetimes compare as text: "2025-06-30T18:00:00" < "2025-07-01".
  const endExclusive = nextDay(frame.end);
  // Date and datetime columns hold canonical ISO text (convert.ts), so integer day keys order them.
  const dateType = dateColumn === undefined ? undefined : kind.columns[dateColumn]?.type;
  const canonicalDates = dateType === 'date' || dateType === 'datetime';
  const startKey = dayKey(frame.start);
  const endKey = dayKey(frame.end);
  let firstKey = Infinity;
  let lastKey = -Infinity;
  const { predicates, groups, runners } = consumers;
  const stamps = new Float64Array(predicates.length).fill(-1);
  const results = new Uint8Array(predicates.length);
  let stamp = 0;
  let row: Row = {};
  let binding: Binding | undefined;

  // A predicate shared by several metrics is evaluated once per row. The stamp is set only once it
  // has a value, so if it throws, every metric asking for it on this row gets the error.
  const test = (i: number): boolean => {
    if (stamps[i] !== stamp) {
      results[i] = truthy(predicates[i]!(row)) ? 1 : 0;
      stamps[i] = stamp;
    }
    return results[i] === 1;
  };
  const failed = (feedName: string, line: number, e: unknown) => `metric ${feedName} could not be computed on ${path} line ${line}: ${message(e)}`;

  /** One group of metrics on the current row, through the compiled closures (shared predicates evaluated once). */
  const runGroup: GroupStep = (g, month, quarter, line) => {
    const group = groups[g]!;
    const feeds = group.feeds;
    if (group.where >= 0) {
      let inScope: boolean;
      try {
        inScope = test(group.where);
      } catch (e) {
        for (const feed of feeds) feed.error ??= failed(feed.name, line, e);
        return;
      }
      if (!inScope) return;
    }
    for (let f = 0; f < feeds.length; f++) {
      const feed = feeds[f]!;
      if (feed.error !== undefined) continue;
      try {
        const matched = feed.match >= 0 && test(feed.match);
        feed.agg.add(row, feed.months === 0 ? -1 : feed.months === 1 ? month : quarter, matched);
      } catch (e) {
        feed.error = failed(feed.name, line, e);
      }
    }
  };
  let step: Step = closureStep(consumers, runGroup);

  const sink: RecordSink = (fields, count, line, problem) => {
    if (totals.stopped) return;
    if (!binding) {
      // A UTF-16 export decodes with NULs between letters; Latin-1 bytes decode to U+FFFD.
      if (problem === ENCODING_PROBLEM || fields.slice(0, count).some((f) => f.includes('\u0000'))) {
        totals.headerProblem = `${path} is not UTF-8 text (its header row holds ${problem === ENCODING_PROBLEM ? 'bytes that are not UTF-8' : 'NUL characters, as UTF-16 does'}): export it as UTF-8`;
        totals.stopped = true;
        return;
      }
      binding = bindHeader(kind, profile, fields, count);
      totals.binding = binding;
      if (binding.unusable) {
        totals.stopped = true; // the file is unusable; keep hashing, stop parsing
        return;
      }
      row = binding.newRow();
      for (const runner of runners) runner.startFile(path, row, context.base);
      if (consumers.kernel) step = buildKernel(consumers, new Set(Object.keys(kind.columns)), runGroup).step;
      return;
    }
    totals.rows++;
    if (problem !== undefined) {
      totals.bad.note({ key: problem }, line);
      return;
    }
    const bad = binding.fill(fields, count, row);
    if (bad !== undefined) {
      totals.bad.note(bad, line);
      return;
    }
    let month = -1;
    if (dateColumn !== undefined) {
      const d = row[dateColumn];
      if (typeof d !== 'string') {
        totals.bad.note({ key: `no date in column ${dateColumn} to place the row in the period` }, line);
        return;
      }
      if (canonicalDates) {
        // Only the date part of the first and last rows is reported (finishScan), so days decide.
        const key = dayKey(d);
        if (key < firstKey) {
          firstKey = key;
          totals.first = d;
        }
        if (key > lastKey) {
          lastKey = key;
          totals.last = d;
        }
        if (key < startKey || key > endKey) return;
        month = keyMonth(key) - frame.firstMonth;
      } else {
        if (totals.first === undefined || d < totals.first) totals.first = d;
        if (totals.last === undefined || d > totals.last) totals.last = d;
        if (d < start || d >= endExclusive) return;
        month = monthNumber(d) - frame.firstMonth;
      }
    }
    totals.used++;
    stamp++;
    step(row, month, month < 0 ? -1 : (month / 3) | 0, line);
  };
  return { sink, totals };
}

/** The closure path's step: every group through runGroup, then every rule's runner. */
function closureStep(consumers: KindConsumers, runGroup: GroupStep): Step {
  const { groups, runners } = consumers;
  return (_row, month, quarter, line) => {
    for (let g = 0; g < groups.length; g++) runGroup(g, month, quarter, line);
    for (let r = 0; r < runners.length; r++) runners[r]!.add(line);
  };
}

/** Copy a pass's totals into the FileScan. */
export function finishScan(scan: FileScan, totals: FeedTotals): FileScan {
  scan.rows = totals.rows;
  scan.used = totals.used;
  scan.bad = totals.bad;
  if (totals.binding) scan.binding = totals.binding;
  if (totals.headerProblem !== undefined && scan.problem === undefined) scan.problem = totals.headerProblem;
  if (totals.first !== undefined) scan.firstDate = totals.first.slice(0, 10);
  if (totals.last !== undefined) scan.lastDate = totals.last.slice(0, 10);
  return scan;
}
