import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { edit } from '../helpers.js';
import { readFixture } from './support.js';

async function writeWorkbook(file: string, sheets: Record<string, unknown[][]>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(file);
}

const HEADER = ['visit_id', 'client_id', 'carer_id', 'planned_start', 'planned_minutes', 'actual_minutes', 'start_delay_minutes', 'status', 'verification'];
const ROWS: unknown[][] = [
  ['V1', 'C1', 'K1', new Date(Date.UTC(2025, 3, 1, 8)), 30, 30, 5, 'completed', 'telephony'],
  ['V3', 'C2', 'K1', '2025-04-20T09:00', 15, 15, 0, 'completed', 'manual'],
  ['V4', 'C2', 'K1', new Date(Date.UTC(2025, 4, 2, 9)), 30, null, null, 'missed'],
  ['V5', 'C1', 'K1', new Date(Date.UTC(2025, 4, 10, 8)), 'forty', 44, 10, 'completed', 'qr'],
  ['V8', 'C1', 'K3', new Date(Date.UTC(2025, 5, 30, 21)), 30, 30, 2, 'completed', 'telephony'],
];

const useWorkbook = (sheets: Record<string, unknown[][]>, profile?: string) => async (dir: string) => {
  await writeWorkbook(path.join(dir, 'data', 'visits.xlsx'), sheets);
  edit(path.join(dir, 'evidence.yaml'), 'file: data/visits.csv, profile: generic', `file: data/visits.xlsx, profile: ${profile ?? 'generic'}`);
};

describe('XLSX datasets', () => {
  it('reads the first worksheet through the same profile and converters, with spreadsheet row numbers as lines', async () => {
    const data = await readFixture(useWorkbook({ Visits: [HEADER, ...ROWS] }), { showIdentifiers: true });
    expect(data.metrics.get('visit_count')?.value).toBe(4);
    expect(data.metrics.get('completed_share')?.value).toBe(75);
    expect(data.records.get('visit-min-length')?.failures).toEqual([{ file: 'data/visits.xlsx', line: 3, values: { planned_minutes: 15, client_id: 'C2', carer_id: 'K1' } }]);
    expect(data.findings).toContainEqual(expect.objectContaining({ kind: 'data_quality', lines: [5], message: expect.stringContaining('planned_minutes') }));
    expect(data.inputs).toContainEqual(expect.objectContaining({ role: 'dataset', path: 'data/visits.xlsx' }));
  });

  it('reads the worksheet a profile names', async () => {
    const data = await readFixture(async (dir) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(dir, 'sheet.yaml'), 'carespec: profile/1\nid: sheet\ntitle: Second sheet\nsheet: Export\n');
      await useWorkbook({ Notes: [['read me']], Export: [HEADER, ...ROWS] }, 'sheet.yaml')(dir);
    });
    expect(data.metrics.get('visit_count')?.value).toBe(4);
  });
});
