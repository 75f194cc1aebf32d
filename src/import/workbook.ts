/**
 * `carespec import`: an evidence workbook (written by `carespec init --format xlsx`, filled in by a
 * provider) read back into an evidence manifest. Facts, attestations, the provider and the period
 * become YAML; each dataset sheet with rows is named in the manifest as itself (`file:` the workbook,
 * `sheet:` the kind's sheet), so `check` reads the rows where the provider wrote them and names
 * failing rows by their spreadsheet row. Nothing is guessed: a value that does not read as its type,
 * a fact without a source document, a half-filled attestation or a missing sheet is a diagnostic at
 * `workbook.xlsx!Sheet!B3`, and no manifest is written.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';
import { cellText } from '../data/reading/xlsx.js';
import { ATTESTATION_COLUMNS, DATASET_COLUMNS, FACT_COLUMNS, LIST_SEPARATOR, PROVIDER_FIELDS, SHEETS } from '../authoring/workbook.js';

export type ImportOutcome = { ok: true; manifest: string; datasets: number } | { ok: false; diagnostics: Diagnostic[] };

type FactValue = string | number | boolean | string[];

/** `file!Sheet!C7`: where a spreadsheet user looks. */
const at = (file: string, sheet: string, address?: string) => `${file}!${sheet}${address ? `!${address}` : ''}`;

/** A cell's value as text; a date cell as YYYY-MM-DD, or with its time when it has one. */
function cellString(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value instanceof Date) return value.toISOString().endsWith('T00:00:00.000Z') ? value.toISOString().slice(0, 10) : value.toISOString().slice(0, 19);
  return cellText(value).trim();
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The type column as written by init: `number`, `enum`, `list (items separated by ";")`, `any`. */
function readAs(type: string, raw: string): { value: FactValue } | { expected: string } {
  const kind = type.split(' ')[0];
  switch (kind) {
    case 'number':
    case 'percent':
      return NUMBER.test(raw) ? { value: Number(raw) } : { expected: 'a number (digits, optionally a decimal point)' };
    case 'integer':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { expected: 'a whole number' };
    case 'boolean':
      return /^(true|false)$/i.test(raw) ? { value: raw.toLowerCase() === 'true' } : { expected: 'true or false' };
    case 'date':
      return DATE.test(raw) ? { value: raw } : { expected: 'a date (YYYY-MM-DD, or a date cell)' };
    case 'list':
      return { value: raw.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== '') };
    case 'string':
    case 'enum':
      return { value: raw };
    case 'any':
      return { value: NUMBER.test(raw) ? Number(raw) : raw };
    default:
      return { expected: `a known type in the type column, not "${type}"` };
  }
}

/** Header name → column number, checked against what init writes. */
function header(sheet: ExcelJS.Worksheet, expected: readonly string[], file: string, problems: Diagnostic[]): Map<string, number> | undefined {
  const found = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => found.set(cellString(cell), col));
  const missing = expected.filter((h) => !found.has(h));
  if (missing.length === 0) return found;
  problems.push(diagnostic('workbook/header', `Unexpected header row, expected the columns ${expected.join(', ')} (missing: ${missing.join(', ')})`, at(file, sheet.name, 'A1')));
  return undefined;
}

function diagnostic(code: string, message: string, file: string): Diagnostic {
  return { code, message, severity: 'error', file, line: 0, column: 0 };
}

/**
 * Read `workbookFile` (as the user named it, for messages) into a manifest to be written at
 * `manifestFile`: dataset paths are relative to the manifest.
 */
export async function importWorkbook(workbookFile: string, manifestFile: string): Promise<ImportOutcome> {
  const shown = workbookFile;
  const problems: Diagnostic[] = [];
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(workbookFile);
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic('workbook/read', `Cannot read the workbook: ${(error as Error).message}`, shown)] };
  }
  const sheet = (name: string) => {
    const found = wb.getWorksheet(name);
    if (!found) problems.push(diagnostic('workbook/sheet', `Missing sheet "${name}", expected the sheets carespec init --format xlsx writes (${Object.values(SHEETS).join(', ')})`, shown));
    return found;
  };

  // Provider and period: required, each in column B of its named row.
  const provider: Record<string, string> = {};
  const period: Record<string, string> = {};
  const providerSheet = sheet(SHEETS.provider);
  if (providerSheet) {
    const seen = new Set<string>();
    providerSheet.eachRow((row, n) => {
      if (n === 1) return;
      const field = cellString(row.getCell(1));
      const value = cellString(row.getCell(2));
      const [root, name] = field.split('.');
      if (!name || (root !== 'provider' && root !== 'period')) return;
      seen.add(field);
      if (value === '') {
        if ((PROVIDER_FIELDS as readonly string[]).includes(field)) problems.push(diagnostic('workbook/required', `Missing ${field}, expected a value`, at(shown, providerSheet.name, `B${n}`)));
        return;
      }
      if (root === 'period' && !DATE.test(value)) problems.push(diagnostic('workbook/type', `Unexpected "${value}" for ${field}, expected a date (YYYY-MM-DD, or a date cell)`, at(shown, providerSheet.name, `B${n}`)));
      (root === 'period' ? period : provider)[name] = value;
    });
    for (const field of PROVIDER_FIELDS) if (!seen.has(field)) problems.push(diagnostic('workbook/required', `Missing the row ${field}, expected it in column A`, at(shown, providerSheet.name)));
  }

  const facts: Record<string, { value: FactValue; source: Record<string, string> }> = {};
  const factSheet = sheet(SHEETS.facts);
  const factCols = factSheet && header(factSheet, FACT_COLUMNS, shown, problems);
  if (factSheet && factCols) {
    const col = (row: ExcelJS.Row, name: (typeof FACT_COLUMNS)[number]) => row.getCell(factCols.get(name)!);
    factSheet.eachRow((row, n) => {
      if (n === 1) return;
      const name = cellString(col(row, 'name'));
      const valueCell = col(row, 'value');
      const raw = cellString(valueCell);
      if (name === '' || raw === '') return; // not filled: the rules that read it are not evidenced
      const read = readAs(cellString(col(row, 'type')), raw);
      if ('expected' in read) {
        problems.push(diagnostic('workbook/type', `Unexpected "${raw}" for fact ${name}, expected ${read.expected}`, at(shown, factSheet.name, valueCell.address)));
        return;
      }
      const document = cellString(col(row, 'source document'));
      if (document === '') {
        problems.push(diagnostic('workbook/source', `Missing the source document of fact ${name}, expected the document the value comes from`, at(shown, factSheet.name, col(row, 'source document').address)));
        return;
      }
      const locator = cellString(col(row, 'locator'));
      const url = cellString(col(row, 'url'));
      facts[name] = { value: read.value, source: { document, ...(locator ? { locator } : {}), ...(url ? { url } : {}) } };
    });
  }

  const attestations: Record<string, unknown> = {};
  const attestationSheet = sheet(SHEETS.attestations);
  const attCols = attestationSheet && header(attestationSheet, ATTESTATION_COLUMNS, shown, problems);
  if (attestationSheet && attCols) {
    attestationSheet.eachRow((row, n) => {
      if (n === 1) return;
      const get = (name: (typeof ATTESTATION_COLUMNS)[number]) => row.getCell(attCols.get(name)!);
      const id = cellString(get('id'));
      const fields = (['statement', 'signed by (name)', 'signed by (role)', 'signed on'] as const).map((f) => ({ f, cell: get(f), value: cellString(get(f)) }));
      if (id === '' || fields.every((x) => x.value === '')) return; // not signed: not evidenced
      const blank = fields.filter((x) => x.value === '');
      for (const x of blank) problems.push(diagnostic('workbook/required', `Missing ${x.f} of attestation ${id}, expected every field of a signed statement`, at(shown, attestationSheet.name, x.cell.address)));
      const signedOn = fields[3]!;
      if (signedOn.value !== '' && !DATE.test(signedOn.value)) problems.push(diagnostic('workbook/type', `Unexpected "${signedOn.value}" for signed on, expected a date (YYYY-MM-DD, or a date cell)`, at(shown, attestationSheet.name, signedOn.cell.address)));
      if (blank.length === 0) attestations[id] = { statement: fields[0]!.value, signed_by: { name: fields[1]!.value, role: fields[2]!.value }, signed_on: signedOn.value };
    });
  }

  const datasets: { id: string; kind: string; file: string; sheet: string; profile: string }[] = [];
  const datasetSheet = sheet(SHEETS.datasets);
  const dsCols = datasetSheet && header(datasetSheet, DATASET_COLUMNS, shown, problems);
  const relative = path.relative(path.dirname(path.resolve(manifestFile)), path.resolve(workbookFile)).split(path.sep).join('/');
  if (datasetSheet && dsCols) {
    datasetSheet.eachRow((row, n) => {
      if (n === 1) return;
      const kind = cellString(row.getCell(dsCols.get('kind')!));
      const sheetCell = row.getCell(dsCols.get('sheet')!);
      const name = cellString(sheetCell);
      if (kind === '') return;
      const data = wb.getWorksheet(name);
      if (!data) {
        problems.push(diagnostic('workbook/sheet', `Missing sheet "${name}" for dataset kind ${kind}, expected a sheet of that name`, at(shown, datasetSheet.name, sheetCell.address)));
        return;
      }
      // Header only: no rows supplied, so the dataset is left out and its rules are not evidenced.
      let rows = 0;
      data.eachRow((r, i) => {
        if (i > 1 && r.hasValues) rows++;
      });
      if (rows === 0) return;
      const profile = cellString(row.getCell(dsCols.get('profile')!)) || 'generic';
      datasets.push({ id: kind.replace(/_/g, '-'), kind, file: relative, sheet: name, profile });
    });
  }

  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const manifest: Record<string, unknown> = { carespec: 'evidence/1', provider, period };
  if (Object.keys(facts).length > 0) manifest.facts = facts;
  if (Object.keys(attestations).length > 0) manifest.attestations = attestations;
  if (datasets.length > 0) manifest.datasets = datasets;
  const doc = new Document(manifest);
  doc.commentBefore = ` Evidence imported from ${path.basename(workbookFile)} by carespec import; datasets are read from its sheets.`;
  return { ok: true, manifest: doc.toString({ lineWidth: 0 }), datasets: datasets.length };
}
