/**
 * Streaming aggregators, one per metric, fed in the single pass over a file.
 * Each keeps the whole-period state and, for `month`/`quarter` metrics, one
 * slot per window, so both come out of the same pass.
 *
 * A file read in parallel parts (parallel.ts) gives one aggregator per part;
 * `snapshot()` is the part's state as plain data (it crosses from a worker
 * thread by structured clone) and `merge()` folds a later part in, giving
 * exactly what one pass would have: counts add, sums are exact (exact-sum.ts),
 * percentile values are concatenated, distinct pairs are re-interned.
 *
 * Memory: count/share/sum/mean/min/max are O(windows). `percentile` is EXACT:
 * it keeps every in-scope value in a growable Float64Array (8 bytes a value,
 * plus 2 bytes for its window) and sorts at the end, with linear interpolation
 * between closest ranks (NumPy's default). `distinct_per_group` keeps a map of
 * group → set of distinct values (per window too): O(groups × distinct values).
 */
import type { JsonPrimitive, Metric } from '../../model/types.js';
import type { Row } from '../reading/columns.js';
import { ExactSum, type ExactSumState } from '../scanning/exact-sum.js';
import { IntPairSet } from '../scanning/int-set.js';

export interface AggregateResult {
  value: number | null;
  /** Per window, in window order (only for windowed metrics). */
  windows?: (number | null)[];
}

export interface Aggregator {
  /** `w`: window index, or -1 for a row outside every window (only the whole period counts it). */
  add(row: Row, w: number, matched: boolean): void;
  finish(): AggregateResult;
  /** Everything added so far, as structured-clonable data. */
  snapshot(): AggregatorState;
  /** Fold in the snapshot of rows that come AFTER those added here (same metric, same windows). */
  merge(state: AggregatorState): void;
}

export type AggregatorState =
  | { type: 'counting'; n: number; m: number; wn: Float64Array; wm: Float64Array }
  | { type: 'sum'; total: ExactSumState; n: number; windows: ExactSumState[]; wn: Float64Array }
  | { type: 'extreme'; acc: number; n: number; wacc: Float64Array; wn: Float64Array }
  | { type: 'percentile'; values: Float64Array; owners: Int16Array }
  | { type: 'distinct'; groups: JsonPrimitive[]; values: JsonPrimitive[]; pairs: Int32Array; windowPairs: Int32Array };

/** Copy a string so a Map key does not keep the whole 1 MB chunk it was sliced from alive. */
export function fresh(text: string): string {
  return text.length === 0 ? '' : Buffer.from(text, 'utf8').toString('utf8');
}

const numeric = (v: JsonPrimitive | undefined): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;

function wrongState(expected: string, state: AggregatorState): Error {
  return new Error(`cannot merge ${state.type} state into a ${expected} aggregator`);
}

export function createAggregator(metric: Metric, windows: number): Aggregator {
  switch (metric.aggregate) {
    case 'count':
      return counting(windows, (c) => c.n);
    case 'share':
      return counting(windows, (c) => (c.n === 0 ? null : (100 * c.m) / c.n));
    case 'sum':
      return summing(metric.column!, windows, (total, n) => (n === 0 ? 0 : total));
    case 'mean':
      return summing(metric.column!, windows, (total, n) => (n === 0 ? null : total / n));
    case 'min':
      return extreme(metric.column!, windows, Infinity, Math.min);
    case 'max':
      return extreme(metric.column!, windows, -Infinity, Math.max);
    case 'percentile':
      return percentile(metric.column!, metric.percentile ?? 50, windows);
    case 'distinct_per_group': {
      if ((metric.statistic ?? 'mean') === 'mean') return distinctPerGroup(metric.group_by!, metric.distinct!, windows, null);
      // The data pass inlines a `{ param }` threshold (index.ts); one left unresolved cannot be applied.
      if (typeof metric.threshold !== 'number' || !Number.isFinite(metric.threshold)) {
        throw new Error(`share_above needs a numeric threshold; ${JSON.stringify(metric.threshold ?? null)} has no value`);
      }
      return distinctPerGroup(metric.group_by!, metric.distinct!, windows, metric.threshold);
    }
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
    snapshot: () => ({ type: 'counting', n, m, wn: wn.slice(), wm: wm.slice() }),
    merge(state) {
      if (state.type !== 'counting') throw wrongState('counting', state);
      n += state.n;
      m += state.m;
      for (let i = 0; i < windows; i++) {
        wn[i]! += state.wn[i]!;
        wm[i]! += state.wm[i]!;
      }
    },
  };
}

/** sum and mean over a numeric column; empty cells are skipped. Exact sums, see exact-sum.ts. */
function summing(column: string, windows: number, value: (total: number, n: number) => number | null): Aggregator {
  const total = new ExactSum();
  let n = 0;
  const wsum = Array.from({ length: windows }, () => new ExactSum());
  const wn = new Float64Array(windows);
  return {
    add(row, w) {
      const v = numeric(row[column]);
      if (v === undefined) return;
      total.add(v);
      n++;
      if (w >= 0) {
        wsum[w]!.add(v);
        wn[w]!++;
      }
    },
    finish() {
      const out: AggregateResult = { value: value(total.value(), n) };
      if (windows > 0) out.windows = wsum.map((s, i) => value(s.value(), wn[i]!));
      return out;
    },
    snapshot: () => ({ type: 'sum', total: total.state(), n, windows: wsum.map((s) => s.state()), wn: wn.slice() }),
    merge(state) {
      if (state.type !== 'sum') throw wrongState('sum', state);
      total.merge(state.total);
      n += state.n;
      for (let i = 0; i < windows; i++) {
        wsum[i]!.merge(state.windows[i]!);
        wn[i]! += state.wn[i]!;
      }
    },
  };
}

/** min and max over a numeric column; empty cells are skipped. Math.min/max are order-independent (also for ±0). */
function extreme(column: string, windows: number, initial: number, step: (a: number, b: number) => number): Aggregator {
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
      const out: AggregateResult = { value: n === 0 ? null : acc };
      if (windows > 0) out.windows = Array.from(wacc, (a, i) => (wn[i] === 0 ? null : a));
      return out;
    },
    snapshot: () => ({ type: 'extreme', acc, n, wacc: wacc.slice(), wn: wn.slice() }),
    merge(state) {
      if (state.type !== 'extreme') throw wrongState('extreme', state);
      if (state.n > 0) acc = step(acc, state.acc);
      n += state.n;
      for (let i = 0; i < windows; i++) {
        if (state.wn[i]! > 0) wacc[i] = step(wacc[i]!, state.wacc[i]!);
        wn[i]! += state.wn[i]!;
      }
    },
  };
}

function percentile(column: string, p: number, windows: number): Aggregator {
  let values = new Float64Array(1024);
  let owners = new Int16Array(1024);
  let n = 0;
  const push = (v: number, w: number) => {
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
  };
  return {
    add(row, w) {
      const v = numeric(row[column]);
      if (v === undefined) return;
      push(v, w);
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
    snapshot: () => ({ type: 'percentile', values: values.slice(0, n), owners: owners.slice(0, n) }),
    merge(state) {
      if (state.type !== 'percentile') throw wrongState('percentile', state);
      for (let i = 0; i < state.values.length; i++) push(state.values[i]!, state.owners[i]!);
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
 * Mean distinct values per group, or (with a `threshold`) the percentage of
 * groups whose distinct count is above it (`statistic: share_above`). Each group and distinct value is interned to
 * a small integer once (one string-keyed lookup each per row), and each
 * (group, value) pair to its index in an allocation-free integer set
 * (int-set.ts). Windows are bitmasks per pair and per group (32 windows a
 * word): a pair new to a window counts for it, and so does its group. The
 * masks replace two more hash-set probes a row into tables that, for months,
 * outgrow the CPU cache. The mean is pairs / groups. The share above a
 * threshold is counted from the same state when the pass ends: each pair adds
 * one to its group's count, for the period and for every window it was seen
 * in, so rows (and parallel parts) add nothing per row for it.
 */
function distinctPerGroup(groupBy: string, distinct: string, windows: number, threshold: number | null): Aggregator {
  const groupIds = new Map<JsonPrimitive, number>();
  const valueIds = new Map<JsonPrimitive, number>();
  const pairs = new IntPairSet();
  const words = Math.ceil(windows / 32);
  let pairWindows = new Uint32Array(1024 * words);
  let groupWindows = new Uint32Array(256 * words);
  const wPairs = new Float64Array(windows);
  const wGroups = new Float64Array(windows);
  const intern = (ids: Map<JsonPrimitive, number>, v: JsonPrimitive): number => {
    let id = ids.get(v);
    if (id === undefined) {
      id = ids.size;
      ids.set(typeof v === 'string' ? fresh(v) : v, id);
    }
    return id;
  };
  const grown = (masks: Uint32Array, needed: number) => {
    const bigger = new Uint32Array(Math.max(needed, masks.length * 2));
    bigger.set(masks);
    return bigger;
  };
  const addIds = (gid: number, vid: number, w: number) => {
    const pid = pairs.indexOf(gid, vid);
    if (w < 0) return;
    const word = w >>> 5;
    const bit = 1 << (w & 31);
    const at = pid * words + word;
    if (at >= pairWindows.length) pairWindows = grown(pairWindows, at + 1);
    if ((pairWindows[at]! & bit) !== 0) return;
    pairWindows[at]! |= bit;
    wPairs[w]!++;
    const gat = gid * words + word;
    if (gat >= groupWindows.length) groupWindows = grown(groupWindows, gat + 1);
    if ((groupWindows[gat]! & bit) === 0) {
      groupWindows[gat]! |= bit;
      wGroups[w]!++;
    }
  };
  /** (window, group, value) for every pair in every window it was seen in, flattened. */
  const windowTuples = (): Int32Array => {
    const tuples = pairs.tuples();
    const out: number[] = [];
    for (let pid = 0; pid < pairs.size; pid++) {
      for (let w = 0; w < windows; w++) {
        if ((pairWindows[pid * words + (w >>> 5)]! & (1 << (w & 31))) !== 0) out.push(w, tuples[pid * 2]!, tuples[pid * 2 + 1]!);
      }
    }
    return Int32Array.from(out);
  };
  /** 100 × groups whose distinct count is above `t` / groups, for the period and each window (null without groups). */
  const shareAbove = (t: number): AggregateResult => {
    const tuples = pairs.tuples();
    const groups = groupIds.size;
    const counts = new Int32Array(groups);
    const windowCounts = new Int32Array(groups * windows);
    for (let pid = 0; pid < pairs.size; pid++) {
      const gid = tuples[pid * 2]!;
      counts[gid]!++;
      for (let w = 0; w < windows; w++) {
        if ((pairWindows[pid * words + (w >>> 5)]! & (1 << (w & 31))) !== 0) windowCounts[gid * windows + w]!++;
      }
    }
    let above = 0;
    for (let gid = 0; gid < groups; gid++) if (counts[gid]! > t) above++;
    const out: AggregateResult = { value: groups === 0 ? null : (100 * above) / groups };
    if (windows > 0) {
      const wAbove = new Float64Array(windows);
      for (let gid = 0; gid < groups; gid++) {
        for (let w = 0; w < windows; w++) if (windowCounts[gid * windows + w]! > t) wAbove[w]!++;
      }
      out.windows = Array.from(wAbove, (a, i) => (wGroups[i] === 0 ? null : (100 * a) / wGroups[i]!));
    }
    return out;
  };
  return {
    add(row, w) {
      const g = row[groupBy];
      const d = row[distinct];
      if (g === null || g === undefined || d === null || d === undefined) return;
      addIds(intern(groupIds, g), intern(valueIds, d), w);
    },
    finish() {
      if (threshold !== null) return shareAbove(threshold);
      // A group is interned only with a value, so every interned group has at least one pair.
      const out: AggregateResult = { value: groupIds.size === 0 ? null : pairs.size / groupIds.size };
      if (windows > 0) out.windows = Array.from(wPairs, (p, i) => (wGroups[i] === 0 ? null : p / wGroups[i]!));
      return out;
    },
    snapshot: () => ({ type: 'distinct', groups: [...groupIds.keys()], values: [...valueIds.keys()], pairs: pairs.tuples(), windowPairs: windowTuples() }),
    merge(state) {
      if (state.type !== 'distinct') throw wrongState('distinct', state);
      // Another part's ids are its own: translate them through this aggregator's interning.
      const g = state.groups.map((v) => intern(groupIds, v));
      const v = state.values.map((x) => intern(valueIds, x));
      for (let i = 0; i < state.pairs.length; i += 2) pairs.indexOf(g[state.pairs[i]!]!, v[state.pairs[i + 1]!]!);
      const wp = state.windowPairs;
      for (let i = 0; i < wp.length; i += 3) addIds(g[wp[i + 1]!]!, v[wp[i + 2]!]!, wp[i]!);
    },
  };
}
