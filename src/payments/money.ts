/**
 * Money and quantities as exact decimals (big.js), never floats: a rate of 17.50 times 1,000
 * hours is 17500.00, and a statement's lines add up to its total to the penny because each
 * line is rounded once, by its declared rule, and the total is the sum of the rounded lines.
 */
import Big from 'big.js';
import type { RoundingMode } from '../model/types.js';

/** A plain decimal: optional minus, digits, optional fraction. No "£", no thousands separators. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export type Parsed = { ok: true; value: Big } | { ok: false; reason: string };

/**
 * A number or decimal string as written. A YAML number is taken at its shortest decimal form
 * (what the author wrote: 17.5 → "17.5"), so no binary residue enters the arithmetic.
 */
export function parseDecimal(value: unknown, what: string): Parsed {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: `${what} is ${String(value)}, not a number` };
    return { ok: true, value: new Big(String(value)) };
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (DECIMAL.test(text)) return { ok: true, value: new Big(text) };
    if (/[£$€]/.test(text) || /\d,\d{3}/.test(text)) {
      const plain = text.replace(/[£$€,\s]/g, '');
      return { ok: false, reason: `${what} "${value}" is text with a currency sign or thousands separator; write it as a plain decimal${DECIMAL.test(plain) ? ` (${plain})` : ''}` };
    }
    return { ok: false, reason: `${what} "${value}" is not a decimal number` };
  }
  return { ok: false, reason: `${what} is ${value === null || value === undefined ? 'absent' : typeof value}, not a number` };
}

const MODES: Record<RoundingMode, Big.RoundingMode> = { half_up: Big.roundHalfUp, half_even: Big.roundHalfEven, down: Big.roundDown };

/** Round to the penny by the declared rule. `down` rounds towards zero. */
export function toPence(value: Big, mode: RoundingMode): Big {
  return value.round(2, MODES[mode]);
}

/** "23100.00": pounds with two places, the JSON form of money. */
export function moneyText(value: Big): string {
  return value.toFixed(2);
}

/** A quantity as text: exact when it has at most 6 decimal places, else rounded half-even to 6 (named in the docs). */
export function quantityText(value: Big): string {
  const exact = value.toString();
  const dot = exact.indexOf('.');
  if (dot === -1 || exact.length - dot - 1 <= 6) return value.toFixed(Math.max(0, dot === -1 ? 0 : exact.length - dot - 1));
  return value.round(6, Big.roundHalfEven).toString();
}

export const ZERO = new Big(0);

export function sum(values: readonly Big[]): Big {
  return values.reduce((a, b) => a.plus(b), ZERO);
}

export { Big };
