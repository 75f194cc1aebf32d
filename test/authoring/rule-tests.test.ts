import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runOnContext } from '../../src/authoring/rule-tests.js';
import { runCheck } from '../../src/evaluate/check.js';
import { prepareCheck } from '../../src/pipeline.js';
import type { Evidence } from '../../src/model/types.js';
import { fixture } from '../helpers.js';

const prepared = prepareCheck(fixture('core', 'spec.md'), fixture('core', 'evidence.yaml'));
if (!prepared.ok) throw new Error('core fixture does not load');
const { plan, evidence } = prepared.value;

describe('examples are evaluated exactly as check evaluates evidence', () => {
  it('gives the same status as runCheck for any pay, region and period end', () => {
    const pay = plan.rules.find((p) => p.rule.id === 'pay-living-wage')!;
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.constantFrom('london', 'default', 'north-east'),
        fc.constantFrom('2024-06-30', '2025-04-30', '2025-05-01', '2026-03-31'),
        (value, region, end) => {
          const manifest: Evidence = {
            ...evidence,
            provider: { ...evidence.provider, region },
            period: { start: '2024-05-01', end },
            facts: { ...evidence.facts, lowest_hourly_pay: { name: 'lowest_hourly_pay', value } },
          };
          const checked = runCheck(plan, manifest).rules.find((r) => r.id === 'pay-living-wage')!;
          const example = runOnContext(plan, pay, { provider: { region }, period: { start: '2024-05-01', end }, facts: { lowest_hourly_pay: value } });
          expect(example.status).toBe(checked.status);
          expect(example.parameters).toEqual(checked.parameters);
        },
      ),
    );
  });

  it('resolves parameters at their latest value when an example gives no period', () => {
    const pay = plan.rules.find((p) => p.rule.id === 'pay-living-wage')!;
    const result = runOnContext(plan, pay, { provider: { region: 'london' }, facts: { lowest_hourly_pay: 13.5 } });
    expect(result.status).toBe('fail');
    expect(result.parameters[0]).toMatchObject({ value: 13.85, region: 'london', from: '2025-05-01' });
  });
});
