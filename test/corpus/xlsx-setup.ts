/**
 * The corpus's `xlsx` setup step: write a workbook from rows given in case.yaml.
 * exceljs writes asynchronously and a case is prepared synchronously, so the
 * workbook is written by a short child process.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface XlsxStep {
  file: string;
  /** Sheet name → rows, in workbook order. */
  sheets: Record<string, (string | number | boolean | null)[][]>;
  /** Empty rows below the data of every sheet: half formatted cells, half empty strings, as Excel leaves them. */
  empty_rows?: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SCRIPT = `
import ExcelJS from 'exceljs';
const [file, json] = process.argv.slice(1);
const { sheets, empty_rows: empty = 0 } = JSON.parse(json);
const workbook = new ExcelJS.Workbook();
for (const [name, rows] of Object.entries(sheets)) {
  const sheet = workbook.addWorksheet(name);
  for (const row of rows) sheet.addRow(row);
  const width = rows[0]?.length ?? 1;
  for (let i = 0; i < empty; i++) {
    if (i % 2 === 0) sheet.addRow(Array(width).fill(''));
    else sheet.getCell(rows.length + i + 1, 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  }
}
await workbook.xlsx.writeFile(file);
`;

export function writeXlsxSync(work: string, step: XlsxStep): void {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT, path.join(work, step.file), JSON.stringify(step)], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`xlsx setup failed: ${child.stderr}`);
}
