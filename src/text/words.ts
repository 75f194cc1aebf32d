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
  return `${(share * 100).toFixed(2)} %`;
}
