import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import type { CheckResult } from '../../src/model/types.js';
import { edit, fixture, repoFile, scratchCopy } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

/** The bundled specification and example when they exist, and the core fixture always. */
const pairs = [
  [fixture('core', 'spec.md'), fixture('core', 'evidence.yaml')],
  [repoFile('specs', 'example-homecare.md'), repoFile('examples', 'example-homecare', 'evidence.yaml')],
  // With datasets: metrics, every-window and per-record rules, a waiver, reconciliation.
  [repoFile('specs', 'ethical-care-homecare-bnes.md'), repoFile('examples', 'ethical-care-homecare-bnes', 'failing', 'evidence.yaml')],
].filter(([spec, evidence]) => existsSync(spec!) && existsSync(evidence!)) as [string, string][];

describe('carespec explain', () => {
  it.each(pairs)('gives every rule of %s the status check gives it', async (spec, evidence) => {
    const checked = JSON.parse((await carespec('check', spec, '-e', evidence, '--format', 'json')).out) as CheckResult;
    for (const rule of checked.rules) {
      const { code, out } = await carespec('explain', rule.id, '--spec', spec, '--evidence', evidence, '--format', 'json');
      const explained = JSON.parse(out) as { result: { status: string; message: string } };
      expect(explained.result.status, rule.id).toBe(rule.status);
      expect(explained.result.message).toBe(rule.message);
      expect(code).toBe(['pass', 'not_applicable', 'waived'].includes(rule.status) ? 0 : 1);
    }
  });

  it('shows every sub-expression with its value, the parameters, the evidence and the status', async () => {
    const { code, out } = await carespec('explain', 'pay-living-wage', '-s', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'));
    expect(code).toBe(0);
    expect(out).toContain('**Status: pass**');
    expect(out).toContain('- `>=` → **true**\n  - `var facts.lowest_hourly_pay` = **13.9** (from Payroll summary Q1, tab 2)\n  - `param` → **13.85**');
    expect(out).toMatch(/\| `living_wage` Real Living Wage \| 13\.85 GBP\/hour \| london +\| 2025-05-01 +\| 2025-06-30 \| 2024-10-23 \|/);
    expect(out).toContain('No waiver for this rule in the evidence.');
  });

  it('shows the waiver considered and skipped branches', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Inadequate');
    const waiver = '\nwaivers:\n  - { rule: cqc-good, justification: Re-inspection booked, approved_by: Head of commissioning, approved_on: "2025-01-01", expires: "2025-05-31" }\n';
    edit(path.join(dir, 'evidence.yaml'), /$/, waiver);
    const { code, out } = await carespec('explain', 'cqc-good', '-s', path.join(dir, 'spec.md'), '-e', path.join(dir, 'evidence.yaml'));
    expect(code).toBe(1);
    expect(out).toContain('**Status: fail**');
    expect(out).toContain('**Effect:** expired on 2025-05-31: not applied');
    const applies = await carespec('explain', 'time-critical-on-time', '-s', path.join(dir, 'spec.md'), '-e', path.join(dir, 'evidence.yaml'));
    expect(applies.out).toContain('## Applies when');
    expect(applies.out).toContain('**not applicable**: its applies_when condition is false');
  });

  it('exits 2 for a rule the specification does not select', async () => {
    const { code, err } = await carespec('explain', 'cqc', '-s', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'));
    expect(code).toBe(2);
    expect(err).toContain('selects no rule "cqc"; did you mean cqc-good?');
  });
});
