/**
 * `carespec init --format xlsx`: an evidence workbook a provider fills in with a spreadsheet program,
 * read back by `carespec import`. Sheets: Provider (name, region, period and the provider fields the
 * rules read), Facts (one row per fact the selected rules read; enum and boolean values offered as a
 * list), Attestations, Datasets (each dataset kind, its sheet and mapping profile), and one sheet per
 * dataset kind whose header row is the kind's column names (the `generic` profile's headers).
 * The layout constants are shared with the importer, so the two cannot drift apart.
 */
import ExcelJS from 'exceljs';
import type { Plan } from '../validate/assemble.js';
import type { FactDeclaration } from '../model/types.js';
import { describeBy, evidenceNeeds, factType } from './needs.js';

export const SHEETS = { provider: 'Provider', facts: 'Facts', attestations: 'Attestations', datasets: 'Datasets' } as const;
export const FACT_COLUMNS = ['name', 'title', 'type', 'unit', 'value', 'source document', 'locator', 'url', 'needed by'] as const;
export const ATTESTATION_COLUMNS = ['id', 'statement', 'signed by (name)', 'signed by (role)', 'signed on', 'needed by'] as const;
export const DATASET_COLUMNS = ['kind', 'sheet', 'profile', 'title'] as const;
/** Rows of the Provider sheet before the provider fields the rules read: field name in column A, value in B. */
export const PROVIDER_FIELDS = ['provider.name', 'provider.region', 'period.start', 'period.end'] as const;
/** Items in a list fact's cell are separated by this. */
export const LIST_SEPARATOR = ';';

/** A sheet name Excel accepts (31 characters, none of []:*?/\) that is not one of the fixed sheets. */
export function datasetSheetName(kind: string): string {
  const name = kind.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  if (Object.values(SHEETS).some((s) => s.toLowerCase() === name.toLowerCase())) throw new Error(`Dataset kind "${kind}" has the name of a fixed sheet of the evidence workbook`);
  return name;
}

/** A data-validation list: Excel takes it as one quoted, comma-separated formula of at most 255 characters. */
function validationList(declaration: FactDeclaration | undefined): string | undefined {
  const values = declaration?.type === 'boolean' ? ['true', 'false'] : declaration?.type === 'enum' ? declaration.values : undefined;
  if (!values || values.some((v) => v.includes(',') || v.includes('"'))) return undefined;
  const formula = `"${values.join(',')}"`;
  return formula.length <= 255 ? formula : undefined;
}

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

export async function evidenceWorkbook(plan: Plan): Promise<Buffer> {
  const needs = evidenceNeeds(plan);
  const { spec } = plan;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'carespec init';
  // Fixed dates: the same specification gives the same workbook contents.
  wb.created = wb.modified = new Date(Date.UTC(2000, 0, 1));
  wb.title = `Evidence workbook: ${spec.title}`;

  const provider = wb.addWorksheet(SHEETS.provider);
  provider.columns = [{ header: 'field', width: 28 }, { header: 'value', width: 40 }, { header: 'what it is', width: 80 }];
  bold(provider.getRow(1));
  provider.addRow(['provider.name', null, 'The provider being assessed.']);
  provider.addRow(['provider.region', null, 'Selects regional parameter values (e.g. london); any other region uses the default values.']);
  provider.addRow(['period.start', null, `Start of the assessment period (YYYY-MM-DD), within ${spec.contractPeriod.start} to ${spec.contractPeriod.end}.`]);
  provider.addRow(['period.end', null, 'End of the assessment period (YYYY-MM-DD).']);
  for (const [name, need] of [...needs.provider.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) provider.addRow([`provider.${name}`, null, `Read by ${describeBy(need.by)}.`]);

  const facts = wb.addWorksheet(SHEETS.facts);
  facts.columns = FACT_COLUMNS.map((header) => ({ header, width: header === 'title' || header === 'needed by' ? 50 : header === 'value' || header === 'source document' ? 30 : 14 }));
  bold(facts.getRow(1));
  for (const [name, need] of [...needs.facts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const d = need.declaration;
    const type = d?.type === 'list' ? `list (items separated by "${LIST_SEPARATOR}")` : (d?.type ?? 'any');
    const row = facts.addRow([name, d?.title ?? name, type, d?.unit ?? (d?.values ? `one of ${d.values.join(', ')}` : null), null, null, null, null, `${factType(d)}; needed by ${describeBy(need.by)}`]);
    const list = validationList(d);
    if (list) row.getCell(5).dataValidation = { type: 'list', allowBlank: true, formulae: [list], showErrorMessage: true, errorTitle: name, error: `One of: ${d?.values?.join(', ') ?? 'true, false'}` };
  }

  const attestations = wb.addWorksheet(SHEETS.attestations);
  attestations.columns = ATTESTATION_COLUMNS.map((header) => ({ header, width: header === 'statement' || header === 'needed by' ? 50 : 20 }));
  bold(attestations.getRow(1));
  for (const [id, need] of [...needs.attestations.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) attestations.addRow([id, null, null, null, null, describeBy(need.by)]);

  const kinds = [...needs.datasets.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const datasets = wb.addWorksheet(SHEETS.datasets);
  datasets.columns = DATASET_COLUMNS.map((header) => ({ header, width: header === 'title' ? 60 : 24 }));
  bold(datasets.getRow(1));
  for (const [kind, need] of kinds) datasets.addRow([kind, datasetSheetName(kind), 'generic', need.declaration?.title ?? kind]);
  for (const [kind, need] of kinds) {
    const sheet = wb.addWorksheet(datasetSheetName(kind));
    const columns = Object.keys(need.declaration?.columns ?? {});
    sheet.columns = columns.map((header) => ({ header, width: Math.max(12, header.length + 2) }));
    bold(sheet.getRow(1));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
