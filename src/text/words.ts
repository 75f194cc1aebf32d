/**
 * Words and numbers as a report prints them: counts with correct plurals,
 * percentages at a fixed precision, money in pounds and pence (en-GB).
 */

/** "1 row", "2 rows"; `many` for irregular plurals. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** 1234567 → "1,234,567": grouping by hand, so no ICU locale data is loaded for a count. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n);
}

/** A share (0–1) as a percentage with two decimals: 0.015086 → "1.51 %". */
export function formatShare(share: number): string {
  return `${formatNumber(share * 100)} %`;
}

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** £12.60, £23,100.00 (pence always shown; a rate's third and fourth decimals kept, never rounded away). */
export function formatMoney(value: number): string {
  return POUNDS.format(value);
}

/** Whether a unit is money: `GBP`, or a rate such as `GBP/hour`. */
export function isMoneyUnit(unit: string | undefined): boolean {
  return unit !== undefined && /^GBP(\/[a-z]+)?$/i.test(unit);
}

/** A number up to two decimals, trailing zeros dropped: 12.5, 2, 1.51. */
export function formatNumber(value: number): string {
  // Grouped from five digits: 12,345 visits, but a year or a four-digit count stays as written (2025).
  if (Number.isInteger(value)) return Math.abs(value) >= 10_000 ? formatCount(value) : String(value);
  return String(Math.round(value * 100) / 100);
}

/**
 * A value with its unit as a reader says it: £12.60 an hour, £600.00, 2 %, 30 minutes, 12 years.
 * Unknown units follow the number as written.
 */
export function formatQuantity(value: number | string | boolean, unit: string | undefined): string {
  if (typeof value !== 'number') return String(value);
  if (unit === undefined) return formatNumber(value);
  const money = /^GBP(?:\/([a-z]+))?$/i.exec(unit);
  if (money) return money[1] ? `${formatMoney(value)} ${money[1] === 'hour' ? 'an hour' : `a ${money[1]}`}` : formatMoney(value);
  if (unit === '%' || unit === 'percent') return `${formatNumber(value)} %`;
  const plain = /^([a-z]+)s$/i.exec(unit);
  if (plain) return value === 1 ? `1 ${plain[1]}` : `${formatNumber(value)} ${unit}`;
  return `${formatNumber(value)} ${unit}`;
}

/** "14 of 928 rows failed (1.51 %, tolerance 2 %)": a per-record rule's rows, pass or fail. */
export function rowsSummary(records: { checked: number; failed: number; tolerance: number }): string {
  const share = records.checked === 0 ? 0 : records.failed / records.checked;
  return `${formatCount(records.failed)} of ${plural(records.checked, 'row')} failed (${formatShare(share)}, tolerance ${formatNumber(records.tolerance * 100)} %)`;
}
