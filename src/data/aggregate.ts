/**
 * Streaming aggregators, one per metric, fed in the single pass over a file.
 * Each keeps the whole-period state and, for `month`/`quarter` metrics, one
 * slot per window, so both come out of the same pass.
 *
 * Memory: count/share/sum/mean/min/max are O(windows). `percentile` is EXACT:
 * it keeps every in-scope value in a growable Float64Array (8 bytes a value,
 * plus 2 bytes for its window) and sorts at the end, with linear interpolation
 * between closest ranks (NumPy's default). `distinct_per_group` keeps a map of
 * group → set of distinct values (per window too): O(groups × distinct values).
 */
import type { JsonPrimitive, Metric } from '../model/types.js';
import type { Row } from './columns.js';

export interface AggregateResult {
  value: number | null;
  /** Per window, in window order (only for windowed metrics). */
  windows?: (number | null)[];
}

export interface Aggregator {
  /** `w`: window index, or -1 for a row outside every window (only the whole period counts it). */
  add(row: Row, w: number, matched: boolean): void;
  finish(): AggregateResult;
}

/** Copy a string so a Map key does not keep the whole 1 MB chunk it was sliced from alive. */
export function fresh(text: string): string {
  return text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8');
}

const numeric = (v: JsonPrimitive | undefined): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;

export function createAggregator(metric: Metric, windows: number): Aggregator {
  switch (metric.aggregate) {
    case 'count':
      return counting(windows, (c) => c.n);
    case 'share':
      return counting(windows, (c) => (c.n === 0 ? null : (100 * c.m) / c.n));
    case 'sum':
      return folding(metric.column!, windows, 0, (a, v) => a + v, (acc, n) => (n === 0 ? 0 : acc));
    case 'mean':
      return folding(metric.column!, windows, 0, (a, v) => a + v, (acc, n) => (n === 0 ? null : acc / n));
    case 'min':
      return folding(metric.column!, windows, Infinity, Math.min, (acc, n) => (n === 0 ? null : acc));
    case 'max':
      return folding(metric.column!, windows, -Infinity, Math.max, (acc, n) => (n === 0 ? null : acc));
    case 'percentile':
      return percentile(metric.column!, metric.percentile ?? 50, windows);
    case 'distinct_per_group':
      return distinctPerGroup(metric.group_by!, metric.distinct!, windows);
  }
}

/** count and share: rows in scope (n) and rows matched (m). */
function counting(windows: number, value: (c: { n: number; m: number }) => number | null): Aggregator {
  let n = 0;
  let m = 0;
  const wn = new Float64Array(windows);
  const wm = new Float64Array(windows);
  return {
    add(_row, w, matched) {
      n++;
      if (matched) m++;
      if (w >= 0) {
        wn[w]!++;
        if (matched) wm[w]!++;
      }
    },
    finish() {
      const out: AggregateResult = { value: value({ n, m }) };
      if (windows > 0) out.windows = Array.from(wn, (count, i) => value({ n: count, m: wm[i]! }));
      return out;
    },
  };
}

/** sum, mean, min, max over a numeric column; empty cells are skipped. */
function folding(
  column: string,
  windows: number,
  initial: number,
  step: (acc: number, v: number) => number,
  value: (acc: number, n: number) => number | null,
): Aggregator {
  let acc = initial;
  let n = 0;
  const wacc = new Float64Array(windows).fill(initial);
  const wn = new Float64Array(windows);
  return {
    add(row, w) {
      const v = numeric(row[column]);
      if (v === undefined) return;
      acc = step(acc, v);
      n++;
      if (w >= 0) {
        wacc[w] = step(wacc[w]!, v);
        wn[w]!++;
      }
    },
    finish() {
      const out: AggregateResult = { value: value(acc, n) };
      if (windows > 0) out.windows = Array.from(wacc, (a, i) => value(a, wn[i]!));
      return out;
    },
  };
}

function percentile(column: string, p: number, windows: number): Aggregator {
  let values = new Float64Array(1024);
  let owners = new Int16Array(1024);
  let n = 0;
  return {
    add(row, w) {
      const v = numeric(row[column]);
      if (v === undefined) return;
      if (n === values.length) {
        const grownValues = new Float64Array(n * 2);
        grownValues.set(values);
        values = grownValues;
        const grownOwners = new Int16Array(n * 2);
        grownOwners.set(owners);
        owners = grownOwners;
      }
      values[n] = v;
      owners[n] = w;
      n++;
    },
    finish() {
      const all = values.slice(0, n);
      const out: AggregateResult = { value: quantile(all.slice().sort(), p) };
      if (windows > 0) {
        const counts = new Int32Array(windows);
        for (let i = 0; i < n; i++) if (owners[i]! >= 0) counts[owners[i]!]!++;
        const parts = Array.from(counts, (c) => new Float64Array(c));
        const fill = new Int32Array(windows);
        for (let i = 0; i < n; i++) {
          const w = owners[i]!;
          if (w >= 0) parts[w]![fill[w]!++] = all[i]!;
        }
        out.windows = parts.map((part) => quantile(part.sort(), p));
      }
      return out;
    },
  };
}

/** Linear interpolation between closest ranks over sorted values; null when empty. */
export function quantile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * Mean distinct values per group. Each group and distinct value is interned to
 * a small integer once (one string-keyed lookup each per row); (group, value)
 * pairs and (window, group) keys are then numbers in Sets, which are far
 * cheaper than nested string-keyed Maps. The mean is pairs / groups.
 */
function distinctPerGroup(groupBy: string, distinct: string, windows: number): Aggregator {
  const groupIds = new Map<JsonPrimitive, number>();
  const valueIds = new Map<JsonPrimitive, number>();
  const pairs = new Set<number>(); // group * 2^21 + value
  const windowPairs = new Set<number>(); // (window * 2^21 + group) * 2^21 + value
  const windowGroups = new Set<number>(); // window * 2^21 + group
  const wPairs = new Float64Array(windows);
  const wGroups = new Float64Array(windows);
  const SHIFT = 2 ** 21; // up to ~2 million distinct groups and values; more is refused below
  const intern = (ids: Map<JsonPrimitive, number>, v: JsonPrimitive): number => {
    let id = ids.get(v);
    if (id === undefined) {
      id = ids.size;
      if (id >= SHIFT) throw new Error('more than 2,097,152 distinct values in one column');
      ids.set(typeof v === 'string' ? fresh(v) : v, id);
    }
    return id;
  };
  return {
    add(row, w) {
      const g = row[groupBy];
      const d = row[distinct];
      if (g === null || g === undefined || d === null || d === undefined) return;
      const gid = intern(groupIds, g);
      const pair = gid * SHIFT + intern(valueIds, d);
      pairs.add(pair);
      if (w >= 0) {
        const wg = w * SHIFT + gid;
        const before = windowPairs.size;
        windowPairs.add(wg * SHIFT + (pair % SHIFT));
        if (windowPairs.size !== before) {
          wPairs[w]!++;
          const groupsBefore = windowGroups.size;
          windowGroups.add(wg);
          if (windowGroups.size !== groupsBefore) wGroups[w]!++;
        }
      }
    },
    finish() {
      // A group is interned only with a value, so every interned group has at least one pair.
      const out: AggregateResult = { value: groupIds.size === 0 ? null : pairs.size / groupIds.size };
      if (windows > 0) out.windows = Array.from(wPairs, (p, i) => (wGroups[i] === 0 ? null : p / wGroups[i]!));
      return out;
    },
  };
}
