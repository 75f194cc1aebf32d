import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { edit } from '../helpers.js';
import { readFixture, rule, runData, write } from './support.js';

const visits = (dir: string) => path.join(dir, 'data', 'visits.csv');

describe('evidence sufficiency', () => {
  it('makes metrics absent and rules not_evidenced when the data does not cover the period', async () => {
    const mutate = (dir: string) => edit(visits(dir), /^V7.*\n^V8.*\n^V9.*\n/m, '');
    const data = await readFixture(mutate);
    expect(data.metrics.get('visit_count')).toMatchObject({ value: null });
    expect(data.metrics.get('visit_count')?.reason).toBe('the visits data (data/visits.csv) runs from 2025-04-01 to 2025-05-30 and does not cover the assessment period 2025-04-01 to 2025-06-30');
    expect(data.findings).toContainEqual(expect.objectContaining({ kind: 'sufficiency', dataset: 'visits' }));
    const result = await runData(mutate);
    expect(rule(result, 'most-visits-completed').status).toBe('not_evidenced');
    expect(rule(result, 'most-visits-completed').message).toContain('does not cover the assessment period');
    expect(rule(result, 'visit-min-length').status).toBe('not_evidenced');
    expect(rule(result, 'visit-min-length').message).toContain('does not cover the assessment period');
  });

  it('allows the period to be covered within a day at either end', async () => {
    const data = await readFixture((dir) => {
      edit(visits(dir), '2025-04-01T08:00:00', '2025-04-02T08:00:00');
      edit(visits(dir), '2025-06-30T21:00:00', '2025-06-29T21:00:00');
    });
    expect(data.metrics.get('visit_count')?.value).toBe(8);
  });

  it('makes the dataset unusable when a required column is missing, naming the header looked for', async () => {
    const data = await readFixture((dir) => edit(visits(dir), 'visit_id,client_id,', 'visit_ref,client_id,'));
    expect(data.metrics.get('visit_count')?.reason).toBe('data/visits.csv lacks the required column visit_id (looked for "visit_id")');
    expect(data.records.get('visit-min-length')?.reason).toContain('lacks the required column visit_id');
  });

  it('makes a metric absent when the export lacks an optional column it reads', async () => {
    const data = await readFixture((dir) => {
      const text = 'visit_id,client_id,planned_start,planned_minutes,status\nV1,C1,2025-04-01T08:00,30,completed\nV2,C1,2025-06-30T08:00,30,completed\n';
      write(dir, 'data/visits.csv', text);
    });
    expect(data.metrics.get('visit_count')?.value).toBe(2);
    expect(data.metrics.get('punctuality')?.reason).toBe('data/visits.csv has no column start_delay_minutes, which metric punctuality reads');
  });

  it('treats an empty file, or a header without rows, as no evidence', async () => {
    const empty = await readFixture((dir) => write(dir, 'data/visits.csv', ''));
    expect(empty.metrics.get('visit_count')?.reason).toBe('data/visits.csv is empty (no header row)');
    const headerOnly = await readFixture((dir) => write(dir, 'data/visits.csv', 'visit_id,client_id,carer_id,planned_start,planned_minutes,actual_minutes,start_delay_minutes,status,verification\n'));
    expect(headerOnly.metrics.get('visit_count')?.reason).toBe('data/visits.csv has no data rows');
  });

  it('says which dataset kind is missing from the evidence', async () => {
    const result = await runData((dir) => edit(path.join(dir, 'evidence.yaml'), /^  - \{ id: staff.*\n/m, ''));
    expect(rule(result, 'zero-hours-limit').status).toBe('not_evidenced');
    expect(rule(result, 'zero-hours-limit').message).toContain('no dataset of kind staff in the evidence');
  });
});
