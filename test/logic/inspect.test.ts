/** Static helpers for lint: which facts a rule reads, which operations it uses, whether it is constant. */
import { describe, expect, it } from 'vitest';
import { collectOperations, collectVars, isConstant } from '../../src/logic/index.js';

describe('collectVars', () => {
  it('lists root-scope vars with pointers and defaults', () => {
    const logic = { and: [{ '>=': [{ var: 'a.b' }, 1] }, { '==': [{ var: ['c', 0] }, { var: [''] }] }] };
    expect(collectVars(logic)).toEqual([
      { path: 'a.b', pointer: '/and/0/>=/0', hasDefault: false, dynamic: false },
      { path: 'c', pointer: '/and/1/==/0', hasDefault: true, dynamic: false },
      { path: '', pointer: '/and/1/==/1', hasDefault: false, dynamic: false },
    ]);
  });

  it('skips scoped bodies but not their sources or the reduce initial value', () => {
    const logic = {
      or: [
        { all: [{ var: 'visits' }, { '>': [{ var: 'minutes' }, 0] }] },
        { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] },
      ],
    };
    expect(collectVars(logic).map((v) => v.path)).toEqual(['visits', 'xs', 'start']);
  });

  it('marks computed paths as dynamic and still collects the vars they read', () => {
    const logic = { var: [{ if: [{ var: 'which' }, 'x', 'y'] }, { var: 'fallback' }] };
    expect(collectVars(logic)).toEqual([
      { path: '', pointer: '', hasDefault: true, dynamic: true },
      { path: 'which', pointer: '/var/0/if/0', hasDefault: false, dynamic: false },
      { path: 'fallback', pointer: '/var/1', hasDefault: false, dynamic: false },
    ]);
  });

  it('stringifies numeric paths as json-logic-js does', () => {
    expect(collectVars({ var: 1 })[0]!.path).toBe('1');
  });
});

describe('collectOperations', () => {
  it('lists every operation, bodies included, in document order', () => {
    const logic = { if: [{ some: [{ var: 'xs' }, { '==': [{ var: '' }, 1] }] }, { param: ['limit'] }, { nope: 1 }] };
    expect(collectOperations(logic)).toEqual([
      { op: 'if', pointer: '' },
      { op: 'some', pointer: '/if/0' },
      { op: 'var', pointer: '/if/0/some/0' },
      { op: '==', pointer: '/if/0/some/1' },
      { op: 'var', pointer: '/if/0/some/1/==/0' },
      { op: 'param', pointer: '/if/1' },
      { op: 'nope', pointer: '/if/2' },
    ]);
  });

  it('does not treat literals as operations', () => {
    expect(collectOperations([1, 'a', { a: 1, b: 2 }, {}])).toEqual([]);
  });
});

describe('isConstant', () => {
  it.each([
    [true, 1],
    [true, { '+': [1, { '*': [2, 3] }] }],
    [true, { map: [[1, 2], { '*': [{ var: '' }, 2] }] }],
    [true, { if: [{ '<': [1, 2] }, 'a', 'b'] }],
    [false, { var: 'a' }],
    [false, { '+': [1, { var: 'a' }] }],
    [false, { missing: ['a'] }],
    [false, { missing_some: [1, ['a']] }],
    [false, { map: [{ var: 'xs' }, 1] }],
    [false, { param: ['limit'] }],
    [false, { map: [[1], { param: ['limit'] }] }],
  ])('%s for %j', (expected, logic) => {
    expect(isConstant(logic)).toBe(expected);
  });
});
