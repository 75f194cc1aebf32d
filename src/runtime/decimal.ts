/**
 * Arithmetic for rules, in decimal: a rule that multiplies 0.20 by 3 by 1,000
 * gets 600, not 600.0000000000001, so a declared £600.00 compares equal.
 * Each operand is taken at its shortest decimal form (what JSON and YAML
 * wrote), the operation is exact (big.js), and the result is the nearest
 * number to the exact decimal. Division keeps 20 significant places.
 *
 * A result that is not a finite number (division by zero, text that is not a
 * number) is refused with the reason: it is never compared as a value.
 */
import Big from 'big.js';

export class ArithmeticError extends Error {}

Big.DP = 20;
Big.RM = Big.roundHalfEven;

/** Numbers only: JSON Logic would read "12abc" as 12 and null as 0, which a verdict must never do. */
function operand(op: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ArithmeticError(`"${op}" needs numbers; ${describe(value)} is not one`);
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'an absent value';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return Array.isArray(value) ? 'a list' : String(value);
}

function result(op: string, value: Big | number): number {
  const n = typeof value === 'number' ? value : Number(value.toString());
  if (!Number.isFinite(n)) throw new ArithmeticError(`"${op}" gave ${String(n)}: ${op === '/' || op === '%' ? 'division by zero' : 'a number too large'}`);
  return n;
}

/** Integers stay on the fast path: their sums and products are exact until they pass 2^53. */
const exactInt = (n: number) => Number.isSafeInteger(n);

function add(values: readonly unknown[]): number {
  let total: Big | number = 0;
  for (const v of values) {
    const n = operand('+', v);
    if (typeof total === 'number' && exactInt(n) && exactInt(total + n)) total += n;
    else total = new Big(typeof total === 'number' ? total : total).plus(n);
  }
  return result('+', total);
}

function multiply(values: readonly unknown[]): number {
  if (values.length === 0) throw new ArithmeticError('"*" needs at least one number');
  let product: Big | number = operand('*', values[0]);
  for (const v of values.slice(1)) {
    const n = operand('*', v);
    if (typeof product === 'number' && exactInt(n) && exactInt(product * n)) product *= n;
    else product = new Big(product).times(n);
  }
  return result('*', product);
}

function subtract(values: readonly unknown[]): number {
  const a = operand('-', values[0]);
  if (values.length < 2 || values[1] === undefined) return result('-', -a);
  const b = operand('-', values[1]);
  return result('-', exactInt(a) && exactInt(b) ? a - b : new Big(a).minus(b));
}

function divide(values: readonly unknown[]): number {
  const a = operand('/', values[0]);
  const b = operand('/', values[1]);
  if (b === 0) throw new ArithmeticError(`"/" divides ${a} by zero`);
  return result('/', new Big(a).div(b));
}

function remainder(values: readonly unknown[]): number {
  const a = operand('%', values[0]);
  const b = operand('%', values[1]);
  if (b === 0) throw new ArithmeticError(`"%" divides ${a} by zero`);
  return result('%', new Big(a).mod(b));
}

function extreme(op: 'min' | 'max', values: readonly unknown[]): number {
  if (values.length === 0) throw new ArithmeticError(`"${op}" of no numbers`);
  const numbers = values.map((v) => operand(op, v));
  return op === 'min' ? Math.min(...numbers) : Math.max(...numbers);
}

/** The operations that replace JSON Logic's floating-point ones in carespec's rules. */
export const DECIMAL_OPERATIONS: Readonly<Record<string, (args: readonly unknown[]) => number>> = {
  '+': add,
  '*': multiply,
  '-': subtract,
  '/': divide,
  '%': remainder,
  min: (a) => extreme('min', a),
  max: (a) => extreme('max', a),
};
