/**
 * Evaluate an expression step by step for `carespec explain`, keeping the
 * value of every sub-expression. It interprets rather than compiles, reusing
 * the value-level operations compile() falls back on, so the two agree; it
 * is slower and meant for one record at a time.
 */
import { chargeSteps, MAX_EXPLAIN_STEPS, withBudget } from './budget.js';
import { compile, customOperations } from './compile.js';
import { childPointer } from './errors.js';
import {
  cloneArrays,
  containsLogic,
  isLogic,
  missing,
  missingSome,
  PURE_OPERATIONS,
  readVar,
  truthy,
  type EvaluateLater,
} from './semantics.js';
import type { CompileOptions, CustomOperation } from './types.js';
import { operandsOf } from './walk.js';

export interface TraceNode {
  /** The operation, `"literal"` for a value written in the logic, or `"array"` for an array holding logic. */
  op: string;
  /** Sub-expressions in evaluation order. A scoped body appears once per element it ran on. */
  args: TraceNode[];
  value: unknown;
  /** JSON pointer to this sub-expression in the logic. */
  pointer: string;
  /** For `var`: the path that was read. */
  path?: string;
  /** Set on arguments an `if`, `and`, `or` or scoped operation never evaluated; their value is undefined. */
  skipped?: true;
}

interface Context {
  readonly custom: ReadonlyMap<string, CustomOperation>;
  readonly later: EvaluateLater;
}

export function explain(logic: unknown, data: unknown, options: CompileOptions = {}): TraceNode {
  // Compiling first gives explain exactly compile()'s errors (unknown operations, limits) before anything runs.
  compile(logic, options);
  const context: Context = { custom: customOperations(options), later: (l, d) => compile(l, options)(d) };
  // The same budget as compile()'s evaluations: every sub-expression walked is one step.
  return withBudget(() => walk(logic, data, '', context), MAX_EXPLAIN_STEPS);
}

function leaf(value: unknown, pointer: string): TraceNode {
  return { op: 'literal', args: [], value, pointer };
}

function kindOf(logic: unknown): string {
  if (isLogic(logic)) return Object.keys(logic)[0]!;
  return containsLogic(logic) ? 'array' : 'literal';
}

function walk(logic: unknown, data: unknown, pointer: string, context: Context): TraceNode {
  chargeSteps(1);
  if (Array.isArray(logic)) {
    if (!containsLogic(logic)) return leaf(cloneArrays(logic), pointer);
    const args = logic.map((item, i) => walk(item, data, childPointer(pointer, i), context));
    return { op: 'array', args, value: args.map((arg) => arg.value), pointer };
  }
  if (!isLogic(logic)) return leaf(logic, pointer);

  const { op, args: rawArgs, pointerOf } = operandsOf(logic);
  const at = (i: number) => pointerOf(pointer, i);
  // A scoped body's element may itself be undefined (a map without a body makes such elements): a default
  // parameter would silently replace it with the outer data, so the scope is passed explicitly.
  const arg = (i: number, ...scope: [unknown?]) => walk(rawArgs[i], scope.length > 0 ? scope[0] : data, at(i), context);
  const skipped = (i: number): TraceNode => ({ op: kindOf(rawArgs[i]), args: [], value: undefined, pointer: at(i), skipped: true });
  const all = () => rawArgs.map((_, i) => arg(i));
  const values = (args: readonly TraceNode[]) => args.map((a) => a.value);

  const custom = context.custom.get(op);
  if (custom) {
    const args = all();
    return { op, args, value: custom(values(args), data), pointer };
  }
  switch (op) {
    case 'if':
    case '?:':
    case 'and':
    case 'or': {
      const { evaluated, value } = op === 'and' || op === 'or' ? lazyLogical(op, rawArgs.length, arg) : lazyIf(rawArgs.length, arg);
      const args = rawArgs.map((_, i) => evaluated[i] ?? skipped(i));
      return { op, args, value, pointer };
    }
    case 'var': {
      const args = all();
      const read = readVar(args[0]?.value, args[1]?.value, data);
      return { op, args, value: read.value, pointer, path: read.path };
    }
    case 'missing':
    case 'missing_some': {
      const args = all();
      const value = (op === 'missing' ? missing : missingSome)(values(args), data, context.later);
      return { op, args, value, pointer };
    }
    case 'filter':
    case 'map':
    case 'reduce':
    case 'all':
    case 'none':
    case 'some':
      return scoped(op, rawArgs, arg, skipped, pointer);
    default: {
      const args = all();
      return { op, args, value: PURE_OPERATIONS.get(op)!(values(args)), pointer };
    }
  }
}

type Arg = (i: number, scope?: unknown) => TraceNode;

function lazyIf(n: number, arg: Arg): { evaluated: TraceNode[]; value: unknown } {
  const evaluated: TraceNode[] = [];
  let i = 0;
  for (; i < n - 1; i += 2) {
    const condition = (evaluated[i] = arg(i));
    if (truthy(condition.value)) return { evaluated, value: (evaluated[i + 1] = arg(i + 1)).value };
  }
  if (i === n - 1) return { evaluated, value: (evaluated[i] = arg(i)).value };
  return { evaluated, value: null };
}

function lazyLogical(op: 'and' | 'or', n: number, arg: Arg): { evaluated: TraceNode[]; value: unknown } {
  const evaluated: TraceNode[] = [];
  let value: unknown;
  for (let i = 0; i < n; i++) {
    value = (evaluated[i] = arg(i)).value;
    if (truthy(value) === (op === 'or')) break;
  }
  return { evaluated, value };
}

function scoped(op: string, rawArgs: readonly unknown[], arg: Arg, skipped: (i: number) => TraceNode, pointer: string): TraceNode {
  const args = [arg(0)];
  const items = args[0]!.value;
  let start: unknown = null;
  if (op === 'reduce' && rawArgs[2] !== undefined) {
    const initial = arg(2);
    args.push(initial);
    start = initial.value;
  }
  const before = args.length;
  const body = (scope: unknown) => {
    const trace = arg(1, scope);
    args.push(trace);
    return trace.value;
  };
  let value: unknown;
  if (!Array.isArray(items)) value = op === 'reduce' ? start : op === 'none' ? true : op === 'filter' || op === 'map' ? [] : false;
  else if (op === 'filter') value = items.filter((item) => truthy(body(item)));
  else if (op === 'map') value = items.map((item) => body(item));
  else if (op === 'reduce') value = items.reduce((accumulator: unknown, current: unknown) => body({ current, accumulator }), start);
  else if (op === 'all') value = items.length > 0 && !anyElement(items, (item) => !truthy(body(item)));
  else if (op === 'some') value = anyElement(items, (item) => truthy(body(item)));
  else value = !anyElement(items, (item) => truthy(body(item)));
  if (args.length === before) args.push(skipped(1));
  return { op, args, value, pointer };
}

/** Short-circuiting scan by index, like json-logic-js's loops (which, unlike Array#some, visit holes). */
function anyElement(items: readonly unknown[], test: (item: unknown) => boolean): boolean {
  for (let i = 0; i < items.length; i++) if (test(items[i])) return true;
  return false;
}
