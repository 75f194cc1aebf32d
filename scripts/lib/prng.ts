/**
 * A small seeded PRNG (mulberry32) and the helpers the example generator
 * needs. Deterministic across platforms: only 32-bit integer arithmetic and
 * one division, so the same seed gives the same bytes everywhere.
 */

/** FNV-1a, 32-bit: turns a label ("reablement-wnc/compliant/visits") into a seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }

  /**
   * Exactly `round(share × n)` of the indices 0..n-1, chosen at random: used
   * so that a share (late visits, missed visits, …) is exact in every month
   * rather than close to it, and a bundle's verdict does not hang on chance.
   */
  quota(n: number, share: number): Set<number> {
    const k = Math.max(0, Math.min(n, Math.round(share * n)));
    const order = this.shuffle(Array.from({ length: n }, (_, i) => i));
    return new Set(order.slice(0, k));
  }
}
