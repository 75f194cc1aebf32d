/**
 * Sharing a sum among providers in pence so the shares add up to the sum exactly: each
 * provider first gets its exact share rounded down to the penny, then the pence left over go
 * one each to the largest remainders (the largest remainder, or Hamilton, method); equal
 * remainders go in the order the providers are listed in the pool basis file.
 */
import { Big, ZERO } from './money.js';

export interface Allocation {
  amount: Big;
  /** The exact share before rounding (for the statement). */
  exact: Big;
  /** Whether this provider received one of the left-over pence. */
  extraPenny: boolean;
}

export function allocate(total: Big, weights: readonly Big[]): Allocation[] {
  const whole = weights.reduce((a, b) => a.plus(b), ZERO);
  if (whole.lte(0)) throw new RangeError('the measures add up to nothing');
  const pence = total.times(100);
  const exact = weights.map((w) => pence.times(w).div(whole));
  const floors = exact.map((e) => e.round(0, Big.roundDown));
  let left = Number(pence.minus(floors.reduce((a, b) => a.plus(b), ZERO)).toString());
  const order = exact.map((e, i) => ({ i, remainder: e.minus(floors[i]!) })).sort((a, b) => b.remainder.cmp(a.remainder) || a.i - b.i);
  const extra = new Set<number>();
  for (const { i } of order) {
    if (left <= 0) break;
    extra.add(i);
    left--;
  }
  return floors.map((f, i) => ({ amount: (extra.has(i) ? f.plus(1) : f).div(100), exact: exact[i]!.div(100), extraPenny: extra.has(i) }));
}
