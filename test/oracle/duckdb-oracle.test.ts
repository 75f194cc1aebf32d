/**
 * Issue #12 item 10: an independent oracle for every figure carespec computes.
 * For each bundled example and for the benchmark's generated visits, DuckDB
 * recomputes from the CSV files every metric (whole period and each window),
 * every per-record rule's rows checked, failed and failing lines, and every
 * every_window rule's window statuses, and carespec's JSON results must agree
 * (see compare.ts for the tolerance, docs/data.md "Independent oracle").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { benchCases, carespecResults, exampleCases, type OracleCase } from './cases.js';
import { compare, type Results, type Tally } from './compare.js';
import { runOracle, type Wanted } from './oracle.js';
import { readSpecFiles } from './spec-files.js';

/**
 * What the oracle cannot express, as "case: item" → reason. Every item skipped
 * must be listed here and every listed item must be skipped, so nothing is
 * left out silently. Empty: the bundled rules use only the translated subset.
 */
/**
 * What the oracle's SQL translator cannot express, with the reason: the minimum-wage rule picks the
 * age band's rate with `if` as a value, and ASCOF 2B's cohort is chosen by month with `substr`.
 * Each is skipped by name, never silently; the figures they read are still compared where they are metrics.
 */
const CANNOT_EXPRESS: Record<string, string> = {
  'ethical-care-homecare-bnes/compliant: rule wage-nlw-statutory-minimum': '"if" used as a value rather than a condition',
  'ethical-care-homecare-bnes/failing: rule wage-nlw-statutory-minimum': '"if" used as a value rather than a condition',
  'ethical-care-homecare-bnes/partial: rule wage-nlw-statutory-minimum': '"if" used as a value rather than a condition',
  'outcome-homecare-bfc/compliant: metric ascof_2b_share': 'the operation "substr"',
  'outcome-homecare-bfc/failing: metric ascof_2b_share': 'the operation "substr"',
  'outcome-homecare-bfc/partial: metric ascof_2b_share': 'the operation "substr"',
  'reablement-wnc/compliant: metric ascof_2b_share': 'the operation "substr"',
  'reablement-wnc/compliant: rule wage-nlw-statutory-minimum': '"if" used as a value rather than a condition',
  'reablement-wnc/failing: metric ascof_2b_share': 'the operation "substr"',
  'reablement-wnc/failing: rule wage-nlw-statutory-minimum': '"if" used as a value rather than a condition',
  'reablement-wnc/partial: metric ascof_2b_share': 'the operation "substr"',
  'reablement-wnc/partial: rule wage-nlw-statutory-minimum': '"if" used as a value rather than a condition',
};

const skipped = new Map<string, string>();
const tally: Tally = { metricWindows: 0, withValue: 0, inexact: 0, records: 0, failingLines: 0, windowRules: 0 };
const seen = { cases: 0, metrics: 0 };

/** The metrics and rules carespec reports, sorted by how the oracle recomputes them (from the rule files, not the results). */
function wanted(c: OracleCase, results: Results): Wanted {
  const spec = readSpecFiles(c.spec);
  return {
    metrics: results.metrics.map((m) => m.name),
    recordRules: results.rules.filter((r) => spec.rules.get(r.id)?.per_record !== undefined).map((r) => r.id),
    windowRules: results.rules.filter((r) => spec.rules.get(r.id)?.every_window === true).map((r) => r.id),
  };
}

async function agreement(c: OracleCase, tamper?: (results: Results) => void): Promise<string[]> {
  const results = await carespecResults(c);
  tamper?.(results);
  const oracle = await runOracle(c.spec, c.evidence, wanted(c, results), ROOT);
  for (const [item, reason] of oracle.cannot) skipped.set(`${c.name}: ${item}`, reason);
  seen.cases++;
  seen.metrics += oracle.metrics.size;
  // carespec must report every metric the imported libraries declare.
  const declared = [...readSpecFiles(c.spec).metrics.keys()].sort();
  const reported = results.metrics.map((m) => m.name).sort();
  const missing = declared.filter((m) => !reported.includes(m)).map((m) => `metric ${m}: declared but not in the results`);
  return [...missing, ...compare(results, oracle, tally)];
}

describe('independent DuckDB oracle', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'carespec-oracle-'));
  let bench: OracleCase[] = [];
  beforeAll(async () => {
    bench = await benchCases(scratch);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(exampleCases(ROOT).map((c) => [c.name, c] as const))('agrees with carespec on example %s', async (_name, c) => {
    expect(await agreement(c)).toEqual([]);
  });

  it("agrees with carespec on the benchmark's generated visits", async () => {
    expect(await agreement(bench[0]!)).toEqual([]);
  });

  it('agrees with carespec on every aggregate and window kind (the oracle fixture library over the same visits)', async () => {
    expect(await agreement(bench[1]!)).toEqual([]);
  });

  it('notices a wrong figure: a window value, a count of rows checked, a failing line, a window status', async () => {
    const own: Tally = { ...tally };
    const problems = await agreement(bench[1]!, (results) => {
      const metric = results.metrics.find((m) => m.windows?.some((w) => w.value !== null))!;
      const window = metric.windows!.find((w) => w.value !== null)!;
      window.value = window.value! * (1 + 1e-6);
      const rule = results.rules.find((r) => (r.records?.failed ?? 0) > 0)!;
      rule.records!.checked++;
      rule.records!.failedLines[0]!.lines[0]!++;
      const windowed = results.rules.find((r) => r.windows?.some((w) => w.status === 'pass'))!;
      windowed.windows!.find((w) => w.status === 'pass')!.status = 'fail';
    });
    Object.assign(tally, own); // this run is not part of the coverage count
    seen.cases--;
    expect(problems).toHaveLength(4);
  });

  it('skips exactly the items listed as inexpressible, and recomputes figures in every case', () => {
    expect(Object.fromEntries(skipped)).toEqual(CANNOT_EXPRESS);
    expect(seen.cases).toBe(exampleCases(ROOT).length + bench.length);
    expect(tally.metricWindows).toBeGreaterThan(seen.metrics);
    expect(tally.records).toBeGreaterThan(0);
    expect(tally.windowRules).toBeGreaterThan(0);
    expect(tally.withValue).toBeGreaterThan(tally.metricWindows / 2);
    expect(tally.failingLines).toBeGreaterThan(0);
    console.log(
      `oracle: ${seen.cases} checks; ${tally.metricWindows} metric values (whole period and windows, ${tally.withValue} with a value, ${tally.inexact} agreeing within the tolerance but not bit for bit); ` +
        `${tally.records} per-record outcomes with ${tally.failingLines} failing lines; ${tally.windowRules} every_window rules`,
    );
  });
});
