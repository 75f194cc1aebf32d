/**
 * The generated per-row step (src/data/kernel.ts) must give exactly the
 * CheckResult of the closure path, whether every group and rule is generated
 * or some fall back to closures, with and without parallel parts.
 */
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edit } from '../helpers.js';
import { readFixture, runData } from './support.js';
import type { ReadDataOptions } from '../../src/data/index.js';
import { buildConsumers, type ScanJob } from '../../src/data/scanning/consumers.js';
import { buildKernel } from '../../src/data/scanning/kernel.js';
import type { Metric } from '../../src/model/types.js';

const closures: ReadDataOptions = { pseudonymKey: 'test-key', maxFailures: 5, parallel: { workers: 0 }, kernel: false };
const generated: ReadDataOptions = { ...closures, kernel: true };
const generatedInParts: ReadDataOptions = { ...generated, parallel: { minBytes: 1, workers: 1 } };

const text = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)).replace(/carespec-test-[A-Za-z0-9]+/g, 'carespec-test-X');

/** Many visits (repeating the fixture's rows on other days), so failures pass the listing limit. */
function moreVisits(dir: string): void {
  const file = path.join(dir, 'data', 'visits.csv');
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const days = Array.from({ length: 46 }, (_, i) => new Date(Date.UTC(2025, 3, 1) + i * 2 * 86_400_000).toISOString().slice(0, 10));
  const out = [header!];
  for (const day of days) for (const row of rows) out.push(row.replace(/\d{4}-\d{2}-\d{2}/, day));
  writeFileSync(file, `${out.join('\n')}\n`);
}

/** A plain-data job over the given metrics and rules, as readDatasets builds one. */
const jobOf = (metrics: ScanJob['metrics'], rules: ScanJob['rules']): ScanJob => ({
  metrics,
  rules,
  identifiers: [],
  maxFailures: 10,
  parameters: new Map(),
  region: 'default',
  asOf: '2025-06-30',
  kernel: true,
});

describe('the generated per-row step', () => {
  it('gives the closure path CheckResult on the fixture', async () => {
    const one = await runData(moreVisits, closures);
    const two = await runData(moreVisits, generated);
    const three = await runData(moreVisits, generatedInParts);
    expect(text(two)).toBe(text(one));
    expect(text(three)).toBe(text(one));
    expect(one.rules.some((r) => (r.records?.failed ?? 0) > 5)).toBe(true);
  });

  it('hands logic outside its subset back to the closures, errors and line numbers included', async () => {
    const mutate = (dir: string) => {
      moreVisits(dir);
      // Arithmetic is outside the subset; a parameter with no value in force on its date throws on the first 60-minute visit.
      edit(path.join(dir, 'library.yaml'), 'match: { "<=": [{ var: start_delay_minutes }, 30] }', 'match: { "<=": [{ "+": [{ var: start_delay_minutes }, 0] }, 30] }');
      edit(path.join(dir, 'library.yaml'), '- { ">=": [{ var: row.planned_minutes }, { param: min_visit_minutes }] }', '- { "if": [{ ">": [{ var: row.planned_minutes }, 50] }, { param: [min_visit_minutes, "2000-01-01"] }, { ">=": [{ var: row.planned_minutes }, { param: min_visit_minutes }] }] }');
    };
    const one = await readFixture(mutate, closures);
    const two = await readFixture(mutate, generated);
    expect(text(two)).toBe(text(one));
    expect(one.records.get('visit-min-length')?.error).toMatch(/line \d+/);
  });

  it('generates what it can and says so', () => {
    const metric = (name: string, where: unknown, match?: unknown): Metric =>
      ({ name, title: name, dataset: 'visits', aggregate: match === undefined ? 'count' : 'share', where, ...(match === undefined ? {} : { match }) }) as Metric;
    const job = jobOf(
      [
        { metric: metric('done', { '==': [{ var: 'status' }, 'completed'] }, { '!': { var: 'late' } }), months: 1, windows: 3 },
        { metric: metric('sum_like', { '==': [{ var: 'status' }, 'completed'] }), months: 0, windows: 0 },
        { metric: metric('arith', { '>': [{ '+': [{ var: 'minutes' }, 1] }, 10] }), months: 0, windows: 0 },
      ],
      [
        { ruleId: 'native', where: { in: [{ var: 'row.status' }, ['completed', 'missed']] }, test: { '>=': [{ var: 'row.minutes' }, 30] } },
        { ruleId: 'closure', test: { '>=': [{ var: 'row.minutes' }, { param: 'min_visit_minutes' }] } },
      ],
    );
    const consumers = buildConsumers(job);
    const kernel = buildKernel(consumers, new Set(['status', 'late', 'minutes']), () => {});
    expect(kernel.generated).toEqual({ groups: 1, rules: 1 });
    // Column names and literals appear only as JSON string literals.
    expect(kernel.source).toContain('row["status"] == "completed"');
    expect(kernel.source).toContain('G(1, m, q, line);');
    expect(kernel.source).toMatch(/R\d+\.add\(line\);/);
  });

  it('leaves a column whose name is not a plain identifier to the closures', () => {
    const job = jobOf([{ metric: { name: 'odd', title: 'odd', dataset: 'visits', aggregate: 'count', where: { '==': [{ var: 'odd name' }, 'x'] } } as Metric, months: 0, windows: 0 }], []);
    const kernel = buildKernel(buildConsumers(job), new Set(['odd name']), () => {});
    expect(kernel.generated).toEqual({ groups: 0, rules: 0 });
  });
});
