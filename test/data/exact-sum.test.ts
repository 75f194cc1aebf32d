/**
 * ExactSum (src/data/exact-sum.ts): a sum merged from parts equals the sum of one pass, also when a
 * part adds whole numbers before its first fraction (the integer total then moves into the partials
 * and must not be counted again by merge — the payroll bug that parallel reading exposed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/data/scanning/exact-sum.js';

const sumOf = (values: readonly number[]) => {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s;
};

describe('ExactSum', () => {
  it('merges a part that switched from whole numbers to partials without counting its integers twice', () => {
    const head = sumOf([10.5]);
    const tail = sumOf([40, 30, 12.25]);
    head.merge(tail.state());
    expect(head.value()).toBe(92.75);
    const whole = sumOf([10.5, 40, 30, 12.25]);
    expect(whole.value()).toBe(92.75);
  });

  it('gives one pass\'s value however the values are cut into parts', () => {
    const quarterHours = fc.integer({ min: 0, max: 800 }).map((q) => q / 4);
    fc.assert(
      fc.property(fc.array(fc.oneof(quarterHours, fc.integer({ min: 0, max: 200 })), { maxLength: 60 }), fc.nat(), (values, cutSeed) => {
        const cut = values.length === 0 ? 0 : cutSeed % (values.length + 1);
        const head = sumOf(values.slice(0, cut));
        head.merge(structuredClone(sumOf(values.slice(cut)).state()));
        expect(head.value()).toBe(sumOf(values).value());
      }),
      { numRuns: 500 },
    );
  });
});
