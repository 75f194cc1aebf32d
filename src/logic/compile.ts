/**
 * Compile a JSON Logic expression once into nested closures. There is no
 * `eval` or `new Function` here: a rule can only combine the operations below,
 * so untrusted rules cannot run code. (The data path's generated step,
 * codegen.ts and src/data/kernel.ts, turns a small subset into JavaScript text
 * in which a rule's values appear only as JSON literals.) Semantics are json-logic-js 2.0.5's,
 * except that `var` reads own properties only and dotted method-style
 * operation names are refused.
 */
import { enterBudget, isBudgetError, leaveBudget, withBudget } from './budget.js';
import { childPointer, LogicError } from './errors.js';
import {
  cloneArrays,
  isLogic,
  isStandardOperation,
  missing,
  missingSome,
  PROTECTED_OPERATIONS,
  PURE_OPERATIONS,
  readVar,
  type EvaluateLater,
} from './semantics.js';
import { compileAnd, compileIf, compileOr, compileScoped } from './control.js';
import { BOOLEAN_OPERATIONS, literalVar, specialise, wholeData, type Node } from './specialise.js';
import type { CompileOptions, CustomOperation, Evaluator, Fn, Tracer } from './types.js';
import { operandsOf } from './walk.js';

export type { CompileOptions, CustomOperation, Evaluator, Tracer } from './types.js';
export { LogicError, type LogicErrorCode } from './errors.js';
export { STANDARD_OPERATIONS, truthy } from './semantics.js';

const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_MAX_NODES = 10_000;

interface Context {
  readonly custom: ReadonlyMap<string, CustomOperation>;
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly later: EvaluateLater;
  nodes: number;
  /** Whether the expression can loop or build lists or text, so each evaluation needs a budget (budget.ts). */
  metered: boolean;
}

/** Operations that loop or build values, whose work is charged to the evaluation budget. */
const METERED_OPERATIONS: ReadonlySet<string> = new Set(['filter', 'map', 'reduce', 'all', 'none', 'some', 'merge', 'cat', 'missing', 'missing_some']);

export function compile(logic: unknown, options: CompileOptions = {}): Evaluator {
  const context = createContext(options);
  const { fn } = compileNode(logic, context, '', 0);
  // Only expressions that can loop or build pay for the budget; per-row comparisons run bare.
  if (!context.metered) return fn;
  return (data, tracer) => {
    const fresh = enterBudget();
    try {
      return fn(data, tracer);
    } finally {
      if (fresh) leaveBudget();
    }
  };
}

/** Validate `options.operations`; explain() shares this so both accept and refuse the same operations. */
export function customOperations(options: CompileOptions): Map<string, CustomOperation> {
  const custom = new Map<string, CustomOperation>();
  for (const [name, operation] of Object.entries(options.operations ?? {})) {
    if (typeof operation !== 'function') throw new LogicError('logic/invalid', `Custom operation "${name}" is not a function`, '');
    if (name.includes('.')) throw new LogicError('logic/invalid', `Custom operation "${name}" has a dot; method-style operations are not allowed`, '');
    if (PROTECTED_OPERATIONS.has(name)) throw new LogicError('logic/invalid', `Custom operation "${name}" would replace a built-in control or data operation`, '');
    custom.set(name, operation);
  }
  return custom;
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new LogicError('logic/invalid', `Option ${name} must be a positive integer, got ${value}`, '');
  return value;
}

function createContext(options: CompileOptions): Context {
  return {
    custom: customOperations(options),
    maxDepth: limit(options.maxDepth, DEFAULT_MAX_DEPTH, 'maxDepth'),
    maxNodes: limit(options.maxNodes, DEFAULT_MAX_NODES, 'maxNodes'),
    later: (logic, data) => compile(logic, options)(data),
    nodes: 0,
    metered: false,
  };
}

function constant(value: unknown): Node {
  // Literal arrays are copied per evaluation, as json-logic-js rebuilds them, so a caller mutating a result changes nothing.
  return { fn: Array.isArray(value) ? () => cloneArrays(value) : () => value, constant: true, value, boolean: typeof value === 'boolean' };
}

function computed(fn: Fn, boolean = false): Node {
  return { fn, constant: false, value: undefined, boolean };
}

/** A value a fold may capture: primitives and arrays of them (copied on each use), never shared objects. */
function isPlainValue(value: unknown): boolean {
  return Array.isArray(value) ? value.every(isPlainValue) : value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/**
 * Evaluate an operation over literal arguments now; if it throws, it must throw at run time instead,
 * except when it exceeds the evaluation budget: that would fail on every run, so it is a load error here.
 */
function fold(fn: Fn, args: readonly Node[], pointer: string, boolean = false): Node {
  if (!args.every((arg) => arg.constant)) return computed(fn, boolean);
  let value: unknown;
  try {
    value = withBudget(() => fn(undefined, undefined));
  } catch (error) {
    if (isBudgetError(error)) throw new LogicError('logic/too-costly', `Logic is too costly to evaluate: ${error.message}`, pointer);
    return computed(fn, boolean);
  }
  return isPlainValue(value) ? constant(value) : computed(fn, boolean);
}

/**
 * `and` / `or`: operands that are themselves a non-empty `and` (resp. `or`) are spliced in, which
 * gives exactly the same value and evaluation order with one call level fewer per row (the
 * tracer hears the same reads). An empty inner `and` is kept: it evaluates to undefined.
 */
function compileJunction(op: 'and' | 'or', args: readonly Node[], pointer: string): Node {
  const nodes = args.some((arg) => arg.parts?.op === op) ? args.flatMap((arg) => (arg.parts?.op === op ? arg.parts.nodes : [arg])) : args;
  const fns = nodes.map((node) => node.fn);
  const booleans = nodes.every((node) => node.boolean);
  const node = fold(op === 'and' ? compileAnd(fns, booleans) : compileOr(fns, booleans), nodes, pointer, booleans && nodes.length > 0);
  return node.constant || nodes.length === 0 ? node : { ...node, parts: { op, nodes } };
}

function compileNode(logic: unknown, context: Context, pointer: string, depth: number): Node {
  if (++context.nodes > context.maxNodes) {
    throw new LogicError('logic/too-large', `Logic is too large: more than ${context.maxNodes} values (maxNodes)`, pointer);
  }
  const type = typeof logic;
  if (type === 'function' || type === 'symbol' || type === 'bigint') {
    throw new LogicError('logic/invalid', `Unexpected ${type} in logic, expected JSON values`, pointer);
  }
  if (Array.isArray(logic) || isLogic(logic)) {
    if (depth + 1 > context.maxDepth) {
      throw new LogicError('logic/too-deep', `Logic nests too deeply: more than ${context.maxDepth} levels (maxDepth)`, pointer);
    }
    return Array.isArray(logic) ? compileArray(logic, context, pointer, depth + 1) : compileOperation(logic, context, pointer, depth + 1);
  }
  // Anything else, including objects with zero or several keys, is a literal passed through as is.
  return constant(logic);
}

function compileArray(items: readonly unknown[], context: Context, pointer: string, depth: number): Node {
  // A literal list alone is not metered: it is built at most once per evaluation and its size is bounded
  // by maxNodes; inside a loop it is charged to the budget the loop's operation (map, filter…) opens.
  const nodes = items.map((item, i) => compileNode(item, context, childPointer(pointer, i), depth));
  if (nodes.every((node) => node.constant)) return constant(nodes.map((node) => node.value));
  return computed(evaluateAll(nodes.map((node) => node.fn)));
}

/** Evaluate every argument, in order, into a fresh array. */
function evaluateAll(fns: readonly Fn[]): (data: unknown, tracer: Tracer | undefined) => unknown[] {
  const n = fns.length;
  return (d, t) => {
    const values: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = fns[i]!(d, t);
    return values;
  };
}

function unknownOperation(op: string, pointer: string): LogicError {
  const message = op.indexOf('.') > 0
    ? `Unexpected operation "${op}": method-style (dotted) operations are not allowed`
    : `Unknown operation "${op}"`;
  return new LogicError('logic/unknown-operation', message, childPointer(pointer, op));
}

function compileOperation(logic: Record<string, unknown>, context: Context, pointer: string, depth: number): Node {
  // {"var": "x"} is shorthand for {"var": ["x"]}.
  const { op, args: rawArgs, pointerOf } = operandsOf(logic);
  const custom = context.custom.get(op);
  if (!custom && !isStandardOperation(op)) throw unknownOperation(op, pointer);

  if (METERED_OPERATIONS.has(op)) context.metered = true;
  // The number of values in each argument: a scoped body's size is what one run of it costs.
  const sizes: number[] = [];
  const args = rawArgs.map((arg, i) => {
    const before = context.nodes;
    const node = compileNode(arg, context, pointerOf(pointer, i), depth);
    sizes.push(context.nodes - before);
    return node;
  });
  const fns = args.map((arg) => arg.fn);

  if (custom) {
    // Never folded: carespec operations read run-time state such as the region and reference date.
    const values = evaluateAll(fns);
    return computed((d, t) => custom(values(d, t), d));
  }
  switch (op) {
    case 'if':
    case '?:':
      return fold(compileIf(fns), args, pointer);
    case 'and':
    case 'or':
      return compileJunction(op, args, pointer);
    case 'var':
      return computed(compileVar(args));
    case 'missing': {
      const values = evaluateAll(fns);
      return computed((d, t) => missing(values(d, t), d, context.later));
    }
    case 'missing_some': {
      const values = evaluateAll(fns);
      return computed((d, t) => missingSome(values(d, t), d, context.later));
    }
    case 'filter':
    case 'map':
    case 'reduce':
    case 'all':
    case 'none':
    case 'some': {
      // A missing list or body evaluates to undefined, as json-logic-js's values[0] / values[1] would.
      const source = args[0] ?? constant(undefined);
      const body = args[1] ?? constant(undefined);
      const initial = op === 'reduce' && rawArgs[2] !== undefined ? args[2] : undefined;
      return fold(compileScoped(op, source.fn, body.fn, initial?.fn, sizes[1] ?? 1), args, pointer);
    }
    default: {
      const boolean = BOOLEAN_OPERATIONS.has(op);
      const fast = specialise(op, args);
      if (fast) return fold(fast, args, pointer, boolean);
      const pure = PURE_OPERATIONS.get(op)!;
      const values = evaluateAll(fns);
      return fold((d, t) => pure(values(d, t)), args, pointer, boolean);
    }
  }
}

function compileVar(args: readonly Node[]): Fn {
  const hasDefault = args.length >= 2;
  const [path, fallback] = args;
  const literalFallback = fallback === undefined || (fallback.constant && !Array.isArray(fallback.value));
  if (args.length <= 2 && (path === undefined || path.constant) && literalFallback) {
    const p = path?.value;
    if (p === undefined || p === null || p === '') return wholeData(hasDefault);
    const text = typeof p === 'object' ? safeString(p) : String(p);
    if (text !== undefined) return literalVar(text, fallback?.value ?? null, hasDefault);
  }
  // A computed path or fallback: evaluate every argument (as json-logic-js does), then look up.
  const values = evaluateAll(args.map((arg) => arg.fn));
  return (d, t) => {
    const [a, b] = values(d, t);
    const read = readVar(a, b, d);
    if (t !== undefined) t.read(read.path, read.value, read.found, hasDefault);
    return read.value;
  };
}

/** String() of a literal object can throw (an own `toString` that is not a function); leave that to run time. */
function safeString(value: object): string | undefined {
  try {
    return String(value);
  } catch {
    return undefined;
  }
}
