/**
 * XLSX exports, read with exceljs's STREAMING workbook reader (the workbook
 * is never loaded whole). Each cell becomes text and goes through the same
 * converters as a CSV cell, so a mapping profile works for both: a date cell
 * becomes ISO text (custom date formats also accept ISO for that reason), a
 * number its shortest decimal text, a formula its cached result. The "line"
 * of a row is its spreadsheet row number (the header is usually row 1).
 */
import ExcelJS from 'exceljs';
import type { RecordSink } from './csv.js';

export async function readXlsx(file: string, sheet: string | undefined, sink: RecordSink): Promise<{ sheetFound: boolean }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  const fields: string[] = [];
  let index = 0;
  let width = -1;
  for await (const worksheet of workbook) {
    index++;
    const name = (worksheet as unknown as { name?: string }).name;
    const wanted = sheet === undefined ? index === 1 : name === sheet;
    if (!wanted) {
      for await (const _row of worksheet) void _row; // the reader must drain a sheet to reach the next
      continue;
    }
    for await (const row of worksheet) {
      const values = row.values as unknown[];
      let count = 0;
      for (let c = 1; c < values.length; c++) fields[count++] = cellText(values[c]);
      // Trailing empty cells are absent from `values`: pad to the header's width.
      if (width < 0) width = count;
      while (count < width) fields[count++] = '';
      sink(fields, count, row.number);
    }
    return { sheetFound: true };
  }
  return { sheetFound: false };
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 19);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (typeof v.text === 'string') return v.text;
    if (v.error) return v.error;
  }
  return String(value);
}
