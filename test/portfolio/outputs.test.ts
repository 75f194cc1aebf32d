/**
 * What portfolio, diff and impact write, read back: every JSON output is valid against its
 * published schema (ajv, on real runs of the bundled examples); the HTML portfolio is one
 * self-contained page naming every provider; pool payments with --pool-basis; `carespec validate`
 * on portfolio manifests, with file:line:column diagnostics.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { PORTFOLIO_FORMATS } from '../../src/render/portfolio-formats.js';
import { datasetBytes, defaultJobs } from '../../src/portfolio/run.js';
import { DIFF_FORMATS, IMPACT_FORMATS } from '../../src/render/compare-formats.js';
import type { PortfolioReport } from '../../src/portfolio/types.js';
import { attr, elements, textOf } from '../render/html-dom.js';
import { repoFile } from '../helpers.js';

const SPEC = repoFile('specs', 'ethical-care-homecare-bnes.md');
const BUNDLES = ['compliant', 'partial', 'failing'].map((b) => repoFile('examples', 'ethical-care-homecare-bnes', b, 'evidence.yaml'));
const dir = mkdtempSync(path.join(tmpdir(), 'carespec-portfolio-outputs-'));

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

function validator(name: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(JSON.parse(readFileSync(repoFile('schemas', `${name}.schema.json`), 'utf8')) as object);
}

function expectValid(validate: ValidateFunction, text: string): void {
  const ok = validate(JSON.parse(text));
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** A portfolio with every section: a bundle that cannot be checked, accreditation, concentration. */
let marketJson = '';
const bad = path.join(dir, 'bad-evidence.yaml');
beforeAll(async () => {
  const spec = path.join(dir, 'market.md');
  writeFileSync(spec, readFileSync(SPEC, 'utf8').replaceAll('../rules/', `${repoFile('rules')}/`)
    .replace('verdict: { policy: must }', 'verdict: { policy: must }\nportfolio: { amber_margin: { default: 0, punctuality_rate: 10 }, volume: { metric: planned_minutes_completed } }\naccreditation: { valid_for_months: 12 }'));
  writeFileSync(bad, 'carespec: evidence/1\nprovider: [not, a, mapping\n');
  const run = await cli('portfolio', spec, ...BUNDLES, bad, '--format', 'json', '--jobs', '2');
  expect(run.code).toBe(1);
  marketJson = run.out;
}, 120_000);

describe('JSON outputs against their schemas', () => {
  it('portfolio: every section, a bundle not checked, and payments', async () => {
    const validate = validator('portfolio-report');
    const report = JSON.parse(marketJson) as PortfolioReport;
    expect(report.failed).toHaveLength(1);
    expect(report.accreditation).toBeDefined();
    expect(report.concentration).toBeDefined();
    expectValid(validate, marketJson);
    const lambeth = ['compliant', 'failing'].map((b) => repoFile('examples', 'reablement-lambeth', b, 'evidence.yaml'));
    const paid = await cli('portfolio', repoFile('specs', 'reablement-lambeth.md'), ...lambeth, '--format', 'json', '--jobs', '1');
    expect((JSON.parse(paid.out) as PortfolioReport).payments?.total).toMatch(/^\d+\.\d\d$/);
    expectValid(validate, paid.out);
  }, 120_000);

  it('diff: two results, and two portfolios', async () => {
    const validate = validator('diff');
    const [a, b] = await Promise.all(BUNDLES.slice(0, 2).map(async (e) => (await cli('check', SPEC, '--evidence', e, '--format', 'json')).out));
    const base = path.join(dir, 'base.json'), head = path.join(dir, 'head.json');
    // The same provider's result under another provider's outcomes: every kind of transition and metric change.
    const headResult = JSON.parse(b!) as { provider: unknown };
    headResult.provider = (JSON.parse(a!) as { provider: unknown }).provider;
    writeFileSync(base, a!);
    writeFileSync(head, JSON.stringify(headResult));
    const results = await cli('diff', base, head, '--format', 'json');
    expect(results.code).toBe(0);
    expectValid(validate, results.out);
    const pa = path.join(dir, 'pa.json'), pb = path.join(dir, 'pb.json');
    writeFileSync(pa, marketJson);
    writeFileSync(pb, (await cli('portfolio', SPEC, BUNDLES[0]!, BUNDLES[2]!, '--format', 'json', '--jobs', '1')).out);
    const portfolios = await cli('diff', pa, pb, '--format', 'json');
    expectValid(validate, portfolios.out);
  }, 120_000);

  it('impact: providers assessed and one not assessed', async () => {
    const { code, out } = await cli('impact', '--spec', SPEC, '--baseline', SPEC, BUNDLES[1]!, bad, '--format', 'json');
    expect(code).toBe(1);
    expect((JSON.parse(out) as { notAssessed: unknown[] }).notAssessed).toHaveLength(1);
    expectValid(validator('impact'), out);
  }, 120_000);
});

describe('output format registries', () => {
  it('offer each format on the command line, and refuse others', async () => {
    expect(PORTFOLIO_FORMATS.map((f) => f.name)).toEqual(['md', 'json', 'html']);
    expect(DIFF_FORMATS.map((f) => f.name)).toEqual(['md', 'json']);
    expect(IMPACT_FORMATS.map((f) => f.name)).toEqual(['md', 'json']);
    const refused = await cli('portfolio', SPEC, BUNDLES[0]!, '--format', 'sarif', '--jobs', '1');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('md, json, html');
  });
});

describe('the HTML portfolio report', () => {
  it('is one self-contained page with every provider, the bundle not checked, and every section', async () => {
    const { out } = await cli('portfolio', path.join(dir, 'market.md'), ...BUNDLES, bad, '--format', 'html', '--jobs', '1');
    const report = JSON.parse(marketJson) as PortfolioReport;
    const els = elements(out);
    // No script, and nothing fetched: no src or external href, and a policy that forbids any request.
    expect(els.filter((e) => e.tagName === 'script')).toEqual([]);
    expect(els.flatMap((e) => [attr(e, 'src'), attr(e, 'href')]).filter((v) => v !== undefined && !v.startsWith('#'))).toEqual([]);
    expect(attr(els.find((e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy')!, 'content')).toContain("default-src 'none'");
    const providersTable = els.find((e) => e.tagName === 'section' && attr(e, 'id') === 'providers')!;
    for (const p of report.providers) expect(textOf(providersTable)).toContain(p.provider);
    expect(report.providers).toHaveLength(3);
    expect(textOf(els.find((e) => attr(e, 'id') === 'not-checked')!)).toContain('bad-evidence.yaml');
    const ids = els.filter((e) => e.tagName === 'section').map((e) => attr(e, 'id'));
    expect(ids).toEqual(['summary', 'providers', 'not-checked', 'league', 'benchmarks', 'accreditation', 'concentration', 'method']);
  }, 120_000);

  it('escapes evidence text', async () => {
    // A copy of a bundle (dataset paths may not leave the manifest's folder) under a hostile name.
    const evil = path.join(dir, 'evil');
    cpSync(path.dirname(BUNDLES[0]!), evil, { recursive: true });
    const manifest = path.join(evil, 'evidence.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/name: .*/, 'name: "<script>alert(1)</script> & Co"'));
    const { out } = await cli('portfolio', SPEC, manifest, '--format', 'html', '--jobs', '1');
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
  }, 120_000);
});

describe('carespec portfolio --pool-basis', () => {
  const spec = repoFile('specs', 'outcome-bonus-pool.md');
  const bundles = ['compliant', 'failing'].map((b) => repoFile('examples', 'outcome-bonus-pool', b, 'evidence.yaml'));
  const basis = repoFile('examples', 'outcome-bonus-pool', 'pool-basis.yaml');

  it('gives each provider its share of the pool, the pool total, and who the basis shares it with', async () => {
    const { out } = await cli('portfolio', spec, ...bundles, '--pool-basis', basis, '--format', 'json', '--jobs', '2');
    const report = JSON.parse(out) as PortfolioReport;
    expect(report.providers.map((p) => p.pools?.map((x) => [x.payment, x.amount]))).toEqual([[['bonus-pool', '5000.00']], [['bonus-pool', '3000.00']]]);
    expect(report.payments?.pools).toEqual([{ payment: 'bonus-pool', title: expect.any(String) as string, total: '8000.00' }]);
    expect(report.payments?.poolBasis).toMatchObject({ pool: 'bonus-pool', notInPortfolio: ['Cedar Support Services (fictional)'], notInBasis: [] });
    expectValid(validator('portfolio-report'), out);
    const md = await cli('portfolio', spec, ...bundles, '--pool-basis', basis, '--jobs', '1');
    expect(md.out).toContain('£8,000.00');
    expect(md.out).toContain('Cedar Support Services (fictional)');
  }, 120_000);

  it('without the basis, the pool is not evidenced and no pool total is given', async () => {
    const { out } = await cli('portfolio', spec, ...bundles, '--format', 'json', '--jobs', '1');
    const report = JSON.parse(out) as PortfolioReport;
    expect(report.providers.map((p) => p.pools?.[0]?.status)).toEqual(['not_evidenced', 'not_evidenced']);
    expect(report.payments?.pools?.[0]?.total).toBeNull();
  }, 120_000);

  it('refuses a bad basis once, before any provider is checked', async () => {
    const broken = path.join(dir, 'pool-basis.yaml');
    writeFileSync(broken, readFileSync(basis, 'utf8').replace('measure: 300', 'measure: -300'));
    const { code, err } = await cli('portfolio', spec, ...bundles, '--pool-basis', broken, '--jobs', '1');
    expect(code).toBe(2);
    expect(err).toMatch(/pool-basis\.yaml:\d+:\d+: pool-basis\/negative/);
  });
});

describe('carespec validate on a portfolio manifest', () => {
  it('accepts a good one', async () => {
    const good = path.join(dir, 'good-portfolio.yaml');
    writeFileSync(good, `carespec: portfolio/1\nspec: ${SPEC}\nproviders:\n${BUNDLES.map((b) => `  - evidence: ${b}\n`).join('')}`);
    const { code, err } = await cli('validate', good);
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('reports a bad one at file:line:column: schema, a missing file, a duplicate, a broken evidence manifest', async () => {
    const schemaBad = path.join(dir, 'schema-bad.yaml');
    writeFileSync(schemaBad, 'carespec: portfolio/1\nproviders:\n  - evidence: a.yaml\n    weight: 3\n');
    const first = await cli('validate', schemaBad);
    expect(first.code).toBe(2);
    expect(first.err).toMatch(/schema-bad\.yaml:4:\d+: .*Unexpected property "weight"/);

    const refsBad = path.join(dir, 'refs-bad.yaml');
    writeFileSync(refsBad, `carespec: portfolio/1\nspec: nowhere.md\nproviders:\n  - evidence: ${BUNDLES[0]}\n  - evidence: missing/evidence.yaml\n  - evidence: ${BUNDLES[0]}\n  - evidence: bad-evidence.yaml\n`);
    const second = await cli('validate', refsBad);
    expect(second.code).toBe(2);
    expect(second.err).toMatch(/refs-bad\.yaml:2:7: portfolio\/missing: Missing specification/);
    expect(second.err).toMatch(/refs-bad\.yaml:5:15: portfolio\/missing: Missing evidence manifest/);
    expect(second.err).toMatch(/refs-bad\.yaml:6:15: portfolio\/duplicate/);
    expect(second.err).toMatch(/bad-evidence\.yaml:\d+:\d+: yaml\//);
  });
});

describe('default jobs', () => {
  it('one worker per core, no more than providers or 64 MiB of data each keep busy; 1 runs in this thread', () => {
    const mib = 1024 * 1024;
    expect(defaultJobs(2, 40, 40 * 42 * mib)).toBe(2);
    expect(defaultJobs(8, 3, 10_000 * mib)).toBe(3);
    expect(defaultJobs(2, 10, 100 * mib)).toBe(1);
    expect(defaultJobs(2, 3, 200_000)).toBe(1);
    expect(defaultJobs(1, 40, 10_000 * mib)).toBe(1);
  });

  it('counts the datasets the manifests name', () => {
    expect(datasetBytes(BUNDLES)).toBeGreaterThan(0);
    expect(datasetBytes([...BUNDLES, bad])).toBe(datasetBytes(BUNDLES));
  });
});
