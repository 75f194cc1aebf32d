/**
 * XLSX exports, read with exceljs's STREAMING workbook reader (the workbook
 * is never loaded whole). Each cell becomes text and goes through the same
 * converters as a CSV cell, so a mapping profile works for both: a date cell
 * becomes ISO text (custom date formats also accept ISO for that reason), a
 * number its plain decimal text, a formula its cached result. The "line"
 * of a row is its spreadsheet row number (the header is usually row 1).
 *
 * A row whose every cell is empty is skipped, like a blank CSV line: Excel
 * keeps formatted but empty rows (often many, below the data), and they are
 * not records. The sheet read is the one named (exactly), else the first.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RecordSink } from './csv.js';

export type SheetOutcome = { sheetFound: true } | { sheetFound: false; sheets: string[] };

/** `input`: the workbook's path, or its bytes as a stream (a workbook given in memory). */
export async function readXlsx(input: string | Readable, sheet: string | undefined, sink: RecordSink): Promise<SheetOutcome> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  const fields: string[] = [];
  const sheets: string[] = [];
  let width = -1;
  for await (const worksheet of workbook) {
    const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${sheets.length + 1}`;
    sheets.push(name);
    const wanted = sheet === undefined ? sheets.length === 1 : name === sheet;
    if (!wanted) {
      for await (const _row of worksheet) void _row; // the reader must drain a sheet to reach the next
      continue;
    }
    for await (const row of worksheet) {
      const values = row.values as unknown[];
      let count = 0;
      let filled = 0;
      for (let c = 1; c < values.length; c++) {
        const text = cellText(values[c]);
        if (text !== '') filled = count + 1;
        fields[count++] = text;
      }
      if (filled === 0) continue; // an empty row: not a record
      // Trailing empty cells are absent from `values` (pad to the header's width); empty cells
      // beyond it are invisible in Excel and are not extra fields.
      if (width < 0) width = filled;
      if (count > width) count = Math.max(width, filled);
      while (count < width) fields[count++] = '';
      sink(fields, count, row.number);
    }
    return { sheetFound: true };
  }
  return { sheetFound: false, sheets };
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainDecimal(value);
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

/**
 * A number cell as plain decimal text: number columns accept no exponent
 * (convert.ts), and String() writes 1e-7 and 1e+21 for a cell that Excel
 * shows as 0.0000001 and 1000000000000000000000.
 */
export function plainDecimal(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const whole = (point < 0 ? mantissa.length : point) + exponent; // digits before the decimal point
  const body = whole <= 0 ? `0.${'0'.repeat(-whole)}${digits}` : whole >= digits.length ? digits + '0'.repeat(whole - digits.length) : `${digits.slice(0, whole)}.${digits.slice(whole)}`;
  return negative ? `-${body}` : body;
}
