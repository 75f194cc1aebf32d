/**
 * JSON Logic → JavaScript (src/logic/codegen.ts): inside its subset the
 * generated expression must compute exactly what json-logic-js computes, on
 * rows whose declared columns are all present; outside it, toSource must
 * decline; and no literal from a rule can ever become code.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { asCondition, literal, TempPool, toSource, type VarScope } from '../../src/logic/codegen.js';
import { same } from './arbitraries.js';

const COLUMNS = ['a', 'b', 'n', 's', 'flag'];
const scope: VarScope = (path) => {
  if (path.includes('.')) return undefined;
  return COLUMNS.includes(path) ? { code: `row[${JSON.stringify(path)}]` } : 'absent';
};

/** Evaluate generated code the way kernel.ts does: one function, temporaries declared up front. */
function run(logic: unknown, row: Record<string, unknown>): { native: false } | { native: true; value: unknown; condition: boolean } {
  const temps = new TempPool();
  const source = toSource(logic, scope, temps);
  if (!source) return { native: false };
  const fn = new Function('row', `"use strict"; ${temps.declared()} return [${source.code}, ${asCondition(source)}];`) as (row: unknown) => [unknown, boolean];
  const [value, condition] = fn(row);
  return { native: true, value, condition };
}

const STRINGS = ['', 'a', 'b', 'completed', 'missed', '0', '1', '10', '2.5', ' 7 ', 'null', 'true', 'x"y', 'back\\slash', 'line\nbreak', '\u2028'];
const primitive = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -40, max: 40 }), fc.constantFrom(0, -0, 0.5, -2.5, 1e21), fc.constantFrom(...STRINGS));
const row = fc.record(Object.fromEntries(COLUMNS.map((c) => [c, primitive])) as Record<string, fc.Arbitrary<unknown>>, { noNullPrototype: true });
const path = fc.constantFrom(...COLUMNS, 'missing', 'zz', 'a.b', '');
const varNode = fc.oneof(
  path.map((p) => ({ var: p })),
  path.map((p) => ({ var: [p] })),
  fc.tuple(path, primitive).map(([p, d]) => ({ var: [p, d] })),
);
const OPERATORS = ['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'and', 'or', 'if', '?:'];

const { expression } = fc.letrec<{ expression: unknown; operation: unknown }>((tie) => ({
  expression: fc.oneof({ depthSize: 'small', maxDepth: 4 }, { weight: 3, arbitrary: primitive }, { weight: 4, arbitrary: varNode }, { weight: 5, arbitrary: tie('operation') }),
  operation: fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...OPERATORS), fc.array(tie('expression'), { minLength: 0, maxLength: 4 })).map(([op, args]) => ({ [op]: args })) },
    { weight: 2, arbitrary: fc.tuple(tie('expression'), fc.array(primitive, { maxLength: 5 })).map(([needle, list]) => ({ in: [needle, list] })) },
    { weight: 1, arbitrary: fc.tuple(tie('expression'), fc.constantFrom(...STRINGS)).map(([needle, text]) => ({ in: [needle, text] })) },
    { weight: 1, arbitrary: tie('expression').map((arg) => ({ '!': arg })) },
    // Outside the subset: toSource must decline these (and so whatever holds them).
    { weight: 1, arbitrary: fc.constantFrom({ '+': [1, 2] }, { cat: ['a', 'b'] }, { and: [] }, { var: ['a', { var: 'b' }] }, { in: ['a', { var: 's' }] }, [1, 2], { a: 1, b: 2 }) },
  ),
}));

describe('generated JavaScript for JSON Logic', () => {
  it('agrees with json-logic-js wherever it generates code (differential, 10,000 pairs)', () => {
    let native = 0;
    let checked = 0;
    fc.assert(
      fc.property(expression, row, (logic, data) => {
        checked++;
        const result = run(logic, data);
        if (!result.native) return true;
        native++;
        const expected = jsonLogic.apply(logic as jsonLogic.RulesLogic, data);
        return same(result.value, expected) && result.condition === jsonLogic.truthy(expected);
      }),
      { numRuns: 10_000 },
    );
    console.log(`codegen differential: ${checked} rule/row pairs, ${native} inside the subset, 0 mismatches`);
    // The test is only worth something if most expressions are generated.
    expect(native).toBeGreaterThan(checked / 2);
  });

  it('generates the shapes that metrics and per-record rules are made of', () => {
    const cases: [unknown, Record<string, unknown>, unknown][] = [
      [{ '==': [{ var: 'a' }, 'completed'] }, { a: 'completed' }, true],
      [{ in: [{ var: 'a' }, ['completed', 'missed']] }, { a: 'missed' }, true],
      [{ '<=': [-30, { var: 'n' }, 30] }, { n: 31 }, false],
      [{ and: [{ '!=': [{ var: 'n' }, null] }, { '!': { var: 'flag' } }] }, { n: 0, flag: false }, true],
      [{ '!!': [{ var: ['missing', ''] }] }, {}, false],
      [{ or: [{ '==': [{ var: ['missing', false] }, true] }, { '>=': [{ var: 'n' }, 30] }] }, { n: 45 }, true],
      [{ if: [{ var: 'flag' }, 'yes', { var: 's' }, 'text', 'neither'] }, { flag: false, s: '' }, 'neither'],
    ];
    for (const [logic, data, expected] of cases) {
      const full = { a: null, b: null, n: null, s: null, flag: null, ...data };
      const result = run(logic, full);
      expect(result.native, JSON.stringify(logic)).toBe(true);
      expect(result.native && result.value).toEqual(expected);
      expect(jsonLogic.apply(logic as jsonLogic.RulesLogic, full)).toEqual(expected);
    }
  });

  it('declines what it cannot compute exactly', () => {
    const outside = [
      { '+': [{ var: 'n' }, 1] }, // arithmetic stays with the closures
      { and: [] }, // undefined in json-logic-js
      { '==': [{ var: 'a' }] }, // one operand
      { var: 'a.b' }, // a path into a value
      { var: '' }, // the whole data object
      { var: ['a', { var: 'b' }] }, // a computed default
      { var: ['a', 1, 2] },
      { in: [{ var: 'a' }, { var: 's' }] }, // a computed haystack
      { in: [{ var: 'a' }, [['nested']]] },
      { in: [{ var: 'a' }, [{ var: 'b' }]] },
      { '==': [{ var: 'a' }, [1]] }, // an array literal
      { '==': [{ var: 'a' }, { x: 1, y: 2 }] }, // an object literal
      { param: 'min_visit_minutes' },
    ];
    for (const logic of outside) expect(toSource(logic, scope, new TempPool()), JSON.stringify(logic)).toBeUndefined();
  });

  it('keeps every literal a literal: quotes, backslashes, line separators and script text stay data', () => {
    const hostile = ['"); globalThis.__carespecPwned = 1; ("', "'; throw 1; '", '\\', '\u2028\u2029', '</script>', '${globalThis.__carespecPwned = 1}', '`', '\u0000'];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...hostile), fc.string(), fc.string({ unit: 'binary' })), fc.constantFrom(...hostile, 'x'), (text, other) => {
        const logic = { or: [{ '==': [{ var: 's' }, text] }, { in: [{ var: 'a' }, [text, other]] }, { in: [{ var: 'a' }, text] }, { '==': [{ var: ['missing', text] }, text] }] };
        const data = { a: text, b: null, n: null, s: other, flag: null };
        const result = run(logic, data);
        return result.native && same(result.value, jsonLogic.apply(logic as jsonLogic.RulesLogic, data));
      }),
      { numRuns: 2000 },
    );
    expect((globalThis as Record<string, unknown>).__carespecPwned).toBeUndefined();
  });

  it('writes numbers, including -0, as the same numbers', () => {
    for (const n of [0, -0, 1.5, -30, 1e21, 5e-324, Number.MAX_SAFE_INTEGER]) {
      const value = new Function(`return ${literal(n)!};`)() as number;
      expect(Object.is(value, n)).toBe(true);
    }
    expect(literal(Infinity)).toBeUndefined();
    expect(literal(Number.NaN)).toBeUndefined();
  });
});
