/**
 * The payment examples (issue #15) end to end: each bundle's verdict and payment statement
 * (total to the penny, per-month subtotals, invoice reconciliation, named statuses), the JSON
 * results valid against the schema with money as strings, the markdown statement, `explain
 * --payment`, and the seeded payment data reproduced byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import type { CheckResult } from '../../src/model/types.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { paymentExampleFiles, writePaymentExamples } from '../../scripts/generate-payment-examples.js';
import { repoFile } from '../helpers.js';
import { createValidators } from '../../src/load/schema-validators.generated.js';

const POOL_BASIS = repoFile('examples', 'outcome-bonus-pool', 'pool-basis.yaml');

async function checkBundle(spec: string, bundle: string, poolBasis?: string): Promise<CheckResult> {
  const result = await check(repoFile('specs', `${spec}.md`), repoFile('examples', spec, bundle, 'evidence.yaml'), {
    readData: (plan, evidence) => readDatasets(plan, evidence, { pseudonymKey: 'test' }),
    ...(poolBasis ? { poolBasis } : {}),
  });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n'));
  return result.value;
}

const amounts = (r: CheckResult) => Object.fromEntries(r.payments!.payments.map((p) => [p.id, p.amount]));

describe('payment examples', () => {
  it('reablement-lambeth/compliant: tiered rate 1,400 / 1,000 / 950 hours = £57,225.00, no credits, invoice agrees', async () => {
    const r = await checkBundle('reablement-lambeth', 'compliant');
    expect(r.verdict).toBe('compliant');
    expect(r.payments).toMatchObject({ currency: 'GBP', total: '57225.00', status: 'complete' });
    expect(r.payments!.windows).toEqual([
      { label: '2025-04', amount: '23100.00' }, { label: '2025-05', amount: '17500.00' }, { label: '2025-06', amount: '16625.00' }, { label: 'period', amount: '0.00' },
    ]);
    expect(amounts(r)).toEqual({ 'lambeth-tiered-rate': '57225.00', 'kpi-credits': '0.00' });
    expect(r.payments!.invoice?.status).toBe('agrees');
    expect(r.payments!.parameters.map((p) => `${p.name}=${String(p.value)} from ${p.from}`)).toContain('lambeth_rate_first_band=17.5 from 2011-04-01');
  });

  it('reablement-lambeth/failing: three KPIs missed, credits capped at £500.00, invoice differs', async () => {
    const r = await checkBundle('reablement-lambeth', 'failing');
    expect(r.verdict).toBe('not_compliant');
    expect(amounts(r)).toEqual({ 'lambeth-tiered-rate': '57225.00', 'kpi-credits': '-500.00' });
    expect(r.payments!.total).toBe('56725.00');
    expect(r.payments!.invoice?.status).toBe('differs');
    expect(r.findings.filter((f) => f.kind === 'reconciliation').map((f) => f.message)).toEqual([
      'Invoice: 3,420 hours invoiced, 3,350 delivered (a difference of 70, tolerance 1)',
      'Invoice: £58,205.00 invoiced, £56,725.00 due by the payment statement (a difference of £1,480.00, tolerance £1.00)',
    ]);
  });

  it('outcome-homecare-bfc: the uplift pays 20p an hour per passing outcome on the hours delivered, and the gain share pays from data', async () => {
    for (const [bundle, earned] of [['compliant', 5], ['partial', 3]] as const) {
      const r = await checkBundle('outcome-homecare-bfc', bundle);
      const minutes = r.metrics.find((m) => m.name === 'actual_minutes_completed')!.value!;
      const uplift = r.payments!.payments.find((p) => p.id === 'outcome-uplift')!;
      // Each passing outcome's line is hours × £0.20 rounded half up; the uplift is their sum.
      const line = Math.round((minutes / 60) * 0.2 * 100 + 1e-9) / 100;
      expect(Number(uplift.amount)).toBeCloseTo(line * earned, 10);
      expect(uplift.lines.filter((l) => l.status !== undefined && l.status !== 'pass').every((l) => l.amount === '0.00')).toBe(true);
      const gain = r.payments!.payments.find((p) => p.id === 'gain-share')!;
      expect(gain.lines[0]!.step).toContain('package P0001: 14 h/week from 2025-04-07; 7 h/week from 2025-04-21 (day 14); window to 2025-05-18: paid 84 h against 56 h commissioned: 28 h × £23.20');
      expect(gain.lines[0]!.amount).toBe('649.60');
      expect(r.payments!.total).toBe((Number(uplift.amount) + Number(gain.amount)).toFixed(2));
    }
    expect(amounts(await checkBundle('outcome-homecare-bfc', 'compliant'))).toEqual({ 'outcome-uplift': '6844.40', 'gain-share': '1618.20' });
  });

  it('outcome-homecare-bfc/failing: with no visit export the uplift is not evidenced and the statement has no total', async () => {
    const r = await checkBundle('outcome-homecare-bfc', 'failing');
    const uplift = r.payments!.payments.find((p) => p.id === 'outcome-uplift')!;
    expect(uplift).toMatchObject({ status: 'not_evidenced', amount: null });
    expect(uplift.reason).toContain('no dataset of kind visits');
    expect(r.payments).toMatchObject({ total: null, status: 'incomplete' });
    expect(renderMarkdown(r)).toContain('**Total due: not computed**');
  });

  it('outcome-bonus-pool: 5 % of £200,000.00 shared 50/30/20 by hours; the failing bundle misses visits', async () => {
    const a = await checkBundle('outcome-bonus-pool', 'compliant', POOL_BASIS);
    const b = await checkBundle('outcome-bonus-pool', 'failing', POOL_BASIS);
    expect([a.verdict, b.verdict]).toEqual(['compliant', 'not_compliant']);
    expect([a.payments!.total, b.payments!.total]).toEqual(['5000.00', '3000.00']);
    expect(a.payments!.payments[0]!.lines.map((l) => l.step)).toEqual([
      'pool: 5 % × £200,000.00 = £10,000.00',
      'Alder Homecare Ltd (fictional): 500 of 1,000 hours delivered × £10,000.00 = £5,000.00',
      'Birch Lane Care (fictional): 300 of 1,000 hours delivered × £10,000.00 = £3,000.00',
      'Cedar Support Services (fictional): 200 of 1,000 hours delivered × £10,000.00 = £2,000.00',
    ]);
    expect(a.inputs.at(-1)).toMatchObject({ role: 'pool-basis', path: expect.stringContaining('pool-basis.yaml') });
    // Without the basis the pool is not evidenced: no total rather than a wrong one.
    const none = await checkBundle('outcome-bonus-pool', 'compliant');
    expect(none.payments).toMatchObject({ total: null, status: 'incomplete' });
  });

  it('writes money as decimal strings in JSON and £1,234.56 in markdown, and the JSON is valid', async () => {
    const io = captureIo();
    const code = await run(['check', repoFile('specs', 'reablement-lambeth.md'), '--evidence', repoFile('examples', 'reablement-lambeth', 'compliant', 'evidence.yaml'), '--format', 'json'], io);
    expect(code).toBe(0);
    const json = JSON.parse(io.out) as CheckResult;
    expect(json.payments!.total).toBe('57225.00');
    expect(io.out).not.toMatch(/"amount": \d/);
    const validate = createValidators().results;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const failing = await checkBundle('outcome-homecare-bfc', 'failing');
    expect(validate(JSON.parse(JSON.stringify(failing))), JSON.stringify(validate.errors)).toBe(true);
    const md = captureIo();
    await run(['check', repoFile('specs', 'reablement-lambeth.md'), '--evidence', repoFile('examples', 'reablement-lambeth', 'compliant', 'evidence.yaml')], md);
    expect(md.out).toContain('**Total due: £57,225.00**');
    expect(md.out).toContain('band 2 (above 1,000 h): 400 h × £14.00');
  });

  it('explain --payment shows one calculation; an unknown payment is exit 2 with a suggestion', async () => {
    const io = captureIo();
    const args = ['--spec', repoFile('specs', 'reablement-lambeth.md'), '--evidence', repoFile('examples', 'reablement-lambeth', 'failing', 'evidence.yaml'), '--payment'];
    expect(await run(['explain', 'kpi-credits', ...args], io)).toBe(0);
    expect(io.out).toContain('credits -£750.00 capped at £500.00 for the period');
    expect(io.out).toContain('kpi_credit_cap');
    const bad = captureIo();
    expect(await run(['explain', 'kpi-credit', ...args], bad)).toBe(2);
    expect(bad.err).toContain('did you mean "kpi-credits"');
  });
});

describe('payment example data', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'carespec-payments-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('regenerates the committed files byte for byte with the seed', () => {
    const written = writePaymentExamples(scratch);
    expect(written.length).toBe(paymentExampleFiles().size);
    for (const file of written) expect(readFileSync(file, 'utf8')).toBe(readFileSync(repoFile('examples', path.relative(scratch, file)), 'utf8'));
  });
});
