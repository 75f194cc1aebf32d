/**
 * carespec's JSON results against the oracle's figures. Counts, shares, sums,
 * minima, maxima and distinct-per-group means must agree exactly (the same
 * IEEE operations on exact counts and sums); means and percentiles within a
 * relative 1e-9, as the two engines may round the last bit of a quotient or
 * an interpolation differently. Every disagreement is returned as text.
 */
import type { OracleFigures } from './oracle.js';
import type { MetricFigure, RecordFigure } from './figures.js';

/** The parts of schemas/results.schema.json (1.1) the oracle reads. */
export interface Results {
  metrics: { name: string; aggregate: string; value: number | null; windows?: { label: string; value: number | null }[]; reason?: string }[];
  rules: {
    id: string;
    status: string;
    records?: { checked: number; failed: number; failedLines: { file: string; lines: number[] }[] };
    windows?: { label: string; status: string; values: Record<string, number | null> }[];
  }[];
}

export const RELATIVE_TOLERANCE = 1e-9;
const TOLERANT = new Set(['mean', 'percentile']);

function agrees(aggregate: string, got: number | null | undefined, expected: number | null, tally: Tally): boolean {
  if (got === undefined) return false;
  tally.metricWindows++;
  if (expected !== null) tally.withValue++;
  if (typeof got === 'number' && expected !== null && got !== expected) tally.inexact++;
  if (got === null || expected === null) return got === expected;
  if (!TOLERANT.has(aggregate)) return Object.is(got, expected) || got === expected;
  return Math.abs(got - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
}

export interface Tally {
  /** Metric values compared (whole period and windows), and how many of them the oracle found a value for. */
  metricWindows: number;
  withValue: number;
  /** Values compared within the tolerance that were not bit-identical. */
  inexact: number;
  records: number;
  failingLines: number;
  windowRules: number;
}

export function compare(results: Results, oracle: OracleFigures, tally: Tally): string[] {
  const problems: string[] = [];
  for (const [name, figure] of oracle.metrics) {
    const got = results.metrics.find((m) => m.name === name);
    if (!got) problems.push(`metric ${name}: missing from the results`);
    else problems.push(...compareMetric(got, figure, tally));
  }
  for (const [id, figure] of oracle.records) {
    const rule = results.rules.find((r) => r.id === id);
    problems.push(...compareRecords(id, rule, figure));
    tally.records++;
    tally.failingLines += figure.failedLines.reduce((n, f) => n + f.lines.length, 0);
  }
  for (const [id, windows] of oracle.windows) {
    const got = results.rules.find((r) => r.id === id)?.windows ?? [];
    if (JSON.stringify(got) !== JSON.stringify(windows)) problems.push(`rule ${id} windows: expected ${JSON.stringify(windows)}, got ${JSON.stringify(got)}`);
    tally.windowRules++;
  }
  return problems;
}

function compareMetric(got: Results['metrics'][number], figure: MetricFigure, tally: Tally): string[] {
  const problems: string[] = [];
  const name = got.name;
  if (figure.absent !== undefined) {
    tally.metricWindows += 1 + (figure.windows?.length ?? 0);
    if (got.value !== null || got.reason === undefined) problems.push(`metric ${name}: expected no value (${figure.absent}), got ${got.value} (reason: ${got.reason ?? 'none'})`);
    return problems;
  }
  if (!agrees(got.aggregate, got.value, figure.value, tally)) problems.push(`metric ${name}: expected ${figure.value}, got ${got.value}`);
  const labels = (figure.windows ?? []).map((w) => w.label);
  const gotLabels = (got.windows ?? []).map((w) => w.label);
  if (JSON.stringify(labels) !== JSON.stringify(gotLabels)) problems.push(`metric ${name}: windows ${JSON.stringify(labels)} expected, got ${JSON.stringify(gotLabels)}`);
  for (const [i, w] of (figure.windows ?? []).entries()) {
    const value = got.windows?.[i]?.value;
    if (!agrees(got.aggregate, value, w.value, tally)) problems.push(`metric ${name} ${w.label}: expected ${w.value}, got ${value}`);
  }
  return problems;
}

function compareRecords(id: string, rule: Results['rules'][number] | undefined, figure: RecordFigure): string[] {
  if (!rule) return [`rule ${id}: missing from the results`];
  if (figure.absent !== undefined) {
    return rule.status === 'not_evidenced' || rule.status === 'waived' ? [] : [`rule ${id}: expected not evidenced (${figure.absent}), got ${rule.status}`];
  }
  const got = rule.records;
  if (!got) return [`rule ${id}: no records in the results (status ${rule.status})`];
  const problems: string[] = [];
  if (got.checked !== figure.checked) problems.push(`rule ${id}: checked expected ${figure.checked}, got ${got.checked}`);
  if (got.failed !== figure.failed) problems.push(`rule ${id}: failed expected ${figure.failed}, got ${got.failed}`);
  if (JSON.stringify(got.failedLines) !== JSON.stringify(figure.failedLines)) {
    problems.push(`rule ${id}: failing lines expected ${JSON.stringify(figure.failedLines).slice(0, 300)}, got ${JSON.stringify(got.failedLines).slice(0, 300)}`);
  }
  return problems;
}
