/**
 * Own-property reads. `var` must never see inherited properties (`__proto__`,
 * `constructor`, a polluted `Object.prototype.x`), but `hasOwnProperty` is a
 * runtime call that costs more than the rest of a typical per-row rule.
 *
 * The fast path: when the data's prototype is Object.prototype and reading
 * the key from an empty plain object gives undefined, Object.prototype lacks
 * the key, so whatever the data holds under it is its own. Once V8 has seen a
 * reader with one key, it compiles `EMPTY[key]` to a constant guarded by the
 * prototype's shape, so polluting Object.prototype later deoptimises it and we
 * fall back to `hasOwnProperty` (safety.test.ts checks this). Anything that is
 * not a plain object (arrays, strings, an own `__proto__` key) takes the
 * `hasOwnProperty` path.
 *
 * V8 keeps that feedback per function literal, and a literal that reads many
 * different keys stops being specialised. So there are several identical
 * literals and each key is given one of them (a "slot"); this made a run of
 * several rules over the same rows about a fifth faster (bench/logic-bench.ts).
 */
import type { Fn } from './types.js';

const OBJECT_PROTOTYPE: object = Object.prototype;
/** Never written to: it only ever answers "does Object.prototype have this key?". */
const EMPTY: Record<string, unknown> = {};
const hasOwnProperty = Object.prototype.hasOwnProperty;

type Bag = Record<string, unknown>;
type Proto = { __proto__?: unknown };
type Slot = (key: string, path: string, fallback: unknown, hasDefault: boolean) => Fn;

/** The value of own property `key`, or undefined. Works on primitives too ("abc" has an own `length`). */
export function ownValue(data: unknown, key: string): unknown {
  return data !== null && data !== undefined && hasOwnProperty.call(data, key) ? (data as Bag)[key] : undefined;
}

// Identical bodies on purpose (see above): do not merge them into one.
const SLOTS: readonly Slot[] = [
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
  (k, path, fallback, hasDefault) => (d, t) => {
    const v = d !== null && d !== undefined && (((d as Proto).__proto__ === OBJECT_PROTOTYPE && EMPTY[k] === undefined) || hasOwnProperty.call(d, k)) ? (d as Bag)[k] : undefined;
    if (t !== undefined) t.read(path, v === undefined ? fallback : v, v !== undefined, hasDefault);
    return v === undefined ? fallback : v;
  },
];

/** The first keys seen get a slot each; later ones share by hash. Bounded, so it cannot grow without limit. */
const slotByKey = new Map<string, number>();

function slotOf(key: string): Slot {
  let slot = slotByKey.get(key);
  if (slot === undefined && slotByKey.size < SLOTS.length) slotByKey.set(key, (slot = slotByKey.size));
  if (slot === undefined) {
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
    slot = Math.abs(hash) % SLOTS.length;
  }
  return SLOTS[slot]!;
}

/**
 * `{"var": key}` for a key without dots: the own value, or `fallback` when it
 * is absent or undefined, reported to the tracer under `path`.
 */
export function ownKeyVar(key: string, path: string, fallback: unknown, hasDefault: boolean): Fn {
  return slotOf(key)(key, path, fallback, hasDefault);
}

/** One step of a longer path: the own value or undefined. Call it without a tracer. */
export function ownStep(key: string): Fn {
  return slotOf(key)(key, key, undefined, false);
}
