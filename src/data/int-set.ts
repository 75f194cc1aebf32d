/**
 * A set of fixed-width tuples of non-negative int32s (e.g. (client id, carer
 * id) pairs), open addressing over one Int32Array. `distinct_per_group` adds
 * one or two tuples per row; a Set<number> of packed doubles allocated a heap
 * number per key and cost a third of a whole check, this costs no allocation
 * per add. Insertion order is kept (the table grows by re-adding), so
 * `tuples()` lists them in the order first added. Each slot holds the tuple
 * and its insertion index side by side, so a lookup touches one cache line.
 */

const EMPTY = -1;

export class IntTupleSet {
  /** Slots of `width + 1` ints: the tuple, then its insertion index. */
  private keys: Int32Array;
  /** Tuples in insertion order, `width` ints each. */
  private order: Int32Array;
  private mask: number;
  size = 0;

  constructor(private readonly width: 2 | 3, capacity = 1024) {
    const slots = 1 << Math.max(4, Math.ceil(Math.log2(capacity * 2)));
    this.keys = new Int32Array(slots * (width + 1)).fill(EMPTY);
    this.order = new Int32Array(capacity * width);
    this.mask = slots - 1;
  }

  /** Adds (a, b[, c]); true when it was not there yet. */
  add(a: number, b: number, c = 0): boolean {
    // A tuple already there has an index below the size; a new one gets the size.
    const size = this.size;
    return this.indexOf(a, b, c) === size;
  }

  /** The tuple's index in insertion order (0, 1, …), adding it first if it is new. */
  indexOf(a: number, b: number, c = 0): number {
    const w = this.width;
    const keys = this.keys;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d)) >>> 0;
    h = (h ^ (h >>> 15)) & this.mask;
    const stride = w + 1;
    for (;;) {
      const at = h * stride;
      const k = keys[at]!;
      if (k === EMPTY) break;
      if (k === a && keys[at + 1] === b && (w === 2 || keys[at + 2] === c)) return keys[at + w]!;
      h = (h + 1) & this.mask;
    }
    const at = h * stride;
    keys[at] = a;
    keys[at + 1] = b;
    if (w === 3) keys[at + 2] = c;
    const index = this.size;
    keys[at + w] = index;
    if ((this.size + 1) * w > this.order.length) {
      const grown = new Int32Array(this.order.length * 2);
      grown.set(this.order);
      this.order = grown;
    }
    const o = this.size * w;
    this.order[o] = a;
    this.order[o + 1] = b;
    if (w === 3) this.order[o + 2] = c;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.rehash();
    return index;
  }

  /** The tuples, flattened, in the order first added. */
  tuples(): Int32Array {
    return this.order.slice(0, this.size * this.width);
  }

  private rehash(): void {
    const w = this.width;
    const slots = (this.mask + 1) * 2;
    this.keys = new Int32Array(slots * (w + 1)).fill(EMPTY);
    this.mask = slots - 1;
    const tuples = this.order;
    const n = this.size;
    this.size = 0;
    const order = new Int32Array(tuples.length);
    this.order = order;
    for (let i = 0; i < n; i++) this.add(tuples[i * w]!, tuples[i * w + 1]!, w === 3 ? tuples[i * w + 2]! : 0);
  }
}
