/**
 * Issue #10 regressions, through the CLI on the bundled specifications and
 * examples: verdicts a council can rely on.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import type { CheckResult } from '../../src/model/types.js';
import { edit, repoFile } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

const checkJson = async (spec: string, evidence: string, ...more: string[]): Promise<CheckResult> => {
  const { out, err } = await carespec('check', spec, '--evidence', evidence, '--format', 'json', ...more);
  if (!out) throw new Error(err);
  return JSON.parse(out) as CheckResult;
};

/** A copy of the repository's rules/, specs/ and examples/ to edit. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-verdicts-'));
  for (const folder of ['rules', 'specs', 'examples', 'profiles']) cpSync(repoFile(folder), path.join(dir, folder), { recursive: true });
  return dir;
}

describe('window rules are judged on their windows', () => {
  // ECC standard 6 on the B&NES compliant bundle: few clients see more than 6 carers in any month, but
  // over the quarter (team plus cover) about a third do. The monthly limit, not the quarter, decides.
  const SHARE_LIMIT = 'ecc_max_share_clients_above_carer_limit';
  const withShareLimit = (spec: string, limit: number) => {
    if (/^parameters:\n/m.test(readFileSync(spec, 'utf8'))) edit(spec, /^parameters:\n/m, `parameters:\n  ${SHARE_LIMIT}: ${limit}\n`);
    else edit(spec, /^select:\n/m, `parameters:\n  ${SHARE_LIMIT}: ${limit}\nselect:\n`);
  };

  it('ecc-06 fails on its worst month, not the quarter, when the limit is below that month', async () => {
    const dir = workspace();
    const spec = path.join(dir, 'specs/ethical-care-homecare-bnes.md');
    const evidence = path.join(dir, 'examples/ethical-care-homecare-bnes/compliant/evidence.yaml');
    const before = await checkJson(spec, evidence);
    const metric = before.metrics.find((m) => m.name === 'clients_above_carer_limit_share')!;
    expect(metric.window).toBe('month');
    expect(metric.windows).toHaveLength(3);
    const worst = Math.max(...metric.windows.map((w) => w.value!));
    expect(worst).toBeGreaterThan(0);
    // The quarter's share is far above any month's: it must not be what the message names.
    expect(metric.value!).toBeGreaterThan(worst + 1);
    withShareLimit(spec, worst - 1);
    const result = await checkJson(spec, evidence);
    const rule = result.rules.find((r) => r.id === 'ecc-06-continuity-of-carer')!;
    expect(rule.status).toBe('fail');
    expect(rule.windows?.map((w) => w.status)).toEqual(metric.windows.map((w) => (w.value! > worst - 1 ? 'fail' : 'pass')));
    expect(rule.decidingWindow).toBe(metric.windows.find((w) => w.value === worst)!.label);
    expect(rule.message).toContain(`${worst} % of clients saw more than 6 different care workers in ${rule.decidingWindow}`);
    expect(rule.message).not.toContain(`${metric.value} %`);
  });

  it('passes a provider whose every month is within the limit although the quarter is not', async () => {
    const dir = workspace();
    const spec = path.join(dir, 'specs/ethical-care-homecare-bnes.md');
    const evidence = path.join(dir, 'examples/ethical-care-homecare-bnes/compliant/evidence.yaml');
    const before = await checkJson(spec, evidence);
    const metric = before.metrics.find((m) => m.name === 'clients_above_carer_limit_share')!;
    // A limit at the worst month, below the quarter's share.
    const limit = Math.ceil(Math.max(...metric.windows.map((w) => w.value!)));
    expect(metric.value!).toBeGreaterThan(limit);
    withShareLimit(spec, limit);
    const after = await checkJson(spec, evidence);
    const judged = after.rules.find((r) => r.id === 'ecc-06-continuity-of-carer')!;
    expect(judged.status).toBe('pass');
    expect(judged.windows?.every((w) => w.status === 'pass')).toBe(true);
  });
});

describe('selection and roll-ups never overstate', () => {
  it('select.include: [] selects no imported rule', async () => {
    const dir = workspace();
    const spec = path.join(dir, 'specs/reablement-wnc.md');
    edit(spec, /^select:\n(  .*\n)+/m, 'select:\n  include: []\n');
    const { out } = await carespec('check', spec, '--evidence', path.join(dir, 'examples/reablement-wnc/compliant/evidence.yaml'), '--format', 'json');
    const result = JSON.parse(out) as CheckResult;
    const clauseRules = new Set(result.rules.filter((r) => r.clause !== null).map((r) => r.id));
    expect(result.rules.map((r) => r.id).sort()).toEqual([...clauseRules].sort());
  });

  it('a spec selecting only Charter standards 1–5 and 11 does not attain stage 3: stages 2 and 3 are not assessed', async () => {
    const dir = workspace();
    const spec = path.join(dir, 'specs/charter-part.md');
    writeFileSync(spec, `---
carespec: specification/1
id: charter-part
title: Charter standards 1 to 5 and 11 only
version: 1.0.0
commissioner: Test Council
contract_period: { start: "2025-04-01", end: "2026-03-31" }
imports: [../rules/ethical-care-charter.yaml, ../rules/wages.yaml, ../rules/monitoring.yaml, ../rules/homecare-kpis.yaml]
select:
  include: [ecc-01-*, ecc-02-*, ecc-03-*, ecc-04-*, ecc-05-*, ecc-11-*]
---

# Charter standards 1 to 5 and 11
`);
    const result = await checkJson(spec, path.join(dir, 'examples/ethical-care-homecare-bnes/compliant/evidence.yaml'));
    const ladder = result.groups.find((g) => g.policy === 'stages')!;
    expect(ladder.assessed).toBe(false);
    expect(ladder.stage).toEqual({ attained: 1, of: 3 });
    expect(ladder.stages?.map((s) => s.status)).toEqual(['met', 'not_assessed', 'not_assessed']);
    expect(ladder.outcome).toMatch(/^stage 1 of 3 attained; Stage 2 not assessed: ecc-06/);
    const { code, out } = await carespec('lint', spec);
    expect(code).toBe(1);
    expect(out).toContain('lint/unselected-group-member');
  });

  it('a waived member attains its stage "with waiver", by name', async () => {
    const dir = workspace();
    const evidence = path.join(dir, 'examples/ethical-care-homecare-bnes/compliant/evidence.yaml');
    edit(evidence, /^facts:\n/m, 'waivers:\n  - rule: ecc-08-wellbeing-concerns-procedure\n    justification: Procedure under review with the council.\n    approved_by: Contracts manager\n    approved_on: "2025-04-01"\n    expires: "2026-03-31"\nfacts:\n');
    edit(evidence, 'wellbeing_concerns_procedure:\n    value: true', 'wellbeing_concerns_procedure:\n    value: false');
    const result = await checkJson(path.join(dir, 'specs/ethical-care-homecare-bnes.md'), evidence);
    const ladder = result.groups.find((g) => g.policy === 'stages')!;
    expect(result.rules.find((r) => r.id === 'ecc-08-wellbeing-concerns-procedure')?.status).toBe('waived');
    expect(ladder.stages?.[1]).toMatchObject({ status: 'met_with_waiver', because: [{ id: 'ecc-08-wellbeing-concerns-procedure', status: 'waived' }] });
    expect(ladder.outcome).toContain('with waiver (ecc-08-wellbeing-concerns-procedure)');
  });

  it('a banded outcome counts passes only, over the group\'s full membership', async () => {
    const result = await checkJson(repoFile('specs/outcome-homecare-bfc.md'), repoFile('examples/outcome-homecare-bfc/failing/evidence.yaml'));
    const band = result.groups.find((g) => g.policy === 'bands')!;
    const passes = band.members.filter((m) => m.status === 'pass').length;
    expect(band.of).toBe(band.members.length);
    expect(band.met).toBe(passes);
    expect(band.outcome).toContain('not evidenced');
  });
});

/** A small library, spec, evidence and visits export, for reads that must never be compared as data. */
function readsBundle(facts: string, attestationDate = '2025-07-01'): { spec: string; evidence: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-reads-'));
  writeFileSync(path.join(dir, 'library.yaml'), `carespec: rule-library/1
id: reads
title: Reads
version: 1.0.0
parameters:
  rate: { title: Rate, unit: GBP/hour, values: { default: [{ from: "2024-01-01", value: 12.60 }] } }
facts:
  score: { title: Score, type: number }
  share: { title: Share, type: percent }
  rating: { title: Rating, type: enum, values: [Outstanding, Good, Requires improvement, Inadequate] }
  started: { title: Started, type: string }
  divisor: { title: Divisor, type: number }
datasets:
  visits:
    title: Visits
    date_column: day
    columns:
      day: { type: date, required: true }
      minutes: { type: integer, required: true }
rules:
  - { id: rows-at-least-score, title: Rows at least the score, severity: must, rationale: x, remediation: y, per_record: { dataset: visits }, test: { ">=": [{ var: row.minutes }, { var: facts.score }] } }
  - { id: share-capped, title: Share at most 50 %, severity: must, rationale: x, remediation: y, test: { "<=": [{ var: facts.share }, 50] } }
  - { id: rating-good, title: Rating good, severity: must, rationale: x, remediation: y, test: { in: [{ var: facts.rating }, [Good, Outstanding]] } }
  - { id: per-divisor, title: Score per divisor under 10, severity: must, rationale: x, remediation: y, test: { "<": [{ "/": [{ var: facts.score }, { var: facts.divisor }] }, 10] } }
  - { id: started-recently, title: Started within 42 days, severity: must, rationale: x, remediation: y, test: { "<=": [{ days_between: [{ var: facts.started }, { var: period.end }] }, 42] } }
  - { id: rate-on-a-date, title: Rate on a date, severity: must, rationale: x, remediation: y, test: { ">=": [{ var: facts.score }, { param: [rate, "2025-02-30"] }] } }
  - { id: rows-mostly-long, title: Most visits at least 40 minutes, severity: should, rationale: x, remediation: y, per_record: { dataset: visits, tolerance: 0.5 }, test: { ">=": [{ var: row.minutes }, 40] } }
  - { id: attested, title: Attested, severity: must, rationale: x, remediation: y, test: { "==": [{ var: attestations.signed }, true] } }
`);
  writeFileSync(path.join(dir, 'spec.md'), `---
carespec: specification/1
id: reads-spec
title: Reads
version: 1.0.0
commissioner: Test Council
contract_period: { start: "2025-04-01", end: "2026-03-31" }
imports: [library.yaml]
---

# Reads
`);
  writeFileSync(path.join(dir, 'visits.csv'), 'day,minutes\n2025-04-01,30\n2025-05-03,45\n2025-06-30,60\n');
  writeFileSync(path.join(dir, 'evidence.yaml'), `carespec: evidence/1
provider: { name: Test Care Ltd, region: london }
period: { start: "2025-04-01", end: "2025-06-30" }
facts:
${facts}
attestations:
  signed: { statement: Signed., signed_by: { name: A. Manager, role: Manager }, signed_on: "${attestationDate}" }
datasets:
  - { id: visits, kind: visits, file: visits.csv }
`);
  return { spec: path.join(dir, 'spec.md'), evidence: path.join(dir, 'evidence.yaml'), dir };
}

const fact = (name: string, value: string) => `  ${name}: { value: ${value}, source: { document: Test } }`;

describe('nothing absent or invalid is compared as a value', () => {
  it('a per-record rule reading an absent fact is not evidenced, not a pass on every row', async () => {
    const { spec, evidence } = readsBundle(fact('share', '10'));
    const rule = (await checkJson(spec, evidence)).rules.find((r) => r.id === 'rows-at-least-score')!;
    expect(rule.status).toBe('not_evidenced');
    expect(rule.missing).toContain('facts.score');
  });

  it('a fact of the wrong type (text "50" for a number) is not evidenced in check and in carespec test alike', async () => {
    const { spec, evidence, dir } = readsBundle(fact('score', '"50"'));
    const rule = (await checkJson(spec, evidence)).rules.find((r) => r.id === 'rows-at-least-score')!;
    expect(rule.status).toBe('not_evidenced');
    writeFileSync(path.join(dir, 'reads.test.yaml'), `carespec: rule-tests/1
library: library.yaml
cases:
  - name: a text score is not a number
    rule: share-capped
    context: { facts: { share: "50" } }
    expected: { status: not_evidenced }
`);
    const { code, out } = await carespec('test', path.join(dir, 'reads.test.yaml'));
    expect(out).toContain('1 passed');
    expect(code).toBe(0);
  });

  it('division by zero, days_between on text and a parameter asked for on 2025-02-30 are errors, with the reason', async () => {
    const { spec, evidence } = readsBundle([fact('score', '50'), fact('divisor', '0'), fact('started', '"last spring"')].join('\n'));
    const result = await checkJson(spec, evidence);
    const byId = (id: string) => result.rules.find((r) => r.id === id)!;
    expect(byId('per-divisor')).toMatchObject({ status: 'error' });
    expect(byId('per-divisor').message).toContain('by zero');
    expect(byId('started-recently')).toMatchObject({ status: 'error' });
    expect(byId('started-recently').message).toContain('"last spring" is not one');
    expect(byId('rate-on-a-date')).toMatchObject({ status: 'error' });
    expect(byId('rate-on-a-date').message).toContain('"2025-02-30" is not one');
    expect(result.verdict).toBe('not_compliant');
  });

  it('enum facts match after trimming and case-folding; a value outside them is not evidenced with the reason', async () => {
    const good = readsBundle(fact('rating', '" good "'));
    expect((await checkJson(good.spec, good.evidence)).rules.find((r) => r.id === 'rating-good')?.status).toBe('pass');
    const typo = readsBundle(fact('rating', 'goood'));
    const rule = (await checkJson(typo.spec, typo.evidence)).rules.find((r) => r.id === 'rating-good')!;
    expect(rule.status).toBe('not_evidenced');
    expect(rule.message).toContain('"goood" is not one of Outstanding, Good, Requires improvement, Inadequate');
  });

  it('a percent over 100 is not evidenced, and an attestation dated after today does not count', async () => {
    const { spec, evidence } = readsBundle(fact('share', '150'), '2999-01-01');
    const result = await checkJson(spec, evidence);
    expect(result.rules.find((r) => r.id === 'share-capped')?.status).toBe('not_evidenced');
    const attested = result.rules.find((r) => r.id === 'attested')!;
    expect(attested.status).toBe('not_evidenced');
    expect(attested.message).toContain('not signed yet');
  });
});

describe('unknown names are errors with suggestions, never fallbacks', () => {
  it('a region typed "londn" is exit 2 with "did you mean", in check, validate and lint', async () => {
    const dir = workspace();
    const evidence = path.join(dir, 'examples/reablement-wnc/compliant/evidence.yaml');
    edit(evidence, /region: [a-z-]+/, 'region: londn');
    const checked = await carespec('check', path.join(dir, 'specs/reablement-wnc.md'), '--evidence', evidence);
    expect(checked.code).toBe(2);
    expect(checked.out).toBe('');
    expect(checked.err).toMatch(/evidence\.yaml:\d+:\d+: evidence\/unknown-region: Unknown region "londn" \(did you mean "london"\?\)/);
    const validated = await carespec('validate', evidence);
    expect(validated.code).toBe(2);
    expect(validated.err).toContain('did you mean "london"');
    const linted = await carespec('lint', path.join(dir, 'rules'), evidence);
    expect(linted.out).toContain('lint/unknown-region');
  });

  it('a region a parameter series declares is accepted', async () => {
    const { spec, evidence } = readsBundle(fact('score', '50'));
    edit(path.join(path.dirname(spec), 'library.yaml'), 'values: { default: [{ from: "2024-01-01", value: 12.60 }] }', 'values: { default: [{ from: "2024-01-01", value: 12.60 }], inner-london: [{ from: "2024-01-01", value: 14.00 }] }');
    edit(evidence, 'region: london', 'region: inner-london');
    const result = await checkJson(spec, evidence);
    expect(result.provider.region).toBe('inner-london');
  });

  it('a fact typed "cqc_ratng" is a warning in check itself, naming the fact the rules read', async () => {
    const dir = workspace();
    const evidence = path.join(dir, 'examples/reablement-wnc/compliant/evidence.yaml');
    edit(evidence, /^  cqc_rating:/m, '  cqc_ratng:');
    const result = await checkJson(path.join(dir, 'specs/reablement-wnc.md'), evidence);
    // One problem shape: the warning has a code and points at the fact (its block starts on the line after its name).
    const line = readFileSync(evidence, 'utf8').split('\n').findIndex((l) => l.startsWith('  cqc_ratng:')) + 2;
    expect(result.warnings).toContainEqual({
      code: 'check/unread-fact',
      severity: 'warning',
      message: 'The evidence gives fact "cqc_ratng", which no selected rule reads (did you mean "cqc_rating"?).',
      file: expect.stringMatching(/evidence\.yaml$/),
      line,
      column: expect.any(Number),
      field: 'facts.cqc_ratng',
    });
    expect(result.rules.find((r) => r.id === 'qual-cqc-rating-at-least-good')?.status).toBe('not_evidenced');
  });
});

describe('report wording and verdict gates', () => {
  it('a per-record rule passing within its tolerance says how many rows failed', async () => {
    const { spec, evidence } = readsBundle(fact('score', '50'));
    const rule = (await checkJson(spec, evidence)).rules.find((r) => r.id === 'rows-mostly-long')!;
    expect(rule.status, rule.message).toBe('pass');
    expect(rule.message).toContain('1 of 3 rows failed (33.33 %, tolerance 50 %)');
  });

  it('money prints as pounds and pence, and the verdict names what decided it', async () => {
    const result = await checkJson(repoFile('specs/ethical-care-homecare-bnes.md'), repoFile('examples/ethical-care-homecare-bnes/partial/evidence.yaml'));
    const rlw = result.rules.find((r) => r.id === 'ecc-11-real-living-wage')!;
    expect(rlw.message).toMatch(/£12\.60\/hour/);
    expect(result.verdictReason).toBe('every must rule passes, is waived or does not apply');
    const { out } = await carespec('check', repoFile('specs/ethical-care-homecare-bnes.md'), '--evidence', repoFile('examples/ethical-care-homecare-bnes/partial/evidence.yaml'));
    expect(out).toContain('£12.60 an hour');
    expect(out).not.toMatch(/\b1 should-rule warnings|\(1 rows\)|all 1 met|is fail\./);
  });

  const gated = async (gate: string, bundle = 'partial') => {
    const dir = workspace();
    const spec = path.join(dir, 'specs/ethical-care-homecare-bnes.md');
    edit(spec, 'verdict: { policy: must }', `verdict:\n  policy: must\n  gate: ${gate}`);
    return checkJson(spec, path.join(dir, `examples/ethical-care-homecare-bnes/${bundle}/evidence.yaml`));
  };

  it('a minimum compliance percentage fails a provider every must rule passes, stating the formula', async () => {
    const result = await gated('{ min_compliance: 99 }');
    expect(result.verdict).toBe('not_compliant');
    expect(result.verdictReason).toContain('the specification\'s gate: compliance');
    expect(result.verdictReason).toContain('(rules passed + rules waived) ÷ (rules selected − rules not applicable) × 100');
    expect(result.gate?.[0]).toMatchObject({ name: 'min_compliance', limit: 99, passed: false });
  });

  it('a maximum number of should-rule failures is a gate; within it the verdict stands', async () => {
    expect((await gated('{ max_failures: { should: 0 } }')).verdict).toBe('not_compliant');
    const lenient = await gated('{ max_failures: { should: 10 } }');
    expect(lenient.verdict).toBe('compliant');
    expect(lenient.verdictReason).toContain('every gate check is met');
  });

  it('insufficient evidence fails the gate only when the specification says so', async () => {
    const dir = workspace();
    const evidence = path.join(dir, 'examples/ethical-care-homecare-bnes/compliant/evidence.yaml');
    edit(evidence, /^  visits_commissioned_on_need:\n    value: true/m, '  visits_commissioned_on_need:\n    value: null');
    const spec = path.join(dir, 'specs/ethical-care-homecare-bnes.md');
    expect((await checkJson(spec, evidence)).verdict).toBe('insufficient_evidence');
    edit(spec, 'verdict: { policy: must }', 'verdict:\n  policy: must\n  gate: { insufficient_evidence_fails: true }');
    const strict = await checkJson(spec, evidence);
    expect(strict.verdict).toBe('not_compliant');
    expect(strict.verdictReason).toContain('counts insufficient evidence as a failure');
  });
});

describe('profile units and money, through the CLI', () => {
  it('a profile giving booked time in hours (as docs/data.md shows) is read as minutes: "0.75" is 45, "1" is 60', async () => {
    const { spec, evidence, dir } = readsBundle(fact('score', '30'));
    writeFileSync(path.join(dir, 'visits.csv'), 'day,Booked (hrs)\n2025-04-01,0.75\n2025-05-15,1\n2025-06-30,0.5\n');
    writeFileSync(path.join(dir, 'hours.yaml'), 'carespec: profile/1\nid: hours\ntitle: Booked time in hours\nkind: visits\ncolumns:\n  minutes: { header: Booked (hrs), unit: hours }\n');
    edit(evidence, '{ id: visits, kind: visits, file: visits.csv }', '{ id: visits, kind: visits, file: visits.csv, profile: hours.yaml }');
    const result = await checkJson(spec, evidence);
    const rows = result.rules.find((r) => r.id === 'rows-at-least-score')!;
    expect(rows.status, rows.message).toBe('pass');
    expect(rows.records).toMatchObject({ checked: 3, failed: 0 });
    expect(result.findings.filter((f) => f.kind === 'data_quality')).toEqual([]);
  });

  it('20p × 3 outcomes × 1,000 hours equals a declared £600.00 uplift', async () => {
    const { dir, spec } = readsBundle(fact('score', '50'));
    edit(path.join(dir, 'library.yaml'), '  - { id: attested,', '  - { id: uplift-declared, title: Declared uplift is right, severity: must, rationale: x, remediation: y, test: { "==": [{ "*": [0.20, 3, 1000] }, { var: facts.declared_uplift }] } }\n  - { id: attested,');
    edit(path.join(dir, 'library.yaml'), '  divisor: { title: Divisor, type: number }', '  divisor: { title: Divisor, type: number }\n  declared_uplift: { title: Declared uplift, type: number, unit: GBP }');
    edit(path.join(dir, 'evidence.yaml'), 'facts:\n', 'facts:\n  declared_uplift: { value: 600.00, source: { document: Invoice } }\n');
    const result = await checkJson(spec, path.join(dir, 'evidence.yaml'));
    expect(result.rules.find((r) => r.id === 'uplift-declared')?.status).toBe('pass');
  });
});
