/**
 * carespec's date operations on real dates and datetimes: days_between and
 * hours_between give numbers; anything that is not a real date (or, for
 * hours_between, a real datetime) throws a DateError naming the value.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/logic/index.js';
import { createOperations, createRuntime, DateError } from '../../src/runtime/operations.js';
import type { Logic } from '../../src/model/types.js';

const run = (logic: Logic) => compile(logic, { operations: createOperations(new Map(), createRuntime('default', '2025-06-30')) })({});

describe('hours_between', () => {
  it('gives wall-clock hours between two datetimes, across midnight and months, T or space, seconds optional', () => {
    expect(run({ hours_between: ['2025-04-01T08:00:00', '2025-04-01T09:30:00'] })).toBe(1.5);
    expect(run({ hours_between: ['2025-04-30T22:00', '2025-05-01 01:15'] })).toBe(3.25);
    expect(run({ hours_between: ['2025-04-01T09:00:00', '2025-04-01T08:00:00'] })).toBe(-1);
    expect(run({ hours_between: ['2024-02-28T12:00:00', '2024-03-01T12:00:00'] })).toBe(48);
  });

  it.each([
    ['a plain date', '2025-04-01', '"2025-04-01" is not one'],
    ['a day that does not exist', '2025-02-30T08:00:00', '"2025-02-30T08:00:00" is not one'],
    ['an hour that does not exist', '2025-04-01T24:00:00', '"2025-04-01T24:00:00" is not one'],
    ['a number', 1712000000, '1712000000 is not one'],
    ['an absent value', null, 'an absent value is not one'],
  ])('throws for %s', (_, value, reason) => {
    const evaluate = () => run({ hours_between: [value, '2025-04-01T09:00:00'] });
    expect(evaluate).toThrow(DateError);
    expect(evaluate).toThrow(`"hours_between" needs real datetimes (YYYY-MM-DDTHH:MM[:SS]); ${reason}`);
  });
});
