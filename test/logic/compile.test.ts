/**
 * json-logic-js quirks compile() must keep, and the paths the random
 * differential test rarely reaches (long literal lists, folding, runtime logic
 * inside missing).
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, STANDARD_OPERATIONS, truthy } from '../../src/logic/index.js';
import { same } from './arbitraries.js';

const both = (logic: unknown, data: unknown = {}) => ({
  reference: jsonLogic.apply(logic as jsonLogic.RulesLogic, data) as unknown,
  compiled: compile(logic)(data),
});

describe('json-logic-js quirks', () => {
  it.each([
    ['empty arrays are falsy', { if: [[], 'yes', 'no'] }],
    ['+ parses strings with parseFloat', { '+': ['3 apples', '1.5'] }],
    ['* with one argument returns it untouched', { '*': ['3'] }],
    ['* keeps parseFloat of the running product (-0 becomes 0)', { '*': [-1, 0, -5] }],
    ['* of -0 by a negative', { '*': [{ '-': 0 }, -5] }],
    ['unary minus', { '-': '4' }],
    ['if with an even argument count and no match', { if: [false, 1, false, 2] }],
    ['if with one argument', { if: 'only' }],
    ['if with no arguments', { if: [] }],
    ['and with no arguments', { and: [] }],
    ['or returns the last value when none is truthy', { or: [0, '', []] }],
    ['between with a computed undefined third argument', { '<': [1, 2, { and: [] }] }],
    ['objects with two keys are literals', { if: [true, { a: 1, b: 2 }, 0] }],
    ['var with a numeric path', { var: 1 }],
    ['substr with a negative length', { substr: ['jsonlogic', 1, -5] }],
    ['merge flattens one level', { merge: [[1, [2]], 3, [[4]]] }],
    ['missing with a leading array ignores the other arguments', { missing: [['a', 'zz'], 'yy'] }],
    ['missing_some over a string counts its length', { missing_some: [1, 'abc'] }],
    ['reduce over a non-array returns the initial value', { reduce: [5, { var: 'current' }, 'init'] }],
    ['all of an empty list is false', { all: [[], true] }],
    ['filter of a scalar is an empty list', { filter: ['abc', true] }],
    ['in over a string', { in: ['son', 'jsonlogic'] }],
    ['cat joins arrays with commas and drops null', { cat: [[1, 2], null, 'x'] }],
  ])('%s', (_name, logic) => {
    const { reference, compiled } = both(logic, ['zero', 'one']);
    expect(same(compiled, reference), `${String(compiled)} vs ${String(reference)}`).toBe(true);
  });

  it('throws where json-logic-js throws at run time', () => {
    expect(() => jsonLogic.apply({ '*': [] })).toThrow();
    expect(() => compile({ '*': [] })({})).toThrow(TypeError);
    expect(() => compile({ missing_some: [1] })({})).toThrow(TypeError);
  });

  it('evaluates keys of missing that are themselves logic, like json-logic-js', () => {
    const data = { which: { var: 'name' }, name: 'a', a: 'present' };
    // missing re-applies each key as {"var": key}: a key that is an operation is evaluated against the data.
    expect(compile({ missing: [{ var: 'which' }] })(data)).toEqual(jsonLogic.apply({ missing: [{ var: 'which' }] }, data));
    expect(() => compile({ missing: [{ var: 'bad' }] })({ bad: { nope: 1 } })).toThrow(/nope/);
  });
});

describe('results', () => {
  it('are fresh arrays on every evaluation, so callers may mutate them', () => {
    for (const logic of [['a', ['b']], { merge: [[1], [2]] }, { if: [true, [1, [2]], 0] }, { map: [[1, 2], 3] }]) {
      const evaluate = compile(logic);
      const first = evaluate({}) as unknown[];
      first.push('mutated');
      expect(evaluate({})).not.toContain('mutated');
    }
  });

  it('agree with json-logic-js for long literal lists in "in" (a Set internally)', () => {
    const list = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 'a', null, 0];
    for (const needle of [1, 10, '1', 'a', null, undefined, NaN, -0, 0, false, 11]) {
      const logic = { in: [{ var: 'x' }, list] };
      expect(compile(logic)({ x: needle })).toBe(jsonLogic.apply(logic as jsonLogic.RulesLogic, { x: needle }));
    }
  });

  it('ignore a tracer that is not given', () => {
    expect(compile({ var: 'a' })({ a: 1 }, undefined)).toBe(1);
  });
});

describe('exports', () => {
  it('truthy follows JSON Logic', () => {
    expect([[], [0], 0, '', '0', null, {}].map(truthy)).toEqual([false, true, false, false, true, false, true]);
  });

  it('lists every standard operation', () => {
    expect([...STANDARD_OPERATIONS].sort()).toEqual(
      ['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'log', 'in', 'cat', 'substr', '+', '*', '-', '/', 'min', 'max', 'merge', 'var', 'missing', 'missing_some', 'if', '?:', 'and', 'or', 'filter', 'map', 'reduce', 'all', 'none', 'some'].sort(),
    );
  });
});
