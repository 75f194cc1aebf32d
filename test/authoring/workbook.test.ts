/**
 * The evidence workbook round trip: init --format xlsx → filled in (here by exceljs, from a bundled
 * example's own evidence) → import → check gives the statuses the example's YAML evidence gives.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import type { CheckResult } from '../../src/model/types.js';

const cli = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

interface Manifest {
  provider: Record<string, string>;
  period: { start: string; end: string };
  facts?: Record<string, { value: unknown; source: { document: string; locator?: string } }>;
  attestations?: Record<string, { statement: string; signed_by: { name: string; role: string }; signed_on: string }>;
  datasets?: { kind: string; file: string; profile?: string }[];
}

async function runCheck(spec: string, evidence: string): Promise<CheckResult> {
  const out = await check(spec, evidence, { readData: (plan, e) => readDatasets(plan, e, {}) });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.value;
}

/** Fill the workbook as a provider would, from the example's manifest and CSV files. */
async function fill(file: string, manifest: Manifest, base: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const provider = wb.getWorksheet('Provider')!;
  provider.eachRow((row) => {
    const [root, name] = String(row.getCell(1).value).split('.');
    const value = root === 'provider' ? manifest.provider[name!] : root === 'period' ? manifest.period[name as 'start' | 'end'] : undefined;
    // A date cell, as a spreadsheet program makes from a typed date.
    if (value !== undefined) row.getCell(2).value = root === 'period' ? new Date(`${value}T00:00:00Z`) : value;
  });
  const facts = wb.getWorksheet('Facts')!;
  facts.eachRow((row, n) => {
    const fact = n > 1 ? manifest.facts?.[String(row.getCell(1).value)] : undefined;
    if (!fact) return;
    row.getCell(5).value = Array.isArray(fact.value) ? fact.value.join('; ') : (fact.value as string | number | boolean);
    row.getCell(6).value = fact.source.document;
    if (fact.source.locator) row.getCell(7).value = fact.source.locator;
  });
  const attestations = wb.getWorksheet('Attestations')!;
  attestations.eachRow((row, n) => {
    const a = n > 1 ? manifest.attestations?.[String(row.getCell(1).value)] : undefined;
    if (!a) return;
    row.getCell(2).value = a.statement;
    row.getCell(3).value = a.signed_by.name;
    row.getCell(4).value = a.signed_by.role;
    row.getCell(5).value = a.signed_on;
  });
  const datasets = wb.getWorksheet('Datasets')!;
  datasets.eachRow((row, n) => {
    const entry = n > 1 ? manifest.datasets?.find((d) => d.kind === String(row.getCell(1).value)) : undefined;
    if (!entry) return;
    row.getCell(3).value = entry.profile ?? 'generic';
    const sheet = wb.getWorksheet(String(row.getCell(2).value))!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const records = parseCsv(readFileSync(path.join(base, entry.file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    for (const record of records) sheet.addRow(headers.map((h) => record[h] ?? null));
  });
  await wb.xlsx.writeFile(file);
}

describe('evidence workbook', () => {
  it.each([['reablement-wnc', 'failing'], ['ethical-care-homecare-bnes', 'partial']])('%s/%s: init → fill → import → check gives the example\'s statuses', async (bundle, variant) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-workbook-'));
    try {
      const spec = `specs/${bundle}.md`;
      const evidence = `examples/${bundle}/${variant}/evidence.yaml`;
      const workbook = path.join(dir, 'evidence.xlsx');
      expect(await cli('init', '--spec', spec, '--format', 'xlsx', '--output', workbook)).toMatchObject({ code: 0 });
      const blank = new ExcelJS.Workbook();
      await blank.xlsx.readFile(workbook);
      expect(blank.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['Provider', 'Facts', 'Attestations', 'Datasets']);
      // Enum facts offer their values as a list.
      const enums: string[] = [];
      blank.getWorksheet('Facts')!.eachRow((row) => {
        const v = row.getCell(5).dataValidation;
        if (v?.type === 'list' && String(row.getCell(3).value) === 'enum') enums.push(String(v.formulae?.[0]));
      });
      if (bundle === 'reablement-wnc') expect(enums.length).toBeGreaterThan(0);

      const manifest = parseYaml(readFileSync(evidence, 'utf8')) as Manifest;
      await fill(workbook, manifest, path.dirname(evidence));
      const imported = path.join(dir, 'imported.yaml');
      const result = await cli('import', workbook, '--output', imported);
      expect([result.code, result.err]).toEqual([0, expect.stringContaining('wrote')]);
      expect(readFileSync(imported, 'utf8')).toContain('sheet: ');

      const expected = await runCheck(spec, evidence);
      const actual = await runCheck(spec, imported);
      const statuses = (r: CheckResult) => Object.fromEntries(r.rules.map((x) => [x.id, x.status]));
      expect(statuses(actual)).toEqual(statuses(expected));
      expect(actual.verdict).toBe(expected.verdict);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a value that is not its type, a fact without a source, and names the cell', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-workbook-'));
    try {
      const workbook = path.join(dir, 'evidence.xlsx');
      expect((await cli('init', '--spec', 'specs/reablement-wnc.md', '--format', 'xlsx', '-o', workbook)).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(workbook);
      const facts = wb.getWorksheet('Facts')!;
      let numberRow = 0;
      let otherRow = 0;
      facts.eachRow((row, n) => {
        const type = String(row.getCell(3).value);
        if (n > 1 && type === 'number' && !numberRow) numberRow = n;
        else if (n > 1 && type !== 'number' && !otherRow) otherRow = n;
      });
      facts.getCell(`E${numberRow}`).value = 'about twelve';
      facts.getCell(`F${numberRow}`).value = 'Tender return';
      facts.getCell(`E${otherRow}`).value = 'true';
      const provider = wb.getWorksheet('Provider')!;
      provider.getCell('B2').value = 'Care Ltd';
      provider.getCell('B4').value = 'April';
      await wb.xlsx.writeFile(workbook);
      const out = await cli('import', workbook, '-o', path.join(dir, 'e.yaml'));
      expect(out.code).toBe(2);
      expect(out.err).toContain(`${workbook}!Facts!E${numberRow}`);
      expect(out.err).toContain('expected a number');
      expect(out.err).toContain(`${workbook}!Facts!F${otherRow}`);
      expect(out.err).toContain(`${workbook}!Provider!B3`); // region missing
      expect(out.err).toContain(`${workbook}!Provider!B4`); // not a date
      expect(() => readFileSync(path.join(dir, 'e.yaml'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
