/**
 * Declarations checked against the data in the bundled examples: the B&NES
 * failing provider declares travel time paid in full and a 5 % zero-hours
 * share, and its payroll and staff file say otherwise. Each contradiction is
 * a finding of its own; the compliant provider's declarations agree with its data.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import type { CheckResult } from '../../src/model/types.js';
import { repoFile } from '../helpers.js';

async function bnes(bundle: string): Promise<CheckResult> {
  const out = await check(repoFile('specs', 'ethical-care-homecare-bnes.md'), repoFile('examples', 'ethical-care-homecare-bnes', bundle, 'evidence.yaml'), {
    readData: (plan, evidence) => readDatasets(plan, evidence, {}),
  });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.value;
}

describe('reconciliation in the bundled examples', () => {
  it('reports each declaration the data contradicts', async () => {
    const findings = (await bnes('failing')).findings.filter((f) => f.kind === 'reconciliation');
    expect(findings.map((f) => f.message)).toEqual([
      'declared 5 % of care workers on zero-hours contracts not of their choosing; the staff file shows 23.33 %',
      'travel time declared paid in full, but 25 % of care-worker payslips pay less travel time than was worked',
    ]);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'error']);
  });

  it('reports nothing when the declarations agree with the data', async () => {
    expect((await bnes('compliant')).findings.filter((f) => f.kind === 'reconciliation')).toEqual([]);
  });
});
