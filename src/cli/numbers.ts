/**
 * Numeric command-line values, read strictly. `Number(text)` takes `1e999`
 * (Infinity), `0x10`, ` 5 `, `1.0` and `""` (0), so `--max-warnings 1e999`
 * allowed any number of warnings; a count is digits only, and exact.
 */
export function parseCount(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
