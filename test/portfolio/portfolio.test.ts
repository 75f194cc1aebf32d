/**
 * `carespec portfolio`, `diff` and `impact` through the CLI on the bundled examples: each provider's
 * result in a portfolio is byte for byte what `check` gives alone, in this thread or in workers; a
 * malformed bundle is reported while the others complete; diff classifies every transition; impact
 * of a raised threshold names exactly the providers that newly fail.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { preparePlan } from '../../src/pipeline.js';
import { kpiDefinitions } from '../../src/portfolio/kpis.js';
import { summarise } from '../../src/portfolio/summary.js';
import type { CheckResult } from '../../src/model/types.js';
import type { PortfolioReport } from '../../src/portfolio/types.js';
import type { DiffReport, ImpactReport } from '../../src/compare/reports.js';
import { repoFile } from '../helpers.js';

const SPEC = repoFile('specs', 'ethical-care-homecare-bnes.md');
const BUNDLES = ['compliant', 'partial', 'failing'].map((b) => repoFile('examples', 'ethical-care-homecare-bnes', b, 'evidence.yaml'));
const dir = mkdtempSync(path.join(tmpdir(), 'carespec-portfolio-'));

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

/** The BNES spec with its imports made absolute (so it can live in a scratch folder) and front matter added. */
function variant(name: string, frontMatter: string): string {
  const text = readFileSync(SPEC, 'utf8').replaceAll('../rules/', `${repoFile('rules')}/`).replace('verdict: { policy: must }', `verdict: { policy: must }\n${frontMatter}`);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function plan() {
  const prepared = preparePlan(SPEC);
  if (!prepared.ok) throw new Error('the bundled specification does not assemble');
  return prepared.value;
}

const singles: string[] = [];
beforeAll(async () => {
  for (const bundle of BUNDLES) {
    const checked = await cli('check', SPEC, '--evidence', bundle, '--format', 'json');
    expect(checked.code === 0 || checked.code === 1).toBe(true);
    singles.push(checked.out);
  }
}, 120_000);

describe('carespec portfolio', () => {
  it.each(['1', '2'])('gives each provider exactly the result of check alone (--jobs %s)', async (jobs) => {
    const results = path.join(dir, `results-${jobs}`);
    const { code, out } = await cli('portfolio', SPEC, ...BUNDLES, '--format', 'json', '--jobs', jobs, '--results-dir', results);
    expect(code).toBe(1); // the failing bundle is not compliant
    const report = JSON.parse(out) as PortfolioReport;
    // The whole result goes to the results folder, byte for byte what check writes; the row is its summary.
    expect(report.providers.map((p) => readFileSync(p.resultFile!, 'utf8'))).toEqual(singles);
    expect(readdirSync(results).sort()).toEqual(report.providers.map((p) => path.basename(p.resultFile!)).sort());
    const kpis = kpiDefinitions(plan());
    for (const [i, row] of report.providers.entries()) {
      const { evidence, resultFile, ...summary } = row;
      expect(evidence).toBe(BUNDLES[i]);
      expect(resultFile).toBeDefined();
      expect(summary).toEqual(summarise(JSON.parse(singles[i]!) as CheckResult, kpis));
    }
    expect(report.failed).toEqual([]);
    expect(report.league.map((e) => e.provider)).toEqual(['Avon Valley Homecare Ltd (fictional)', 'Chew Valley Care Services Ltd (fictional)', 'Keynsham Home Support Ltd (fictional)']);
    const punctuality = report.providers.map((p) => p.kpis.find((k) => k.rule === 'hc-punctuality')?.rag);
    expect(punctuality).toEqual(['green', 'green', 'red']);
    expect(report.method.quantiles).toContain('definition 7');
  }, 120_000);

  it('writes the same report whatever the concurrency', async () => {
    const one = await cli('portfolio', SPEC, ...BUNDLES, '--jobs', '1');
    const two = await cli('portfolio', SPEC, ...BUNDLES, '--jobs', '3');
    expect(two.out).toBe(one.out);
    expect(one.out).toContain('## League table');
    expect(one.out).toContain('Hyndman & Fan');
  }, 120_000);

  it('reports a malformed bundle with its diagnostics and checks the others; exit 2 only when none could be checked', async () => {
    const bad = path.join(dir, 'bad-evidence.yaml');
    writeFileSync(bad, 'carespec: evidence/1\nprovider: [not, a, mapping\n');
    const manifest = path.join(dir, 'portfolio.yaml');
    writeFileSync(manifest, `carespec: portfolio/1\nspec: ${SPEC}\nproviders:\n  - evidence: ${BUNDLES[0]}\n  - evidence: bad-evidence.yaml\n  - evidence: ${BUNDLES[1]}\n`);
    const { code, out, err } = await cli('portfolio', '--manifest', manifest, '--format', 'json', '--jobs', '2');
    expect(code).toBe(1);
    const report = JSON.parse(out) as PortfolioReport;
    expect(report.providers.map((p) => p.verdict)).toEqual(['compliant', 'compliant']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.evidence).toContain('bad-evidence.yaml');
    expect(report.failed[0]!.diagnostics.length).toBeGreaterThan(0);
    expect(err).toContain('bad-evidence.yaml could not be checked');
    const none = await cli('portfolio', SPEC, bad, '--jobs', '1');
    expect(none.code).toBe(2);
    expect(none.out).toContain('## Not checked');
  }, 120_000);

  it('states RAG with the spec\'s amber margins, the accreditation register and concentration (HHI)', async () => {
    const spec = variant('market.md', 'portfolio: { amber_margin: { default: 0, punctuality_rate: 10 }, volume: { metric: planned_minutes_completed } }\naccreditation: { valid_for_months: 12 }');
    const { out } = await cli('portfolio', spec, ...BUNDLES, '--format', 'json', '--jobs', '1');
    const report = JSON.parse(out) as PortfolioReport;
    expect(report.providers.map((p) => p.kpis.find((k) => k.rule === 'hc-punctuality')?.rag)).toEqual(['amber', 'amber', 'red']);
    const register = report.accreditation!.register;
    expect(register.map((e) => e.accredited)).toEqual([true, true, false]);
    expect(register[0]!.expires).toBe(`${Number(register[0]!.checked.slice(0, 4)) + 1}${register[0]!.checked.slice(4)}`);
    const c = report.concentration!;
    expect(c.status).toBe('computed');
    const shares = c.shares.map((s) => s.share!);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 1);
    expect(c.hhi).toBe(Math.round(c.shares.reduce((sum, s) => sum + (100 * s.volume!) / c.total! * ((100 * s.volume!) / c.total!), 0)));
    expect(c.band).toBe(c.hhi! > 2000 ? 'highly concentrated' : c.hhi! > 1000 ? 'concentrated' : 'unconcentrated');
  }, 120_000);
});

describe('carespec diff', () => {
  it('classifies newly failing, fixed, still failing, added, removed and a method change; --fail-on regression', async () => {
    const raised = variant('raised.md', '');
    // The same provider under a changed method: one rule's parameter differs, so its hash does.
    writeFileSync(raised, readFileSync(raised, 'utf8').replace('  ecc_max_short_visit_share: 0\n', '  ecc_max_short_visit_share: 0\n  min_punctuality_rate: 95.9\n'));
    const base = JSON.parse(singles[1]!) as CheckResult; // partial
    const headRun = await cli('check', raised, '--evidence', BUNDLES[1]!, '--format', 'json');
    const head = JSON.parse(headRun.out) as CheckResult;
    // A rule only in the head (added) and one only in the base (removed).
    const addedId = base.rules[0]!.id, removedId = head.rules[1]!.id;
    base.rules = base.rules.filter((r) => r.id !== addedId);
    head.rules = head.rules.filter((r) => r.id !== removedId);
    // A rule fixed and one still failing: edit statuses of the partial bundle's own results.
    const failing = base.rules.filter((r) => r.status === 'fail' && r.id !== removedId);
    expect(failing.length).toBeGreaterThanOrEqual(2);
    head.rules = head.rules.map((r) => (r.id === failing[0]!.id ? { ...r, status: 'pass' } : r));
    const baseFile = path.join(dir, 'base.json'), headFile = path.join(dir, 'head.json');
    writeFileSync(baseFile, JSON.stringify(base));
    writeFileSync(headFile, JSON.stringify(head));

    const { code, out } = await cli('diff', baseFile, headFile, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as DiffReport;
    const rules = new Map(report.providers[0]!.rules.map((r) => [r.id, r]));
    expect(rules.get('hc-punctuality')).toMatchObject({ transition: 'newly_failing', method: 'changed' });
    expect(rules.get('hc-punctuality')!.parameterChanges).toEqual(['min_punctuality_rate 90 → 95.9 (from 2019-10-01)']);
    expect(rules.get(failing[0]!.id)).toMatchObject({ transition: 'fixed', method: 'same' });
    expect(rules.get(failing[1]!.id)).toMatchObject({ transition: 'still_failing', method: 'same' });
    expect(rules.get(addedId)).toMatchObject({ transition: 'added', base: null });
    expect(rules.get(removedId)).toMatchObject({ transition: 'removed', head: null });
    expect(report.regression).toBe(true);
    const punctuality = report.providers[0]!.metrics.find((m) => m.metric === 'punctuality_rate')!;
    expect(punctuality.change).toBe('0');

    expect((await cli('diff', baseFile, headFile, '--fail-on', 'regression')).code).toBe(1);
    const md = await cli('diff', baseFile, headFile);
    expect(md.out).toContain('method changed');
  }, 120_000);

  it('gives signed KPI changes per window between two providers\' quarters, and compares portfolios', async () => {
    const portfolioA = path.join(dir, 'a.json'), portfolioB = path.join(dir, 'b.json');
    writeFileSync(portfolioA, (await cli('portfolio', SPEC, BUNDLES[0]!, BUNDLES[1]!, '--format', 'json', '--jobs', '1')).out);
    writeFileSync(portfolioB, (await cli('portfolio', SPEC, BUNDLES[0]!, BUNDLES[2]!, '--format', 'json', '--jobs', '1')).out);
    const { code, out } = await cli('diff', portfolioA, portfolioB, '--format', 'json', '--fail-on', 'regression');
    expect(code).toBe(0); // the provider in both is unchanged
    const report = JSON.parse(out) as DiffReport;
    expect(report.providers.map((p) => p.provider)).toEqual(['Avon Valley Homecare Ltd (fictional)']);
    expect(report.onlyInBase).toEqual(['Chew Valley Care Services Ltd (fictional)']);
    expect(report.onlyInHead).toEqual(['Keynsham Home Support Ltd (fictional)']);
    expect(report.providers[0]!.rules.every((r) => r.transition === 'still_passing' || r.transition === 'still_failing')).toBe(true);
    expect(report.providers[0]!.metrics.every((m) => m.change === null || m.change === '0')).toBe(true);
    // Mixing a portfolio with a single result is refused.
    const single = path.join(dir, 'single.json');
    writeFileSync(single, singles[0]!);
    expect((await cli('diff', portfolioA, single)).code).toBe(2);
  }, 120_000);
});

describe('carespec impact', () => {
  it('lists exactly the providers that newly fail when a threshold is raised, and why', async () => {
    const raised = variant('raised-impact.md', '');
    writeFileSync(raised, readFileSync(raised, 'utf8').replace('  ecc_max_short_visit_share: 0\n', '  ecc_max_short_visit_share: 0\n  min_punctuality_rate: 95.9\n'));
    for (const baseline of [SPEC, 'results']) {
      let baselineArg = baseline;
      if (baseline === 'results') {
        baselineArg = path.join(dir, 'old-portfolio.json');
        writeFileSync(baselineArg, (await cli('portfolio', SPEC, ...BUNDLES, '--format', 'json', '--jobs', '1')).out);
      }
      const { code, out } = await cli('impact', '--spec', raised, '--baseline', baselineArg, ...BUNDLES, '--format', 'json');
      expect(code).toBe(1);
      const report = JSON.parse(out) as ImpactReport;
      const newly = report.providers.filter((p) => p.newlyFailing.length > 0);
      expect(newly.map((p) => p.provider)).toEqual(['Avon Valley Homecare Ltd (fictional)', 'Chew Valley Care Services Ltd (fictional)']);
      for (const p of newly) expect(p.newlyFailing).toEqual([{ rule: 'hc-punctuality', base: 'pass', head: 'fail', why: 'parameter changed: min_punctuality_rate 90 → 95.9 (from 2019-10-01)' }]);
    }
  }, 240_000);
});

describe('carespec portfolio with payments', () => {
  it('gives each provider\'s total due and the exact portfolio total', async () => {
    const spec = repoFile('specs', 'reablement-lambeth.md');
    const bundles = ['compliant', 'failing'].map((b) => repoFile('examples', 'reablement-lambeth', b, 'evidence.yaml'));
    const { out } = await cli('portfolio', spec, ...bundles, '--format', 'json', '--jobs', '2', '--results-dir', path.join(dir, 'lambeth'));
    const report = JSON.parse(out) as PortfolioReport;
    const totals = report.providers.map((p) => (JSON.parse(readFileSync(p.resultFile!, 'utf8')) as CheckResult).payments!.total!);
    expect(report.providers.map((p) => p.paymentTotal)).toEqual(totals);
    const pence = totals.reduce((sum, t) => sum + BigInt(t.replace('.', '')), 0n);
    expect(report.payments!.total).toBe(`${pence / 100n}.${String(pence % 100n).padStart(2, '0')}`);
    const md = await cli('portfolio', spec, ...bundles, '--jobs', '1');
    expect(md.out).toContain('Portfolio total: £');
  }, 120_000);
});
