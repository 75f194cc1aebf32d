/** explain(): the value of every sub-expression, agreeing with compile() on the result. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, explain, LogicError, type TraceNode } from '../../src/logic/index.js';
import { data, outcome, rule, sameOutcome } from './arbitraries.js';

/** The tree without pointers, for compact expectations. */
function shape(node: TraceNode): unknown {
  const { op, value, args, path, skipped } = node;
  return { op, value, ...(path === undefined ? {} : { path }), ...(skipped ? { skipped } : {}), ...(args.length ? { args: args.map(shape) } : {}) };
}

describe('explain', () => {
  it('gives the value of every sub-expression with pointers', () => {
    const logic = { and: [{ '>=': [{ var: 'actual_minutes' }, 30] }, { in: [{ var: 'status' }, ['completed', 'late']] }] };
    const trace = explain(logic, { actual_minutes: 45, status: 'missed' });
    expect(trace.value).toBe(false);
    expect(shape(trace)).toEqual({
      op: 'and',
      value: false,
      args: [
        { op: '>=', value: true, args: [{ op: 'var', value: 45, path: 'actual_minutes', args: [{ op: 'literal', value: 'actual_minutes' }] }, { op: 'literal', value: 30 }] },
        { op: 'in', value: false, args: [{ op: 'var', value: 'missed', path: 'status', args: [{ op: 'literal', value: 'status' }] }, { op: 'literal', value: ['completed', 'late'] }] },
      ],
    });
    expect(trace.pointer).toBe('');
    expect(trace.args[0]!.pointer).toBe('/and/0');
    expect(trace.args[0]!.args[0]!.pointer).toBe('/and/0/>=/0');
    expect(trace.args[0]!.args[0]!.args[0]!.pointer).toBe('/and/0/>=/0/var');
    expect(trace.args[1]!.args[1]!.pointer).toBe('/and/1/in/1');
  });

  it('marks arguments that short-circuiting never evaluated', () => {
    const trace = explain({ or: [{ var: 'a' }, { var: 'b' }] }, { a: 1 });
    expect(trace.value).toBe(1);
    expect(trace.args[1]).toEqual({ op: 'var', args: [], value: undefined, pointer: '/or/1', skipped: true });
    const branch = explain({ if: [{ var: 'x' }, 'yes', { var: 'x' }, 'maybe', 'no'] }, { x: 0 });
    expect(branch.value).toBe('no');
    expect(branch.args.map((a) => a.skipped ?? false)).toEqual([false, true, false, true, false]);
  });

  it('shows a scoped body once per element it ran on', () => {
    const trace = explain({ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs: [1, 2, 3] });
    expect(trace.value).toEqual([2, 4, 6]);
    expect(trace.args.map((a) => a.value)).toEqual([[1, 2, 3], 2, 4, 6]);
    expect(trace.args.slice(1).every((a) => a.pointer === '/map/1')).toBe(true);
    const some = explain({ some: [{ var: 'xs' }, { '>': [{ var: '' }, 1] }] }, { xs: [1, 2, 3] });
    expect(some.args.map((a) => a.value)).toEqual([[1, 2, 3], false, true]);
    const empty = explain({ all: [{ var: 'xs' }, true] }, {});
    expect(empty.args[1]).toMatchObject({ op: 'literal', skipped: true });
  });

  it('shows reduce with its initial value and per-element accumulator', () => {
    const trace = explain({ reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] }, { xs: [1, 2] });
    expect(trace.value).toBe(13);
    expect(trace.args.map((a) => a.value)).toEqual([[1, 2], 10, 11, 13]);
  });

  it('uses custom operations and throws compile() errors', () => {
    const operations = { twice: (args: unknown[]) => (args[0] as number) * 2 };
    expect(explain({ twice: [{ var: 'n' }] }, { n: 4 }, { operations }).value).toBe(8);
    expect(() => explain({ nope: [] }, {})).toThrow(LogicError);
  });

  it('reads own properties only, like compile()', () => {
    expect(explain({ var: 'constructor' }, {}).value).toBeNull();
  });

  it('keeps an undefined element as the data of a scoped body (a counterexample the random test found)', () => {
    const logic = { some: [{ map: [{ merge: [{ '==': [] }] }] }, { var: ['', 0] }] };
    expect(explain(logic, {}).value).toBe(compile(logic)({}));
    expect(explain(logic, {}).value).toBe(false);
  });

  it('agrees with compile() on random rules', () => {
    fc.assert(
      fc.property(rule, data, (logic, row) => sameOutcome(outcome(() => explain(logic, row).value), outcome(() => compile(logic)(row)))),
      { numRuns: 3_000 },
    );
  });
});
