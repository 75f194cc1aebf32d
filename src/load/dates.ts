/** Calendar dates as carespec's files write them (ISO 8601, YYYY-MM-DD). Dependency-free, so the CLI can check options cheaply. */

/** An ISO date that exists on the calendar (2025-02-30 does not). */
export function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
