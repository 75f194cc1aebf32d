/**
 * Hand-written closures for the shapes that dominate per-row rules: a `var`
 * with a literal path, and binary operators, often against a literal. Each
 * operator gets its own small function literal (so V8's feedback for one is
 * not mixed with another's), and none allocates an argument array. They must
 * compute exactly what the general path in semantics.ts computes; the
 * differential test holds them to json-logic-js.
 */
import { inOperation, resolvePath, toNumber, truthy } from './semantics.js';
import { ownKeyVar, ownStep } from './own.js';
import type { Fn } from './types.js';

/** A compiled sub-expression; `value` is meaningful only when `constant` (its result never varies). */
export interface Node {
  readonly fn: Fn;
  readonly constant: boolean;
  readonly value: unknown;
  /** Always returns true or false, so a parent can use it as a condition without `truthy()`. */
  readonly boolean: boolean;
  /**
   * For a non-empty `and` / `or`: its operator and compiled operands, so a parent of the same
   * operator can splice them in (`and(a, and(b, c))` is exactly `and(a, b, c)`), saving a call
   * level per row.
   */
  readonly parts?: { readonly op: 'and' | 'or'; readonly nodes: readonly Node[] };
}

/** Operations whose result is always a boolean (whatever their operands). */
export const BOOLEAN_OPERATIONS: ReadonlySet<string> = new Set(['==', '===', '!=', '!==', '>', '>=', '<', '<=', '!', '!!', 'in']);

type N = number;
/** [both operands computed, right operand a literal whose value is read but never returned] */
type Binary = readonly [(a: Fn, b: Fn) => Fn, (a: Fn, k: unknown) => Fn];

const BINARY: ReadonlyMap<string, Binary> = new Map<string, Binary>([
  ['==', [(a, b) => (d, t) => a(d, t) == b(d, t), (a, k) => (d, t) => a(d, t) == k]],
  ['===', [(a, b) => (d, t) => a(d, t) === b(d, t), (a, k) => (d, t) => a(d, t) === k]],
  ['!=', [(a, b) => (d, t) => a(d, t) != b(d, t), (a, k) => (d, t) => a(d, t) != k]],
  ['!==', [(a, b) => (d, t) => a(d, t) !== b(d, t), (a, k) => (d, t) => a(d, t) !== k]],
  ['>', [(a, b) => (d, t) => (a(d, t) as N) > (b(d, t) as N), (a, k) => (d, t) => (a(d, t) as N) > (k as N)]],
  ['>=', [(a, b) => (d, t) => (a(d, t) as N) >= (b(d, t) as N), (a, k) => (d, t) => (a(d, t) as N) >= (k as N)]],
  ['<', [(a, b) => (d, t) => (a(d, t) as N) < (b(d, t) as N), (a, k) => (d, t) => (a(d, t) as N) < (k as N)]],
  ['<=', [(a, b) => (d, t) => (a(d, t) as N) <= (b(d, t) as N), (a, k) => (d, t) => (a(d, t) as N) <= (k as N)]],
  ['%', [(a, b) => (d, t) => (a(d, t) as N) % (b(d, t) as N), (a, k) => (d, t) => (a(d, t) as N) % (k as N)]],
  ['/', [(a, b) => (d, t) => (a(d, t) as N) / (b(d, t) as N), (a, k) => (d, t) => (a(d, t) as N) / (k as N)]],
  ['-', [minus, (a, k) => (k === undefined ? (d, t) => -(a(d, t) as N) : (d, t) => (a(d, t) as N) - (k as N))]],
  ['+', [plus, plusLiteral]],
  ['*', [times, timesLiteral]],
  ['min', [(a, b) => (d, t) => Math.min(a(d, t) as N, b(d, t) as N), (a, k) => (d, t) => Math.min(a(d, t) as N, k as N)]],
  ['max', [(a, b) => (d, t) => Math.max(a(d, t) as N, b(d, t) as N), (a, k) => (d, t) => Math.max(a(d, t) as N, k as N)]],
  ['in', [(a, b) => (d, t) => inOperation(a(d, t), b(d, t)), inLiteral]],
]);

function minus(a: Fn, b: Fn): Fn {
  return (d, t) => {
    const x = a(d, t) as N;
    const y = b(d, t) as N | undefined;
    return y === undefined ? -x : x - y;
  };
}

/**
 * json-logic-js reduces with parseFloat(sum) + parseFloat(x) from 0. The sum
 * is never -0, so parseFloat of it is the identity and can be skipped. Both
 * operands are evaluated before either is converted, as json-logic-js does.
 */
function plus(a: Fn, b: Fn): Fn {
  return (d, t) => {
    const x = a(d, t);
    const y = b(d, t);
    return 0 + toNumber(x) + toNumber(y);
  };
}

/** With two arguments json-logic-js's reduce (no initial value) is one step: parseFloat(a) * parseFloat(b). */
function times(a: Fn, b: Fn): Fn {
  return (d, t) => {
    const x = a(d, t);
    const y = b(d, t);
    return toNumber(x) * toNumber(y);
  };
}

function timesLiteral(a: Fn, k: unknown): Fn {
  const n = toNumber(k);
  return (d, t) => toNumber(a(d, t)) * n;
}

function plusLiteral(a: Fn, k: unknown): Fn {
  const n = toNumber(k);
  return (d, t) => 0 + toNumber(a(d, t)) + n;
}

/** Membership in a literal list: a Set for long lists of primitives, indexOf otherwise (same === semantics). */
function inLiteral(a: Fn, list: unknown): Fn {
  if (!Array.isArray(list)) return (d, t) => inOperation(a(d, t), list);
  if (list.length > 8 && list.every((x) => x === null || typeof x !== 'object')) {
    const set = new Set(list);
    // indexOf never finds NaN, while Set.has would.
    return (d, t) => {
      const x = a(d, t);
      return x === x && set.has(x);
    };
  }
  return (d, t) => list.indexOf(a(d, t)) !== -1;
}

/** A specialised closure for a pure operation, or undefined to use the general path. */
export function specialise(op: string, args: readonly Node[]): Fn | undefined {
  const [first, second, third] = args;
  if (args.length === 1 && first) {
    const a = first.fn;
    // A boolean operand is its own truthiness (`{"!": {"==": …}}`); otherwise JSON Logic's.
    if (op === '!') return first.boolean ? (d, t) => !a(d, t) : (d, t) => !truthy(a(d, t));
    if (op === '!!') return first.boolean ? a : (d, t) => truthy(a(d, t));
    return undefined;
  }
  if (args.length === 2 && first && second) {
    const binary = BINARY.get(op);
    if (!binary) return undefined;
    return second.constant ? binary[1](first.fn, second.value) : binary[0](first.fn, second.fn);
  }
  if (args.length === 3 && first && second && third && (op === '<' || op === '<=')) {
    return between(op, first.fn, second.fn, third.fn);
  }
  return undefined;
}

function between(op: '<' | '<=', a: Fn, b: Fn, c: Fn): Fn {
  // json-logic-js decides on the *value* of the third argument, so a computed undefined falls back to two operands.
  if (op === '<') {
    return (d, t) => {
      const x = a(d, t) as N, y = b(d, t) as N, z = c(d, t) as N | undefined;
      return z === undefined ? x < y : x < y && y < z;
    };
  }
  return (d, t) => {
    const x = a(d, t) as N, y = b(d, t) as N, z = c(d, t) as N | undefined;
    return z === undefined ? x <= y : x <= y && y <= z;
  };
}

/**
 * `{"var": path}` / `{"var": [path, fallback]}` with a literal path and a
 * primitive (or literal object) fallback: the path is split once, here, and
 * each step gets a reader specialised for its key (see own.ts).
 */
export function literalVar(path: string, fallback: unknown, hasDefault: boolean): Fn {
  const keys = path.split('.');
  const [k0, k1] = keys;
  if (keys.length === 1 && k0 !== undefined) return ownKeyVar(k0, path, fallback, hasDefault);
  if (keys.length === 2 && k0 !== undefined && k1 !== undefined) {
    const first = ownStep(k0);
    const second = ownStep(k1);
    return (d, t) => {
      const v = second(first(d, undefined), undefined);
      if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
      return v === undefined ? fallback : v;
    };
  }
  // Longer paths are rare enough for the plain loop.
  return (d, t) => {
    const v = resolvePath(d, keys);
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  };
}

/** `{"var": ""}`: the whole data, even when it is undefined (json-logic-js ignores the fallback here). */
export function wholeData(hasDefault: boolean): Fn {
  return (d, t) => {
    if (t !== undefined) t.read('', d, d !== undefined, hasDefault);
    return d;
  };
}
