import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { edit } from '../helpers.js';
import { readFixture, runData } from './support.js';

describe('reconciliation of declarations against data', () => {
  it('reports a declared share that differs from the data by more than the tolerance, and a boolean the data contradicts', async () => {
    const result = await runData();
    const found = result.findings.filter((f) => f.kind === 'reconciliation');
    expect(found.map((f) => f.message)).toEqual([
      'Declared zero-hours share matches the staff list: the evidence declares declared_zero_hours_share = 10 but the data gives zero_hours_share = 25 (data/staff.csv (4 rows)); expected a difference of at most 5',
      'Travel time declared paid, but no paid travel hours in the data: the evidence declares travel_time_paid = true but the data gives paid_travel_hours = 0 (data/staff.csv (4 rows)); expected paid_travel_hours above 0',
    ]);
  });

  it('is silent when the declaration agrees within the tolerance', async () => {
    const data = await readFixture((dir) => {
      edit(path.join(dir, 'evidence.yaml'), 'declared_zero_hours_share: { value: 10', 'declared_zero_hours_share: { value: 22');
      edit(path.join(dir, 'data', 'staff.csv'), 'K1,permanent,0', 'K1,permanent,12.5');
    });
    expect(data.findings.filter((f) => f.kind === 'reconciliation')).toEqual([]);
  });

  it('uses a JSON Logic test and message when the library gives one', async () => {
    const data = await readFixture((dir) =>
      edit(path.join(dir, 'library.yaml'), '    tolerance: 5\n', '    test: { "<=": [{ var: metric }, { "+": [{ var: fact }, 20] }] }\n    message: "declared {{fact}} %, staff list {{metric}} %"\n    severity: error\n'));
    expect(data.findings.filter((f) => f.kind === 'reconciliation' && f.severity === 'error')).toEqual([]);
    const strict = await readFixture((dir) =>
      edit(path.join(dir, 'library.yaml'), '    tolerance: 5\n', '    test: { "<=": [{ var: metric }, { var: fact }] }\n    message: "declared {{fact}} %, staff list {{metric}} %"\n    severity: error\n'));
    expect(strict.findings).toContainEqual({ code: 'reconcile/contradiction', kind: 'reconciliation', severity: 'error', message: 'declared 10 %, staff list 25 %', file: expect.stringMatching(/library\.yaml$/), line: expect.any(Number), column: expect.any(Number) });
  });

  it('skips a check whose fact is not declared', async () => {
    const data = await readFixture((dir) => edit(path.join(dir, 'evidence.yaml'), /^  travel_time_paid:.*\n/m, ''));
    expect(data.findings.filter((f) => f.kind === 'reconciliation')).toHaveLength(1);
  });
});
