/**
 * An order-independent sum: the correctly rounded value of the EXACT sum of
 * the numbers added, whatever their order. Metric sums and means need this
 * because a file read in parallel parts is summed part by part and then
 * merged, and a plain `acc + v` gives a different last bit depending on where
 * the parts were cut; the report must be byte-identical to a single pass.
 *
 * Fast path: while every value is an integer and the total stays a safe
 * integer (minutes, counts: nearly all metric columns), the plain total is
 * already exact. The first fractional (or huge) value switches to Shewchuk's
 * non-overlapping partials, as Python's math.fsum does.
 */

export interface ExactSumState {
  int: number;
  partials: number[] | null;
  /** Sum of the non-finite values (Infinity, NaN); they decide the result on their own. */
  special: number;
}

export class ExactSum {
  private int = 0;
  private partials: number[] | null = null;
  private special = 0;

  add(x: number): void {
    if (this.partials === null) {
      const s = this.int + x;
      if (Number.isSafeInteger(s) && Number.isInteger(x)) {
        this.int = s;
        return;
      }
      if (!Number.isFinite(x)) {
        this.special += x;
        return;
      }
      // The integer total moves into the partials: state() must not give it twice (merge adds both).
      this.partials = [this.int];
      this.int = 0;
    } else if (!Number.isFinite(x)) {
      this.special += x;
      return;
    }
    grow(this.partials, x);
  }

  value(): number {
    if (this.special !== 0) return this.special;
    return this.partials === null ? this.int : round(this.partials);
  }

  state(): ExactSumState {
    return { int: this.int, partials: this.partials === null ? null : [...this.partials], special: this.special };
  }

  /** Add everything another sum holds (exactly, so the result does not depend on how rows were split). */
  merge(other: ExactSumState): void {
    this.add(other.int);
    if (other.partials !== null) for (const p of other.partials) this.add(p);
    if (other.special !== 0) this.special += other.special;
  }
}

/** Shewchuk: add x to the non-overlapping partials, keeping the sum exact. */
function grow(partials: number[], x: number): void {
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** The correctly rounded value of the partials' exact sum (math.fsum's final step, half-even ties). */
function round(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
