/**
 * Value-level semantics of the standard JSON Logic operations, transcribed
 * from json-logic-js 2.0.5 (`node_modules/json-logic-js/logic.js`), which is
 * the reference. compile() specialises the hot ones; explain() and compile()'s
 * general path both call these, so the two cannot drift apart.
 *
 * The one deliberate difference: `var` (and so `missing`) only follows own
 * properties, so a rule can never reach `__proto__`, `constructor` or
 * anything else inherited from a prototype.
 */

import { ownValue } from './own.js';
import { LogicError } from './errors.js';
import { chargeBuilt } from './budget.js';

/** JSON Logic truthiness: like JavaScript, except that an empty array is falsy. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length !== 0 : !!value;
}

/** An operation is a non-array object with exactly one own enumerable key; anything else is a literal. */
export function isLogic(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

/** Whether evaluating `value` could do more than copy it (it holds an operation somewhere in its arrays). */
export function containsLogic(value: unknown): boolean {
  return isLogic(value) || (Array.isArray(value) && value.some(containsLogic));
}

/** json-logic-js rebuilds literal arrays on every apply; we copy them so callers may mutate results safely. */
export function cloneArrays(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  chargeBuilt(value.length);
  return value.map(cloneArrays);
}

/** Follow `keys` through own properties only; `undefined` means "not found", as in json-logic-js. */
export function resolvePath(data: unknown, keys: readonly string[]): unknown {
  let node = data;
  for (const key of keys) {
    node = ownValue(node, key);
    if (node === undefined) return undefined;
  }
  return node;
}

export interface VarRead {
  path: string;
  value: unknown;
  found: boolean;
}

/** `{"var": [path, fallback]}` once its arguments are evaluated. */
export function readVar(path: unknown, fallback: unknown, data: unknown): VarRead {
  // json-logic-js returns the whole data for an empty path, even when that data is undefined.
  if (path === undefined || path === null || path === '') return { path: '', value: data, found: data !== undefined };
  const text = String(path);
  const value = resolvePath(data, text.split('.'));
  if (value !== undefined) return { path: text, value, found: true };
  return { path: text, value: fallback === undefined ? null : fallback, found: false };
}

/**
 * Evaluates logic that only exists at run time. json-logic-js re-applies the
 * keys given to `missing` (and the options given to `missing_some`) as logic,
 * so a key that is itself an operation is evaluated against the data.
 */
export type EvaluateLater = (logic: unknown, data: unknown) => unknown;

/** The value `{"var": key}` would produce, as json-logic-js's `missing` computes it. */
function valueForKey(key: unknown, data: unknown, later: EvaluateLater): unknown {
  if (containsLogic(key)) return later({ var: key }, data);
  return Array.isArray(key) ? readVar(key[0], key[1], data).value : readVar(key, undefined, data).value;
}

export function missing(args: readonly unknown[], data: unknown, later: EvaluateLater): unknown[] {
  // One array argument is the list of keys (typically computed by merge or if); otherwise every argument is a key.
  const keys: readonly unknown[] = Array.isArray(args[0]) ? args[0] : args;
  const absent: unknown[] = [];
  for (const key of keys) {
    const value = valueForKey(key, data, later);
    if (value === null || value === '') absent.push(key);
  }
  return absent;
}

export function missingSome(args: readonly unknown[], data: unknown, later: EvaluateLater): unknown {
  const [needCount, options] = args;
  const keys = Array.isArray(options) ? options : [options];
  const absent = keys.some(containsLogic) ? later({ missing: options }, data) : missing(keys, data, later);
  // Reading .length of a non-array throws or yields NaN exactly as json-logic-js does.
  const optionCount = (options as { length: number }).length;
  return optionCount - (absent as unknown[]).length >= (needCount as number) ? [] : absent;
}

export function inOperation(needle: unknown, haystack: unknown): boolean {
  if (!haystack || typeof (haystack as { indexOf?: unknown }).indexOf === 'undefined') return false;
  return (haystack as { indexOf(value: unknown): number }).indexOf(needle) !== -1;
}

export function substr(source: unknown, start: unknown, end: unknown): string {
  if ((end as number) < 0) {
    // PHP-style negative length: drop that many characters from the end.
    const temp = String(source).substr(start as number);
    return temp.substr(0, temp.length + (end as number));
  }
  return String(source).substr(start as number, end as number);
}

/** json-logic-js coerces with parseFloat, so "3 apples" is 3 and true is NaN. */
export const toNumber = parseFloat as (value: unknown) => number;

export function add(args: readonly unknown[]): number {
  let sum = 0;
  for (const value of args) sum = toNumber(sum) + toNumber(value);
  return sum;
}

export function multiply(args: readonly unknown[]): unknown {
  // Array.prototype.reduce without an initial value: one argument comes back untouched, none throws.
  if (args.length === 0) throw new TypeError('Reduce of empty array with no initial value');
  let product: unknown = args[0];
  for (let i = 1; i < args.length; i++) product = toNumber(product) * toNumber(args[i]);
  return product;
}

/**
 * The largest list `merge` and the longest text `cat` may build. Rules are
 * untrusted: a `reduce` that doubles a list with `merge` on each of 40 steps
 * would need 2^40 elements and kill the process, so growth stops here with an
 * error the rule reports instead (json-logic-js has no such limit; no real
 * rule comes near it).
 */
export const MAX_BUILT_SIZE = 1_000_000;

function tooLarge(what: string): LogicError {
  return new LogicError('logic/too-large', `Logic built a ${what} larger than ${MAX_BUILT_SIZE.toLocaleString('en-GB')} (the evaluation limit)`, '');
}

export function merge(args: readonly unknown[]): unknown[] {
  let merged: unknown[] = [];
  for (const value of args) {
    merged = merged.concat(value);
    if (merged.length > MAX_BUILT_SIZE) throw tooLarge('list');
    chargeBuilt(merged.length);
  }
  return merged;
}

function cat(args: readonly unknown[]): string {
  const text = args.join('');
  if (text.length > MAX_BUILT_SIZE) throw tooLarge('text');
  chargeBuilt(text.length);
  return text;
}

type Operation = (args: readonly unknown[]) => unknown;
type N = number;

/** The standard operations that only combine their evaluated arguments (no data, no laziness). */
export const PURE_OPERATIONS: ReadonlyMap<string, Operation> = new Map(Object.entries({
  '==': (a) => a[0] == a[1],
  '===': (a) => a[0] === a[1],
  '!=': (a) => a[0] != a[1],
  '!==': (a) => a[0] !== a[1],
  '>': (a) => (a[0] as N) > (a[1] as N),
  '>=': (a) => (a[0] as N) >= (a[1] as N),
  '<': (a) => (a[2] === undefined ? (a[0] as N) < (a[1] as N) : (a[0] as N) < (a[1] as N) && (a[1] as N) < (a[2] as N)),
  '<=': (a) => (a[2] === undefined ? (a[0] as N) <= (a[1] as N) : (a[0] as N) <= (a[1] as N) && (a[1] as N) <= (a[2] as N)),
  '!!': (a) => truthy(a[0]),
  '!': (a) => !truthy(a[0]),
  '%': (a) => (a[0] as N) % (a[1] as N),
  // Deliberately silent: an evaluator must never write to the console.
  log: (a) => a[0],
  in: (a) => inOperation(a[0], a[1]),
  cat,
  substr: (a) => substr(a[0], a[1], a[2]),
  '+': add,
  '*': multiply,
  '-': (a) => (a[1] === undefined ? -(a[0] as N) : (a[0] as N) - (a[1] as N)),
  '/': (a) => (a[0] as N) / (a[1] as N),
  min: (a) => Math.min(...(a as N[])),
  max: (a) => Math.max(...(a as N[])),
  merge,
} satisfies Record<string, Operation>));

/** Operations that decide for themselves which arguments to evaluate. */
export const CONTROL_OPERATIONS: readonly string[] = ['if', '?:', 'and', 'or'];
/** Operations whose second argument runs once per element, with the element as data. */
export const SCOPED_OPERATIONS: readonly string[] = ['filter', 'map', 'reduce', 'all', 'none', 'some'];
/** Operations that read the data. */
export const DATA_OPERATIONS: readonly string[] = ['var', 'missing', 'missing_some'];

export const STANDARD_OPERATIONS: readonly string[] = Object.freeze([
  ...PURE_OPERATIONS.keys(),
  ...DATA_OPERATIONS,
  ...CONTROL_OPERATIONS,
  ...SCOPED_OPERATIONS,
]);

/** Custom operations may replace the pure ones (as add_operation can) but not these, which compile() builds itself. */
export const PROTECTED_OPERATIONS: ReadonlySet<string> = new Set([...DATA_OPERATIONS, ...CONTROL_OPERATIONS, ...SCOPED_OPERATIONS]);

export function isStandardOperation(op: string): boolean {
  return STANDARD_OPERATIONS.includes(op);
}
