/**
 * fast-check generators of JSON Logic rules and data for the differential
 * tests. Data never uses names found on prototypes, and literal strings only
 * use letters that cannot spell a prototype method ("at", "big", "sub", ...)
 * through cat/substr: there our own-property `var` differs from json-logic-js
 * on purpose.
 */
import fc from 'fast-check';
import { STANDARD_OPERATIONS } from '../../src/logic/index.js';

const KEYS = ['a', 'b', 'c', 'n', 's', 'list', '0', '1'];
const PATHS = ['', 'a', 'b', 'c', 'n', 's', 'list', 'a.b', 'a.b.c', 'b.n', 'list.0', 'list.1', 'list.length', 's.length', 's.0', '0', '1', 'current', 'accumulator', 'current.a', 'accumulator.n', 'x.y'];
const STRINGS = ['', 'a', 'b', 'c', 'abc', 'x', 'n', 's', '1', '2.5', '-3', '10', '0', 'a.b', ' 7 ', '1e3', 'e'];
/** Every standard operation except `log`, which json-logic-js prints. */
export const OPERATIONS = STANDARD_OPERATIONS.filter((op) => op !== 'log');

const numbers = fc.oneof(fc.integer({ min: -10, max: 10 }), fc.constantFrom(0, -0, 0.5, -2.5, 3.14, 1e21, 100));
export const primitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numbers,
  fc.constantFrom(...STRINGS),
);

const { value: dataValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    primitive,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

/** Mostly objects over a small key set, sometimes another value, as the root data. */
export const data: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), dataValue, { maxKeys: 6, noNullPrototype: true }) },
  { weight: 1, arbitrary: dataValue },
);

const literal: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: primitive },
  { weight: 1, arbitrary: fc.constantFrom({}, { a: 1, b: 2 }, [], [1, 'a'], ['a', 'b', 'c']) },
);

const varNode: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...PATHS).map((path) => ({ var: path })),
  fc.constantFrom(...PATHS).map((path) => ({ var: [path] })),
  fc.tuple(fc.constantFrom(...PATHS), primitive).map(([path, fallback]) => ({ var: [path, fallback] })),
  fc.integer({ min: 0, max: 2 }).map((index) => ({ var: index })),
);

const { operation: operationArbitrary } = fc.letrec<{ rule: unknown; operation: unknown; array: unknown }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'medium', maxDepth: 5 },
    { weight: 3, arbitrary: literal },
    { weight: 3, arbitrary: varNode },
    { weight: 5, arbitrary: tie('operation') },
    { weight: 1, arbitrary: tie('array') },
  ),
  operation: fc
    .tuple(
      fc.constantFrom(...OPERATIONS),
      fc.oneof({ weight: 4, arbitrary: fc.array(tie('rule'), { maxLength: 4 }) }, { weight: 1, arbitrary: tie('rule') }),
    )
    .map(([op, args]) => ({ [op]: args })),
  array: fc.array(tie('rule'), { maxLength: 3 }),
}));

/** A rule is an operation at the top (a bare literal or var would test little). */
export const rule: fc.Arbitrary<unknown> = operationArbitrary;

/** Deep equality that tells NaN, -0 and 0 apart the way Object.is does. */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export type Outcome = { threw: true } | { threw: false; value: unknown };

export function outcome(run: () => unknown): Outcome {
  try {
    return { threw: false, value: run() };
  } catch {
    return { threw: true };
  }
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.threw || b.threw ? a.threw === b.threw : same(a.value, b.value);
}
