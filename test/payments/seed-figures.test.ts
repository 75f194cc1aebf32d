/**
 * The payment primitives against the seed figures, to the penny (seeds 000 and 004):
 * Lambeth's tiered rate (1,400 hours = £23,100.00; the 1,000-hour boundary; 0 hours), BFC's
 * outcome uplift (3 of 5 outcomes over 1,000 hours = £600.00), the gain share (14 hours a week
 * cut to 7 at day 14: 84 hours paid over 6 weeks against 56), and the bonus pool (5 % of
 * £200,000 shared 50/30/20; a remainder that does not divide evenly). Plus a property test of
 * tiered amounts, and the bad values that must stop a payment rather than give a wrong total.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Evidence, PaymentDefinition, PoolBasis, RuleStatus } from '../../src/model/types.js';
import type { MetricValue } from '../../src/evaluate/context.js';
import { buildParameterTable } from '../../src/runtime/parameters.js';
import { PaymentContext, PaymentProblem, type PaymentInputs } from '../../src/payments/context.js';
import { tiered, splitTiers } from '../../src/payments/tiered.js';
import { uplift } from '../../src/payments/uplift.js';
import { gainShare } from '../../src/payments/gain-share.js';
import { pool } from '../../src/payments/pool.js';
import { credit } from '../../src/payments/credit.js';
import { banded } from '../../src/payments/banded.js';
import { allocate } from '../../src/payments/allocate.js';
import { Big, moneyText, parseDecimal, sum, ZERO } from '../../src/payments/money.js';
import { pounds } from '../../src/payments/context.js';

const evidence = (name = 'Alder Homecare Ltd'): Evidence => ({
  provider: { name, region: 'london' }, period: { start: '2025-04-01', end: '2025-06-30' },
  facts: {}, attestations: {}, waivers: [], datasets: [], file: 'evidence.yaml', sha256: '', pseudonymSeed: '',
});

const PARAMETERS = buildParameterTable([
  { name: 'rate_first', title: 'First band rate', values: { default: [{ from: '2011-04-01', value: 17.5 }] } },
  { name: 'band_hours', title: 'First band hours', values: { default: [{ from: '2011-04-01', value: 1000 }] } },
  { name: 'rate_after', title: 'Rate after', values: { default: [{ from: '2011-04-01', value: 14 }] } },
  { name: 'rate_2026', title: 'A rate only from 2026', values: { default: [{ from: '2026-04-01', value: 18 }] } },
  { name: 'rate_text', title: 'A rate written with a pound sign', values: { default: [{ from: '2011-04-01', value: '£17.50' }] } },
], []);

function context(options: { minutes?: Record<string, number | null>; statuses?: Record<string, RuleStatus>; rows?: Record<string, string | number | null>[]; basis?: PoolBasis; provider?: string; hours?: number } = {}): PaymentContext {
  const windows = Object.entries(options.minutes ?? {}).map(([label, value]) => ({ label, value }));
  const total = windows.reduce((a, w) => a + (w.value ?? 0), 0);
  const metricValues = new Map<string, MetricValue>([
    ['minutes', { value: options.hours === undefined ? total : options.hours * 60, windows, source: 'visits.csv' }],
  ]);
  const inputs: PaymentInputs = {
    parameters: PARAMETERS,
    metrics: new Map([['minutes', { name: 'minutes', title: 'Minutes', dataset: 'visits', aggregate: 'sum', column: 'actual_minutes', window: 'month', unit: 'minutes' }]]),
    metricValues,
    evidence: evidence(options.provider),
    asOf: '2025-06-30',
    statuses: new Map(Object.entries(options.statuses ?? {})),
    packages: () => ({ ok: true, rows: (options.rows ?? []).map((row, i) => ({ file: 'care_packages.csv', line: i + 2, row })) }),
    ...(options.basis ? { poolBasis: options.basis } : {}),
  };
  return new PaymentContext(inputs, 'half_up');
}

const total = (steps: { amount?: Big }[]) => moneyText(sum(steps.map((s) => s.amount ?? ZERO)));

const LAMBETH: PaymentDefinition = {
  id: 'lambeth', title: 'Lambeth', type: 'tiered', per: 'month', rounding: 'half_up', quantity: { metric: 'minutes' },
  tiers: [{ up_to: { param: 'band_hours' }, rate: { param: 'rate_first' } }, { rate: { param: 'rate_after' } }],
};

describe('tiered rate (Lambeth, seed 000)', () => {
  it('pays 1,400 hours in a month £23,100.00 = 1,000 × £17.50 + 400 × £14.00', () => {
    const steps = tiered(LAMBETH, context({ minutes: { '2025-04': 1400 * 60 } }));
    expect(total(steps)).toBe('23100.00');
    expect(steps.filter((s) => s.amount).map((s) => [s.quantity!.toString(), s.rate!.toString(), moneyText(s.amount!)])).toEqual([['1000', '17.5', '17500.00'], ['400', '14', '5600.00']]);
  });

  it('pays exactly 1,000 hours all at the first rate (£17,500.00) and 0 hours nothing', () => {
    expect(total(tiered(LAMBETH, context({ minutes: { '2025-05': 60_000 } })))).toBe('17500.00');
    expect(total(tiered(LAMBETH, context({ minutes: { '2025-05': 60_001 } })))).toBe('17500.23'); // 1/60 h × £14.00 = 23.3p, half up
    expect(total(tiered(LAMBETH, context({ minutes: { '2025-05': 0 } })))).toBe('0.00');
  });

  it('restarts the bands each month', () => {
    const steps = tiered(LAMBETH, context({ minutes: { '2025-04': 84_000, '2025-05': 60_000, '2025-06': 57_000 } }));
    expect(total(steps)).toBe('57225.00'); // 23,100.00 + 17,500.00 + 16,625.00
  });

  it('a rate with no value for the date stops the payment with the reason', () => {
    const late: PaymentDefinition = { ...LAMBETH, tiers: [{ up_to: 1000, rate: { param: 'rate_2026' } }, { rate: 14 }] };
    expect(() => tiered(late, context({ minutes: { '2025-04': 60 } }))).toThrow(/no value in force on 2025-04-30 \(first value from 2026-04-01\)/);
  });

  it('a rate given as text with a pound sign stops the payment, naming a plain decimal', () => {
    const text: PaymentDefinition = { ...LAMBETH, tiers: [{ up_to: 1000, rate: { param: 'rate_text' } }, { rate: 14 }] };
    expect(() => tiered(text, context({ minutes: { '2025-04': 60 } }))).toThrow(/"£17.50" is text with a currency sign .*\(17\.50\)/);
  });

  it('negative hours stop the payment', () => {
    expect(() => tiered(LAMBETH, context({ minutes: { '2025-04': -60 } }))).toThrow(PaymentProblem);
    expect(() => tiered(LAMBETH, context({ minutes: { '2025-04': -60 } }))).toThrow(/negative hours/);
  });

  it('property: a tiered amount is the sum of its bands, exact, and monotone in hours', () => {
    const bands = fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 }).map((b) => b.sort((x, y) => x - y));
    const rate = fc.integer({ min: 0, max: 5000 }).map((p) => new Big(p).div(100));
    fc.assert(fc.property(bands, fc.array(rate, { minLength: 5, maxLength: 5 }), fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 0, max: 6000 }), (bounds, rates, minutes, more) => {
      const definition: PaymentDefinition = { ...LAMBETH, tiers: [...bounds.map((up_to, i) => ({ up_to, rate: rates[i]!.toString() })), { rate: rates[4]!.toString() }] };
      const at = (m: number) => tiered(definition, context({ minutes: { '2025-04': m } }));
      const steps = at(minutes);
      const amount = sum(steps.map((s) => s.amount ?? ZERO));
      // The band hours add up to the hours, exactly; each amount is whole pence.
      const hours = sum(steps.filter((s) => s.amount).map((s) => s.quantity!));
      expect(hours.eq(new Big(minutes).div(60))).toBe(true);
      for (const s of steps) if (s.amount) expect(s.amount.times(100).mod(1).eq(0)).toBe(true);
      // Without rounding (whole hours), the amount is the exact sum of hours × rate by band.
      const whole = tiered(definition, context({ minutes: { '2025-04': Math.floor(minutes / 60) * 60 } }));
      const exact = splitTiers(new Big(Math.floor(minutes / 60)), definition.tiers!.map((t) => ({ ...(t.up_to === undefined ? {} : { upTo: new Big(String(t.up_to)) }), rate: new Big(String(t.rate)) })));
      expect(sum(whole.map((s) => s.amount ?? ZERO)).eq(sum(exact.map((p) => p.hours.times(p.rate))))).toBe(true);
      // More hours never pay less.
      expect(sum(at(minutes + more).map((s) => s.amount ?? ZERO)).gte(amount)).toBe(true);
    }), { numRuns: 200 });
  });
});

describe('banded rate (Redbridge, seed 000)', () => {
  it('pays every hour at the one rate the volume reaches', () => {
    const definition: PaymentDefinition = { id: 'b', title: 'b', type: 'banded', rounding: 'half_up', quantity: { metric: 'minutes' }, bands: [{ min: 0, rate: '18.30' }, { min: 1000, rate: '18.10' }, { min: 2000, rate: '17.90' }] };
    expect(total(banded(definition, context({ hours: 999 })))).toBe('18281.70');
    expect(total(banded(definition, context({ hours: 1000 })))).toBe('18100.00');
    expect(total(banded(definition, context({ hours: 2500 })))).toBe('44750.00');
  });
});

describe('outcome uplift (BFC, seed 004)', () => {
  const outcomes = ['o1', 'o2', 'o3', 'o4', 'o5'];
  const definition: PaymentDefinition = { id: 'u', title: 'u', type: 'uplift', rounding: 'half_up', quantity: { metric: 'minutes' }, rate: '0.20', rules: outcomes };

  it('3 of 5 outcomes met over 1,000 hours earn £600.00', () => {
    const steps = uplift(definition, context({ hours: 1000, statuses: { o1: 'pass', o2: 'pass', o3: 'pass', o4: 'fail', o5: 'fail' } }));
    expect(total(steps)).toBe('600.00');
  });

  it('5 of 5 earn £1.00 an hour; waived, not applicable, not evidenced and error earn nothing and are listed', () => {
    expect(total(uplift(definition, context({ hours: 1000, statuses: Object.fromEntries(outcomes.map((o) => [o, 'pass'])) })))).toBe('1000.00');
    const steps = uplift(definition, context({ hours: 1000, statuses: { o1: 'pass', o2: 'waived', o3: 'not_applicable', o4: 'not_evidenced', o5: 'error' } }));
    expect(total(steps)).toBe('200.00');
    expect(steps.filter((s) => s.rule && s.rule !== 'o1').map((s) => [s.status, moneyText(s.amount!)])).toEqual([['waived', '0.00'], ['not_applicable', '0.00'], ['not_evidenced', '0.00'], ['error', '0.00']]);
  });
});

describe('gain share (seed 004)', () => {
  it('14 hours a week cut to 7 at day 14: 84 hours paid over 6 weeks against 56 delivered', () => {
    const definition: PaymentDefinition = { id: 'g', title: 'g', type: 'gain_share', rounding: 'half_up', dataset: 'care_packages', window_days: 42, rate: '20.00' };
    const steps = gainShare(definition, context({ rows: [
      { package_id: 'P1', event_date: '2025-04-07', event: 'start', weekly_hours: 14 },
      { package_id: 'P1', event_date: '2025-04-21', event: 'change', weekly_hours: 7 },
      { package_id: 'P2', event_date: '2025-04-07', event: 'start', weekly_hours: 10 },
      { package_id: 'P2', event_date: '2025-04-21', event: 'change', weekly_hours: 12 },
    ] }));
    const p1 = steps.find((s) => s.step.startsWith('package P1'))!;
    expect(p1.step).toContain('paid 84 h against 56 h commissioned');
    expect(p1.quantity!.toString()).toBe('28');
    expect(total(steps)).toBe('560.00'); // 28 protected hours × £20.00; the increase earns nothing extra
  });

  it('negative weekly hours stop the payment, naming the line', () => {
    const definition: PaymentDefinition = { id: 'g', title: 'g', type: 'gain_share', rounding: 'half_up', dataset: 'care_packages', window_days: 42, rate: '20.00' };
    expect(() => gainShare(definition, context({ rows: [{ package_id: 'P1', event_date: '2025-04-07', event: 'start', weekly_hours: -14 }] }))).toThrow(/care_packages.csv:2: package P1 has negative weekly hours/);
  });
});

describe('credits', () => {
  it('deducts per KPI missed and caps the period', () => {
    const definition: PaymentDefinition = { id: 'c', title: 'c', type: 'credit', rounding: 'half_up', rules: ['k1', 'k2', 'k3'], amount: 250, cap: 500 };
    expect(total(credit(definition, context({ statuses: { k1: 'fail', k2: 'pass', k3: 'waived' } })))).toBe('-250.00');
    const capped = credit(definition, context({ statuses: { k1: 'fail', k2: 'not_evidenced', k3: 'fail' } }));
    expect(total(capped)).toBe('-500.00');
    expect(capped.at(-1)!.step).toBe('credits -£750.00 capped at £500.00 for the period');
  });
});

describe('bonus pool (seed 004) and the allocation rule', () => {
  const basis = (providers: { name: string; measure?: string; share?: string }[], base = '200000.00'): PoolBasis => ({
    pool: 'p', period: { start: '2025-04-01', end: '2025-06-30' }, base, measure: 'hours delivered', providers, file: 'pool-basis.yaml', sha256: '',
  });
  const definition: PaymentDefinition = { id: 'p', title: 'p', type: 'pool', rounding: 'half_up', quantity: { metric: 'minutes' }, pool: { percent: 5, of: 'basis' } };

  it('£200,000 × 5 % shared 50/30/20 = £5,000.00, £3,000.00, £2,000.00', () => {
    const three = basis([{ name: 'A', measure: '5000' }, { name: 'B', measure: '3000' }, { name: 'C', measure: '2000' }]);
    expect(['A', 'B', 'C'].map((name) => total(pool(definition, context({ basis: three, provider: name, hours: 1 }))))).toEqual(['5000.00', '3000.00', '2000.00']);
  });

  it('a remainder that does not divide evenly goes, a penny each, to the largest remainders; shares sum to the pool exactly', () => {
    // £100.00 in three equal parts: 33.33 each and one penny left, to the first listed.
    expect(allocate(new Big('100.00'), [new Big(1), new Big(1), new Big(1)]).map((a) => moneyText(a.amount))).toEqual(['33.34', '33.33', '33.33']);
    // £10.00 by 7 : 11 : 13 hours: exact shares 2.258…, 3.548…, 4.193…; 2.25 + 3.54 + 4.19 = 9.98, the 2 pence go to .8 and .9 remainders.
    const shares = allocate(new Big('10.00'), [new Big(7), new Big(11), new Big(13)]);
    expect(shares.map((a) => moneyText(a.amount))).toEqual(['2.26', '3.55', '4.19']);
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)), (pence, weights) => {
      const fund = new Big(pence).div(100);
      const parts = allocate(fund, weights.map((w) => new Big(w)));
      expect(sum(parts.map((p) => p.amount)).eq(fund)).toBe(true);
      parts.forEach((p) => expect(p.amount.minus(p.exact).abs().lt('0.01')).toBe(true));
    }), { numRuns: 200 });
  });

  it('a provider not in the basis is an error with a suggestion; no basis is not evidenced', () => {
    const three = basis([{ name: 'Alder Homecare Ltd', measure: '1' }]);
    expect(() => pool(definition, context({ basis: three, provider: 'Alder Homecare Limited' }))).toThrow(/not listed in the pool basis .*did you mean "Alder Homecare Ltd"/);
    try {
      pool(definition, context({}));
      expect.unreachable();
    } catch (e) {
      expect((e as PaymentProblem).status).toBe('not_evidenced');
    }
  });
});

describe('money', () => {
  it('prints as £1,234.56 and parses only plain decimals', () => {
    expect(pounds(new Big('1234.56'))).toBe('£1,234.56');
    expect(pounds(new Big('-0.5'))).toBe('-£0.50');
    expect(parseDecimal('£23,100.00', 'amount')).toEqual({ ok: false, reason: 'amount "£23,100.00" is text with a currency sign or thousands separator; write it as a plain decimal (23100.00)' });
    expect(moneyText(new Big(0.1).plus(0.2))).toBe('0.30');
    expect(parseDecimal(0.1, 'x').ok && (parseDecimal(0.1, 'x') as { value: Big }).value.plus('0.2').toString()).toBe('0.3');
  });
});
