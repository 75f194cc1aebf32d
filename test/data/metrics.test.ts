import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFixture, rule, runData } from './support.js';

describe('metrics: one streaming pass, whole period and windows', () => {
  it('computes every aggregate over the rows in the period (a row dated after the period is left out)', async () => {
    const data = await readFixture();
    const value = (name: string) => data.metrics.get(name)?.value;
    expect(value('visit_count')).toBe(8);
    expect(value('completed_share')).toBe(75);
    expect(value('punctuality')).toBeCloseTo(83.333, 3);
    expect(value('minutes_delivered')).toBe(205);
    expect(value('mean_planned')).toBe(33.75);
    expect(value('min_planned')).toBe(15);
    expect(value('max_planned')).toBe(60);
    expect(value('median_delay')).toBe(5);
    expect(value('carers_per_client')).toBeCloseTo(5 / 3, 6);
    expect(value('zero_hours_share')).toBe(25);
    expect(value('paid_travel_hours')).toBe(0);
  });

  it('gives month windows labelled by month, and quarters from the period start', async () => {
    const data = await readFixture();
    const windows = (name: string) => data.metrics.get(name)?.windows?.map((w) => [w.label, w.value === null ? null : Math.round(w.value * 100) / 100]);
    expect(windows('visit_count')).toEqual([['2025-04', 3], ['2025-05', 3], ['2025-06', 2]]);
    expect(windows('completed_share')).toEqual([['2025-04', 100], ['2025-05', 33.33], ['2025-06', 100]]);
    expect(windows('punctuality')).toEqual([['2025-04', 66.67], ['2025-05', 100], ['2025-06', 100]]);
    expect(windows('max_planned')).toEqual([['2025-04', 30], ['2025-05', 45], ['2025-06', 60]]);
    expect(windows('carers_per_client')).toEqual([['2025-04', 1.5], ['2025-05', 1], ['2025-06', 1]]);
    expect(windows('median_delay')).toEqual([['2025-04..2025-06', 5]]);
    expect(data.metrics.get('mean_planned')?.windows).toBeUndefined();
  });

  it('names the file and the rows it used as the source', async () => {
    const data = await readFixture();
    expect(data.metrics.get('visit_count')?.source).toBe('data/visits.csv (8 rows in the period)');
    expect(data.metrics.get('zero_hours_share')?.source).toBe('data/staff.csv (4 rows)');
  });

  it('gives a window without rows in scope no value', async () => {
    const data = await readFixture((dir) => {
      const file = `${dir}/data/visits.csv`;
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^V5.*\n/m, '').replace('V4,C2,K1,2025-05-02T09:00:00,30,,,missed,', 'V4,C2,K1,2025-05-02T09:00:00,30,,,cancelled,'));
    });
    expect(data.metrics.get('punctuality')?.windows?.[1]).toEqual({ label: '2025-05', value: null });
  });

  it('hashes every dataset file and profile it read', async () => {
    const data = await readFixture();
    expect(data.inputs.map((i) => [i.role, i.path])).toEqual([
      ['profile', 'generic (bundled profile)'],
      ['dataset', 'data/visits.csv'],
      ['dataset', 'data/staff.csv'],
    ]);
    expect(data.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
  });
});

describe('every_window rules', () => {
  it('fail when one month fails even though the whole period passes, naming the month', async () => {
    const result = await runData();
    const r = rule(result, 'most-visits-completed');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('not met in 1 of 3 months: 2025-05: completed_share 33.33');
    expect(r.decidingWindow).toBe('2025-05');
    expect(rule(result, 'most-visits-completed-overall').status).toBe('pass');
  });
});
