import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { edit } from '../helpers.js';
import { readFixture, write } from './support.js';

const visits = (dir: string) => path.join(dir, 'data', 'visits.csv');
const HEADER = 'visit_id,client_id,carer_id,planned_start,planned_minutes,actual_minutes,start_delay_minutes,status,verification';

describe('data quality', () => {
  it('counts malformed rows per problem with their physical line numbers, leaving them out', async () => {
    const data = await readFixture((dir) => {
      edit(visits(dir), 'V2,C1,K2,2025-04-15T08:00:00,30,28,45,completed,gps', 'V2,C1,K2,2025-04-15T08:00:00,thirty,28,45,completed,gps');
      edit(visits(dir), 'V5,C1,K1,2025-05-10T08:00:00,45,44,10,completed,qr', 'V5,C1,K1,2025-05-10T08:00:00,45,44,10,completed,pigeon');
      edit(visits(dir), 'V6,C3,K3,2025-05-30T18:00:00,30,31,-5,missed,telephony', 'V6,C3,K3,2025-05-30T18:00:00,30,31,-5,missed');
    });
    const quality = data.findings.filter((f) => f.kind === 'data_quality');
    expect(quality).toEqual(expect.arrayContaining([
      expect.objectContaining({ dataset: 'visits', file: 'data/visits.csv', count: 1, lines: [3], severity: 'error', message: expect.stringContaining('unparseable integer in column planned_minutes (e.g. "thirty")') }),
      expect.objectContaining({ count: 1, lines: [6], message: expect.stringContaining('unknown code in column verification') }),
      expect.objectContaining({ count: 1, lines: [7], message: expect.stringContaining('wrong number of fields') }),
    ]));
    // 3 of 9 rows malformed is over the fixture's 20 % limit: the dataset is unusable.
    expect(data.metrics.get('visit_count')?.reason).toContain('3 of 9 rows of data/visits.csv (33.3 %) are malformed, more than the specification\'s limit of 20.0 %');
  });

  it('keeps a dataset under the threshold usable, with warnings', async () => {
    const data = await readFixture((dir) => edit(visits(dir), '2025-05-10T08:00:00', '2025-05-32T08:00:00'));
    expect(data.metrics.get('visit_count')?.value).toBe(7);
    expect(data.findings).toContainEqual(expect.objectContaining({ kind: 'data_quality', severity: 'warning', count: 1, lines: [6] }));
  });

  it('reports a missing required value, and does not show identifier values as examples', async () => {
    const data = await readFixture((dir) => edit(visits(dir), 'V3,C2,K1', 'V3,,K1'));
    const finding = data.findings.find((f) => f.kind === 'data_quality');
    expect(finding?.message).toContain('missing required value in column client_id');
    expect(finding?.lines).toEqual([4]);
  });

  it('counts lines correctly with a BOM, CRLF and quoted newlines', async () => {
    const rows = [
      'V1,C1,K1,2025-04-01T08:00:00,30,30,5,completed,telephony',
      'V2,"C1",K2,2025-04-15T08:00:00,30,28,45,completed,"gps"',
      '"V3\r\nwith a newline",C2,K1,2025-04-20T09:00,15,15,0,completed,manual',
      'V4,C2,K1,2025-05-02T09:00:00,x,,,missed,',
      'V8,C1,K3,2025-06-30T21:00:00,30,30,2,completed,telephony',
    ];
    const data = await readFixture((dir) => write(dir, 'data/visits.csv', `\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`));
    expect(data.findings.find((f) => f.kind === 'data_quality')?.lines).toEqual([6]);
    expect(data.records.get('visit-min-length')?.failures[0]?.line).toBe(4);
    expect(data.metrics.get('visit_count')?.value).toBe(4);
  });

  it('lists at most the first ten line numbers but counts every bad row', async () => {
    const bad = Array.from({ length: 15 }, (_, i) => `B${i},C1,K1,2025-05-01T08:00:00,oops,30,0,completed,gps`);
    const good = Array.from({ length: 100 }, (_, i) => `G${i},C1,K1,2025-05-01T08:00:00,30,30,0,completed,gps`);
    const data = await readFixture((dir) =>
      write(dir, 'data/visits.csv', `${HEADER}\nV0,C1,K1,2025-04-01T08:00,30,30,0,completed,gps\n${[...bad, ...good].join('\n')}\nV9,C1,K1,2025-06-30T08:00,30,30,0,completed,gps\n`));
    const finding = data.findings.find((f) => f.kind === 'data_quality');
    expect(finding?.count).toBe(15);
    expect(finding?.lines).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
