/**
 * The operations that decide which of their arguments to evaluate: if/and/or
 * (short-circuiting) and the scoped ones, whose body runs once per element.
 */
import { chargeBuilt, chargeSteps } from './budget.js';
import { truthy } from './semantics.js';
import type { Fn } from './types.js';

export function compileIf(fns: readonly Fn[]): Fn {
  const n = fns.length;
  const [a, b, c] = fns;
  if (n === 0) return () => null;
  if (n === 1 && a) return a;
  if (n === 3 && a && b && c) return (d, t) => (truthy(a(d, t)) ? b(d, t) : c(d, t));
  // Pairs of condition and consequent, then an optional else; no else and no match gives null.
  return (d, t) => {
    let i = 0;
    for (; i < n - 1; i += 2) if (truthy(fns[i]!(d, t))) return fns[i + 1]!(d, t);
    return i === n - 1 ? fns[i]!(d, t) : null;
  };
}

/**
 * First falsy value, or the last value; undefined when there are no arguments.
 * `booleans`: every operand always returns true or false, so `&&` gives the same value without `truthy()`.
 */
export function compileAnd(fns: readonly Fn[], booleans = false): Fn {
  const [a, b, c] = fns;
  if (fns.length === 0) return () => undefined;
  if (fns.length === 1 && a) return a;
  if (booleans && fns.length === 2 && a && b) return (d, t) => (a(d, t) as boolean) && (b(d, t) as boolean);
  if (booleans && fns.length === 3 && a && b && c) return (d, t) => (a(d, t) as boolean) && (b(d, t) as boolean) && (c(d, t) as boolean);
  if (fns.length === 2 && a && b) return (d, t) => {
    const x = a(d, t);
    return truthy(x) ? b(d, t) : x;
  };
  if (fns.length === 3 && a && b && c) return (d, t) => {
    const x = a(d, t);
    if (!truthy(x)) return x;
    const y = b(d, t);
    return truthy(y) ? c(d, t) : y;
  };
  return (d, t) => {
    let current: unknown;
    for (const fn of fns) if (!truthy((current = fn(d, t)))) return current;
    return current;
  };
}

/** First truthy value, or the last value; undefined when there are no arguments. `booleans` as for compileAnd. */
export function compileOr(fns: readonly Fn[], booleans = false): Fn {
  const [a, b, c] = fns;
  if (fns.length === 0) return () => undefined;
  if (fns.length === 1 && a) return a;
  if (booleans && fns.length === 2 && a && b) return (d, t) => (a(d, t) as boolean) || (b(d, t) as boolean);
  if (booleans && fns.length === 3 && a && b && c) return (d, t) => (a(d, t) as boolean) || (b(d, t) as boolean) || (c(d, t) as boolean);
  if (fns.length === 2 && a && b) return (d, t) => {
    const x = a(d, t);
    return truthy(x) ? x : b(d, t);
  };
  return (d, t) => {
    let current: unknown;
    for (const fn of fns) if (truthy((current = fn(d, t)))) return current;
    return current;
  };
}

export type Scoped = 'filter' | 'map' | 'reduce' | 'all' | 'none' | 'some';

/**
 * The body runs once per element with the element as its data, and without
 * the tracer: the tracer only hears about reads of the root data. Each run is
 * charged `bodyWeight` steps (the body's size) to the evaluation budget before
 * it starts, so nested loops are bounded by their product, not level by level.
 */
export function compileScoped(op: Scoped, source: Fn, body: Fn, initial: Fn | undefined, bodyWeight: number): Fn {
  const weight = Math.max(1, bodyWeight);
  switch (op) {
    case 'filter':
      return (d, t) => {
        const items = source(d, t);
        if (!Array.isArray(items)) return [];
        chargeSteps(items.length * weight);
        const kept = items.filter((item) => truthy(body(item, undefined)));
        chargeBuilt(kept.length);
        return kept;
      };
    case 'map':
      return (d, t) => {
        const items = source(d, t);
        if (!Array.isArray(items)) return [];
        chargeSteps(items.length * weight);
        chargeBuilt(items.length);
        return items.map((item) => body(item, undefined));
      };
    case 'reduce':
      return (d, t) => {
        const items = source(d, t);
        const start = initial === undefined ? null : initial(d, t);
        if (!Array.isArray(items)) return start;
        chargeSteps(items.length * weight);
        return items.reduce((accumulator: unknown, current: unknown) => body({ current, accumulator }, undefined), start);
      };
    case 'all':
      return (d, t) => {
        const items = source(d, t);
        // All of an empty list is false in JSON Logic.
        if (!Array.isArray(items) || items.length === 0) return false;
        for (let i = 0; i < items.length; i++) {
          chargeSteps(weight);
          if (!truthy(body(items[i], undefined))) return false;
        }
        return true;
      };
    case 'none':
      return (d, t) => {
        const items = source(d, t);
        if (!Array.isArray(items) || items.length === 0) return true;
        for (let i = 0; i < items.length; i++) {
          chargeSteps(weight);
          if (truthy(body(items[i], undefined))) return false;
        }
        return true;
      };
    case 'some':
      return (d, t) => {
        const items = source(d, t);
        if (!Array.isArray(items) || items.length === 0) return false;
        for (let i = 0; i < items.length; i++) {
          chargeSteps(weight);
          if (truthy(body(items[i], undefined))) return true;
        }
        return false;
      };
  }
}
