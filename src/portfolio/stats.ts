/**
 * Benchmarks of one KPI metric across providers: quartiles by Hyndman & Fan's definition 7 (linear
 * interpolation between order statistics, h = (n − 1)p; R's default, Excel's QUARTILE.INC, numpy's
 * default), so another council computing them from the same values gets the same figures.
 */
import type { MetricBenchmark } from './types.js';

export const QUANTILE_METHOD =
  'Quartiles and median by Hyndman & Fan (1996) definition 7: sort the n values, h = (n − 1) × p, interpolate linearly between the values at positions ⌊h⌋ and ⌈h⌉ (R default, Excel QUARTILE.INC). Figures are rounded to 4 decimal places. Rank 1 is the best value in the KPI\'s direction; equal values share a rank (1, 2, 2, 4). Quartile positions: "top quartile" is at or better than the better quartile, "bottom quartile" at or worse than the worse one.';

export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return round(sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!));
}

export const round = (x: number, places = 4): number => {
  const f = 10 ** places;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

export function benchmark(
  metric: { metric: string; title: string; unit?: string; better: 'higher' | 'lower' },
  values: readonly { provider: string; value: number | null }[],
): MetricBenchmark {
  const present = values.filter((v): v is { provider: string; value: number } => v.value !== null);
  const sorted = present.map((v) => v.value).sort((a, b) => a - b);
  const n = sorted.length;
  const q = (p: number) => (n === 0 ? null : quantile(sorted, p));
  const q1 = q(0.25), q3 = q(0.75);
  const better = (a: number, b: number) => (metric.better === 'higher' ? a > b : a < b);
  const [good, bad] = metric.better === 'higher' ? [q3, q1] : [q1, q3];
  return {
    ...metric,
    n,
    min: n === 0 ? null : round(sorted[0]!),
    q1,
    median: q(0.5),
    q3,
    max: n === 0 ? null : round(sorted[n - 1]!),
    positions: values.map(({ provider, value }) => {
      if (value === null) return { provider, value: null, rank: null, quartile: 'no value' };
      const rank = 1 + present.filter((o) => better(o.value, value)).length;
      const quartile = good !== null && !better(good, value) ? 'top quartile' : bad !== null && !better(value, bad) ? 'bottom quartile' : 'middle half';
      return { provider, value: round(value), rank, quartile };
    }),
  };
}
