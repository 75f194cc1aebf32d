/**
 * A set of pairs of non-negative int32s (e.g. (client id, carer id)), open
 * addressing over one Int32Array, that numbers each pair in the order it was
 * first added. `distinct_per_group` looks up one pair per row; a Set<number>
 * of packed doubles allocated a heap number per key and cost a third of a
 * whole check, this costs no allocation per lookup. Each slot holds the pair
 * and its index side by side, so a lookup touches one cache line.
 */

const EMPTY = -1;
/** Ints per slot: a, b, index. */
const SLOT = 3;

export class IntPairSet {
  private slots: Int32Array;
  /** Pairs in the order first added, two ints each. */
  private order: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    const count = 1 << Math.max(4, Math.ceil(Math.log2(capacity * 2)));
    this.slots = new Int32Array(count * SLOT).fill(EMPTY);
    this.order = new Int32Array(capacity * 2);
    this.mask = count - 1;
  }

  /** The pair's index in the order first added (0, 1, …), adding it first if it is new. */
  indexOf(a: number, b: number): number {
    const slots = this.slots;
    let h = this.home(a, b);
    for (;;) {
      const at = h * SLOT;
      const k = slots[at]!;
      if (k === EMPTY) break;
      if (k === a && slots[at + 1] === b) return slots[at + 2]!;
      h = (h + 1) & this.mask;
    }
    const index = this.size;
    this.place(h, a, b, index);
    if ((index + 1) * 2 > this.order.length) {
      const grown = new Int32Array(this.order.length * 2);
      grown.set(this.order);
      this.order = grown;
    }
    this.order[index * 2] = a;
    this.order[index * 2 + 1] = b;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.rehash();
    return index;
  }

  /** The pairs, flattened, in the order first added. */
  tuples(): Int32Array {
    return this.order.slice(0, this.size * 2);
  }

  private home(a: number, b: number): number {
    const h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    return (h ^ (h >>> 15)) & this.mask;
  }

  private place(h: number, a: number, b: number, index: number): void {
    const at = h * SLOT;
    this.slots[at] = a;
    this.slots[at + 1] = b;
    this.slots[at + 2] = index;
  }

  /** Twice the slots; every pair goes back in with its index. */
  private rehash(): void {
    const count = (this.mask + 1) * 2;
    this.slots = new Int32Array(count * SLOT).fill(EMPTY);
    this.mask = count - 1;
    for (let index = 0; index < this.size; index++) {
      const a = this.order[index * 2]!;
      const b = this.order[index * 2 + 1]!;
      let h = this.home(a, b);
      while (this.slots[h * SLOT] !== EMPTY) h = (h + 1) & this.mask;
      this.place(h, a, b, index);
    }
  }
}
