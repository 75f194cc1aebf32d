/**
 * Which threshold applied, for a per-record rule whose rows date their own
 * parameter: the B&NES partial provider's April payslips are judged against
 * the Real Living Wage in force then (£12.00, from 1 May 2024) and its May and
 * June payslips against the new rate (£12.60, from 1 May 2025). The result
 * states both; the message quotes the rate at the period end.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import { repoFile } from '../helpers.js';

describe('parameters of per-record rules', () => {
  it('lists every value the rows met, and the message uses the value at the reference date', async () => {
    const out = await check(repoFile('specs', 'ethical-care-homecare-bnes.md'), repoFile('examples', 'ethical-care-homecare-bnes', 'partial', 'evidence.yaml'), {
      readData: (plan, evidence) => readDatasets(plan, evidence, {}),
    });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const rule = out.value.rules.find((r) => r.id === 'ecc-11-real-living-wage')!;
    expect(rule.parameters.map((p) => [p.name, p.value, p.from])).toEqual([
      ['real_living_wage', 12, '2024-05-01'],
      ['real_living_wage', 12.6, '2025-05-01'],
    ]);
    expect(rule.message).toContain('£12.60/hour at the period end');
  });
});
