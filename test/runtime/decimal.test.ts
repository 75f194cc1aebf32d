/**
 * carespec's arithmetic in rules: decimal, never a float residue, and never a
 * non-finite or coerced value. Where json-logic-js gives a finite number from
 * numbers, carespec agrees to within the last digits of a double; otherwise
 * carespec refuses with a reason.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/logic/index.js';
import { ArithmeticError, DECIMAL_OPERATIONS } from '../../src/runtime/decimal.js';

const evaluate = (logic: unknown, data: unknown = {}) => compile(logic, { operations: DECIMAL_OPERATIONS })(data as never);

describe('decimal arithmetic in rules', () => {
  it('multiplies money exactly: 20p × 3 outcomes × 1,000 hours is £600', () => {
    expect(0.2 * 3 * 1000).not.toBe(600); // what floating point gives
    expect(evaluate({ '*': [0.2, 3, 1000] })).toBe(600);
    expect(evaluate({ '==': [{ '*': [0.2, 3, 1000] }, 600] })).toBe(true);
  });

  it('adds and subtracts tenths exactly', () => {
    expect(evaluate({ '+': [0.1, 0.2] })).toBe(0.3);
    expect(evaluate({ '-': [12.6, 0.1] })).toBe(12.5);
    expect(evaluate({ '+': [{ var: 'a' }, { var: 'b' }] }, { a: 17.5, b: 5.6 })).toBe(23.1);
  });

  it('refuses division by zero, text and absent values instead of giving Infinity, NaN or a coerced number', () => {
    for (const logic of [{ '/': [1, 0] }, { '%': [5, 0] }, { '+': ['12abc', 1] }, { '*': [{ var: 'missing' }, 2] }, { '-': ['5', 1] }]) {
      expect(() => evaluate(logic), JSON.stringify(logic)).toThrow(ArithmeticError);
    }
  });

  // Operands are taken at their shortest decimal form, so denormal doubles (1e-322) are a different
  // number in decimal; rules' figures (money, minutes, shares) are far from that range.
  it('property: agrees with json-logic-js on finite numbers, or refuses where json-logic-js is not finite', () => {
    const number = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => x === 0 || Math.abs(x) >= 1e-6), fc.constantFrom(0, 0.1, 0.2, 0.3, 17.5, 14));
    const op = fc.constantFrom('+', '-', '*', '/', 'min', 'max');
    fc.assert(
      fc.property(op, fc.array(number, { minLength: 1, maxLength: 4 }), (o, args) => {
        const operands = o === '-' || o === '/' ? args.slice(0, 2).concat(args.length === 1 ? [1] : []) : args;
        const expected = jsonLogic.apply({ [o]: operands } as jsonLogic.RulesLogic) as number;
        let actual: number;
        try {
          actual = evaluate({ [o]: operands }) as number;
        } catch (e) {
          return e instanceof ArithmeticError && !Number.isFinite(expected);
        }
        if (!Number.isFinite(expected)) return false;
        return Object.is(actual, expected) || Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
      }),
      { numRuns: 2000 },
    );
  });
});
