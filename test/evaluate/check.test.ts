import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { check } from '../../src/pipeline.js';
import type { CheckResult, RuleResult } from '../../src/model/types.js';
import { edit, fixture, scratchCopy } from '../helpers.js';

async function run(mutate?: (dir: string) => void, asOf?: string): Promise<CheckResult> {
  const dir = scratchCopy(fixture('core'));
  mutate?.(dir);
  const out = await check(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'), asOf ? { asOf } : {});
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.value;
}
const rule = (result: CheckResult, id: string): RuleResult => {
  const found = result.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('check: statuses', () => {
  it('passes a compliant provider and says which values it saw and where from', async () => {
    const result = await run();
    expect(result.verdict).toBe('compliant');
    const cqc = rule(result, 'cqc-good');
    expect(cqc.status).toBe('pass');
    expect(cqc.seen).toEqual([{ path: 'facts.cqc_rating', value: 'Good', source: 'CQC inspection report, p. 1' }]);
    expect(cqc.message).toBe('CQC rating Good');
    // `line`: the clause heading's line in the specification (results 1.1, for CI formats).
    expect(cqc.clause).toEqual({ id: '1.1', title: 'CQC rating', line: 15 });
  });

  it('fails a rule whose test is false', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Requires improvement'));
    expect(rule(result, 'cqc-good').status).toBe('fail');
    expect(rule(result, 'cqc-good').message).toBe('CQC rating Requires improvement; Good or Outstanding required');
    expect(result.verdict).toBe('not_compliant');
  });

  it('marks an absent fact not_evidenced, never pass or fail', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), /  shortest_visit_minutes:.*\n/, ''));
    const r = rule(result, 'no-short-visits');
    expect(r.status).toBe('not_evidenced');
    expect(r.missing).toEqual(['facts.shortest_visit_minutes']);
    expect(result.verdict).toBe('insufficient_evidence');
  });

  it('marks a null fact not_evidenced (closing the {"<": [null, 15]} trap)', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), 'value: 30,', 'value: null,'));
    expect(rule(result, 'no-short-visits').status).toBe('not_evidenced');
    expect(rule(result, 'no-short-visits').message).toContain('declared but has no value');
  });

  it('marks a rule not_applicable when applies_when is false', async () => {
    const result = await run();
    expect(rule(result, 'time-critical-on-time').status).toBe('not_applicable');
  });

  it('evaluates the rule when applies_when is true', async () => {
    const result = await run((dir) =>
      edit(path.join(dir, 'evidence.yaml'), 'value: false,', 'value: true, source: { document: x } }\n  time_critical_on_time_percent: { value: 96,'),
    );
    expect(rule(result, 'time-critical-on-time').status).toBe('fail');
    // A should-rule failing is a warning, not a verdict.
    expect(result.verdict).toBe('compliant');
    expect(result.warnings.map((w) => w.message).join('\n')).toContain('time-critical-on-time');
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'check/should-rule', severity: 'warning', ruleId: 'time-critical-on-time' }));
  });

  it('reports error when a rule cannot be evaluated', async () => {
    const result = await run((dir) => edit(path.join(dir, 'library.yaml'), '- { from: "2015-09-01", value: 30 }', '- { from: "2030-01-01", value: 30 }'));
    const r = rule(result, 'no-short-visits');
    expect(r.status).toBe('error');
    expect(r.error).toContain('min_visit_minutes');
    expect(result.verdict).toBe('not_compliant');
  });
});

describe('check: parameters by date and region', () => {
  it('resolves the London rate in force at the period end, and says so', async () => {
    const result = await run();
    const [p] = rule(result, 'pay-living-wage').parameters;
    expect(p).toMatchObject({ name: 'living_wage', value: 13.85, region: 'london', from: '2025-05-01', announced: '2024-10-23', asOf: '2025-06-30' });
  });

  it('uses the default (UK) series for a region without its own', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), 'region: london', 'region: north-west'));
    expect(rule(result, 'pay-living-wage').parameters[0]).toMatchObject({ value: 12.6, region: 'default' });
  });

  it('uses the earlier value until the next one is in force', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), '"2025-06-30"', '"2025-04-30"'));
    const r = rule(result, 'pay-living-wage');
    expect(r.parameters[0]).toMatchObject({ value: 13.15, from: '2024-05-01', asOf: '2025-04-30' });
    expect(r.status).toBe('pass');
  });

  it('applies specification overrides and marks them', async () => {
    const result = await run((dir) => edit(path.join(dir, 'spec.md'), 'imports: [library.yaml]', 'imports: [library.yaml]\nparameters:\n  min_visit_minutes: 45'));
    const r = rule(result, 'no-short-visits');
    expect(r.parameters[0]).toMatchObject({ value: 45, overridden: true, title: 'Minimum visit length' });
    expect(r.status).toBe('fail');
  });
});

describe('check: groups', () => {
  it('rolls cumulative stages up to the first stage not met', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Inadequate'));
    const charter = result.groups.find((g) => g.id === 'charter');
    expect(charter).toMatchObject({ stage: { attained: 1, of: 3 }, outcome: 'stage 1 of 3 attained; Stage 2 not met: cqc-good (fail); Stage 3 was met in full but cannot count until Stage 2 is' });
    expect(charter?.stages?.map((s) => [s.status, s.attained])).toEqual([['met', true], ['not_met', false], ['met', false]]);
  });

  it('does not attain a later stage when an earlier one fails, even if the later passes', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), 'value: 30,', 'value: 15,'));
    expect(result.groups.find((g) => g.id === 'charter')?.stage).toEqual({ attained: 0, of: 3 });
  });

  it('attains every stage when all pass', async () => {
    const result = await run();
    expect(result.groups.find((g) => g.id === 'charter')?.outcome).toBe('stage 3 of 3 attained');
  });

  it('grades a bands group by passes over its full membership: a rule that does not apply is not a pass', async () => {
    const result = await run((dir) => edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Inadequate'));
    // 4 members (time-critical does not apply); 2 passed → 50 % → Poor
    expect(result.groups.find((g) => g.id === 'score')).toMatchObject({ score: 50, band: 'Poor', met: 2, of: 4 });
  });

  it('grades over the members that apply only when the group says denominator: applicable', async () => {
    const result = await run((dir) => {
      edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Inadequate');
      edit(path.join(dir, 'library.yaml'), 'policy: bands', 'policy: bands\n    denominator: applicable');
    });
    // 3 applicable; 2 passed → 66.7 % → Requires improvement
    expect(result.groups.find((g) => g.id === 'score')).toMatchObject({ score: 66.7, band: 'Requires improvement', met: 2, of: 3 });
  });
});

describe('check: waivers', () => {
  const waiver = (expires: string) => `waivers:
  - rule: cqc-good
    justification: New registration awaiting first inspection.
    approved_by: Head of Commissioning
    approved_on: "2025-03-01"
    expires: "${expires}"
`;
  const failing = (expires: string) => (dir: string) => {
    edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Requires improvement');
    edit(path.join(dir, 'evidence.yaml'), 'attestations:', `${waiver(expires)}attestations:`);
  };

  it('applies a waiver in force', async () => {
    const result = await run(failing('2025-12-31'));
    expect(rule(result, 'cqc-good')).toMatchObject({ status: 'waived', waiver: { status: 'applied' } });
    expect(result.verdict).toBe('compliant');
  });

  it('ignores an expired waiver and says so', async () => {
    const result = await run(failing('2025-05-31'));
    expect(rule(result, 'cqc-good')).toMatchObject({ status: 'fail', waiver: { status: 'expired' } });
    expect(result.warnings.map((w) => w.message).join('\n')).toContain('expired on 2025-05-31');
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'check/waiver-expired', ruleId: 'cqc-good', file: expect.stringMatching(/evidence\.yaml$/), line: expect.any(Number) }));
    expect(result.verdict).toBe('not_compliant');
  });

  it('judges expiry at --as-of when given', async () => {
    const result = await run(failing('2025-05-31'), '2025-05-01');
    expect(rule(result, 'cqc-good').status).toBe('waived');
  });
});

describe('check: verdict policy', () => {
  it('policy all counts should-rules too', async () => {
    const result = await run((dir) => {
      edit(path.join(dir, 'spec.md'), 'imports: [library.yaml]', 'imports: [library.yaml]\nverdict: { policy: all }');
      edit(path.join(dir, 'evidence.yaml'), /attestations:[\s\S]*$/, '');
    });
    expect(rule(result, 'local-complaints-policy').status).toBe('not_evidenced');
    expect(result.verdict).toBe('insufficient_evidence');
  });

  it('selection excludes rules', async () => {
    const result = await run((dir) => edit(path.join(dir, 'spec.md'), 'imports: [library.yaml]', 'imports: [library.yaml]\nselect: { exclude: [time-critical-on-time] }'));
    expect(result.rules.map((r) => r.id)).not.toContain('time-critical-on-time');
  });
});
