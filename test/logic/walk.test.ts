/** The one traversal of JSON Logic: operands, paths and pointers, scoped bodies, rewriting. */
import { describe, expect, it } from 'vitest';
import { mapLogic, operandsOf, walkLogic, type Visit } from '../../src/logic/index.js';

const visits = (logic: unknown, enterBodies?: boolean): Omit<Visit, 'args'>[] => {
  const found: Omit<Visit, 'args'>[] = [];
  walkLogic(logic, enterBodies === undefined ? {} : { enterBodies }, ({ op, path, pointer, scoped }) => found.push({ op, path, pointer, scoped }));
  return found;
};

describe('walkLogic', () => {
  it('gives each operation its YAML path and JSON pointer, the shorthand operand at the key itself', () => {
    expect(visits({ and: [{ '>=': [{ var: 'a' }, 1] }, { '!': { var: 'b' } }] })).toEqual([
      { op: 'and', path: [], pointer: '', scoped: false },
      { op: '>=', path: ['and', 0], pointer: '/and/0', scoped: false },
      { op: 'var', path: ['and', 0, '>=', 0], pointer: '/and/0/>=/0', scoped: false },
      { op: '!', path: ['and', 1], pointer: '/and/1', scoped: false },
      { op: 'var', path: ['and', 1, '!'], pointer: '/and/1/!', scoped: false },
    ]);
  });

  it('marks only the body of a scoped operation as scoped: the source and a reduce initial value read the root', () => {
    const logic = { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] };
    expect(visits(logic).map((v) => `${v.pointer} ${v.scoped}`)).toEqual([
      ' false', '/reduce/0 false', '/reduce/1 true', '/reduce/1/+/0 true', '/reduce/1/+/1 true', '/reduce/2 false',
    ]);
    expect(visits(logic, false).map((v) => v.pointer)).toEqual(['', '/reduce/0', '/reduce/2']);
  });

  it('escapes pointer tokens and treats an object of several keys as a literal', () => {
    expect(visits({ 'a/b~': [{ var: 'x' }] }).map((v) => v.pointer)).toEqual(['', '/a~1b~0/0']);
    expect(visits({ a: { var: 'x' }, b: 1 })).toEqual([]);
  });
});

describe('mapLogic', () => {
  it('replaces operations, rebuilds the rest and keeps literals as written', () => {
    const logic = { and: [{ '>=': [{ var: 'pay' }, { param: 'wage' }] }, { map: [{ var: 'xs' }, { param: 'wage' }] }, { literal: { param: 'x' }, other: 1 }] };
    const mapped = mapLogic(logic, ({ op, args }) => (op === 'param' ? `<${String(args[0])}>` : undefined));
    expect(mapped).toEqual({ and: [{ '>=': [{ var: 'pay' }, '<wage>'] }, { map: [{ var: 'xs' }, '<wage>'] }, { literal: { param: 'x' }, other: 1 }] });
    expect(logic.and[0]).toEqual({ '>=': [{ var: 'pay' }, { param: 'wage' }] });
  });

  it('keeps the shorthand form of an operation it rebuilds', () => {
    expect(mapLogic({ '!': { var: 'a' } }, () => undefined)).toEqual({ '!': { var: 'a' } });
  });
});

describe('operandsOf', () => {
  it('wraps a single operand as json-logic-js does and says where each is written', () => {
    const single = operandsOf({ var: 'a' });
    expect([single.op, single.args, single.at(0), single.pointerOf('/x', 0)]).toEqual(['var', ['a'], ['var'], '/x/var']);
    const listed = operandsOf({ if: [1, 2, 3] });
    expect([listed.args, listed.at(2), listed.pointerOf('', 2)]).toEqual([[1, 2, 3], ['if', 2], '/if/2']);
  });
});
