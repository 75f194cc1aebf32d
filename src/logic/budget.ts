/**
 * The work one evaluation of a rule may do. Rules are untrusted: nested `map`s
 * over literal lists, or a `reduce` that doubles a list, cost nothing to write
 * and can run for minutes or exhaust the heap. Each top-level evaluation (and
 * each constant fold at load) gets a fresh budget, and every scoped body run
 * and every list or text built is charged to it, however deeply nested, so the
 * total is bounded rather than each level on its own.
 *
 * Evaluation is synchronous and each worker thread has its own copy of this
 * module, so one module-level meter is enough.
 */
import { LogicError } from './errors.js';

/** Steps one evaluation may take: a scoped body run costs the number of values in the body. */
export const MAX_EVALUATION_STEPS = 10_000_000;
/** Elements and characters one evaluation may build in lists and texts, all counted together. */
export const MAX_EVALUATION_BUILT = 10_000_000;

/** Steps `carespec explain` may take: it keeps a trace node (about 100 bytes) for every sub-expression it evaluates. */
export const MAX_EXPLAIN_STEPS = 1_000_000;

const meter = { active: false, steps: 0, built: 0, maxSteps: MAX_EVALUATION_STEPS };

/**
 * Start a fresh budget unless an evaluation is already running (then nesting counts in full against
 * its budget). Returns whether it started one: only then must the caller call leaveBudget().
 */
export function enterBudget(maxSteps = MAX_EVALUATION_STEPS): boolean {
  if (meter.active) return false;
  meter.active = true;
  meter.steps = 0;
  meter.built = 0;
  meter.maxSteps = maxSteps;
  return true;
}

export function leaveBudget(): void {
  meter.active = false;
}

/** Run `work` under a fresh budget, or under the current one when an evaluation is already running. */
export function withBudget<T>(work: () => T, maxSteps = MAX_EVALUATION_STEPS): T {
  const fresh = enterBudget(maxSteps);
  try {
    return work();
  } finally {
    if (fresh) leaveBudget();
  }
}

// Outside withBudget (a direct call of a semantics helper) nothing is counted, so counts never leak between runs.
export function chargeSteps(count: number): void {
  if (meter.active && (meter.steps += count) > meter.maxSteps) {
    throw new LogicError('logic/too-costly', `Logic needs more than ${meter.maxSteps.toLocaleString('en-GB')} evaluation steps (the evaluation budget)`, '');
  }
}

export function chargeBuilt(count: number): void {
  if (meter.active && (meter.built += count) > MAX_EVALUATION_BUILT) {
    throw new LogicError('logic/too-costly', `Logic builds more than ${MAX_EVALUATION_BUILT.toLocaleString('en-GB')} list elements and text characters in one evaluation (the evaluation budget)`, '');
  }
}

/** Budget errors (and the single-value size limit) are the input's fault at any depth: never retried, never swallowed. */
export function isBudgetError(error: unknown): error is LogicError {
  return error instanceof LogicError && (error.code === 'logic/too-costly' || error.code === 'logic/too-large');
}
