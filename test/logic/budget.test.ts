/** The evaluation budget (src/logic/budget.ts): steps and built size are counted across nesting, at load and at run time. */
import { describe, expect, it } from 'vitest';
import { compile, explain, LogicError } from '../../src/logic/index.js';
import { MAX_EVALUATION_BUILT, MAX_EVALUATION_STEPS } from '../../src/logic/budget.js';

const LIST = Array.from({ length: 1000 }, (_, i) => i);

function thrown(run: () => unknown): LogicError {
  try {
    run();
  } catch (error) {
    if (error instanceof LogicError) return error;
    throw error;
  }
  throw new Error('expected a LogicError');
}

describe('evaluation budget', () => {
  it('refuses at compile time a constant nested map that would build a billion elements', () => {
    const error = thrown(() => compile({ map: [LIST, { map: [LIST, { map: [LIST, 1] }] }] }));
    expect(error.code).toBe('logic/too-costly');
    expect(error.message).toContain(MAX_EVALUATION_BUILT.toLocaleString('en-GB'));
    expect(error.pointer).toBe('');
  });

  it('names the folded sub-expression that is too costly', () => {
    const error = thrown(() => compile({ and: [{ var: 'x' }, { map: [LIST, { map: [LIST, { map: [LIST, 1] }] }] }] }));
    expect(error.pointer).toBe('/and/1');
  });

  it('stops nested loops over data at run time, counting every level', () => {
    const evaluate = compile({ some: [{ var: 'xs' }, { some: [{ var: '' }, { some: [{ var: '' }, false] }] }] });
    const nested = Array.from({ length: 300 }, () => Array.from({ length: 300 }, () => LIST.slice(0, 300)));
    const error = thrown(() => evaluate({ xs: nested }));
    expect(error.code).toBe('logic/too-costly');
    expect(error.message).toContain(MAX_EVALUATION_STEPS.toLocaleString('en-GB'));
  });

  it('counts lists built by every step of a reduce, not only the largest', () => {
    // Each merge stays under the 1,000,000 single-value limit, but together they exceed the budget.
    const evaluate = compile({ reduce: [{ var: 'xs' }, { merge: [{ var: 'accumulator' }, LIST.slice(0, 100)] }, []] });
    expect(thrown(() => evaluate({ xs: LIST.concat(LIST) })).code).toBe('logic/too-costly');
  });

  it('gives each evaluation a fresh budget', () => {
    const evaluate = compile({ map: [{ var: 'xs' }, { '+': [{ var: '' }, 1] }] });
    for (let i = 0; i < 50; i++) expect((evaluate({ xs: LIST }) as number[]).length).toBe(1000);
  });

  it('bounds explain, which keeps a trace node per step', () => {
    const error = thrown(() => explain({ map: [{ var: 'xs' }, { map: [{ var: '' }, { '+': [{ var: '' }, 1] }] }] }, { xs: Array.from({ length: 2000 }, () => LIST) }));
    expect(error.code).toBe('logic/too-costly');
  });
});
