/**
 * Care-package rows for a gain share, read through the dataset kind and its mapping profile
 * (the same header binding and value conversion as the data phase, src/data/columns.ts). A
 * gain share needs each package's events in order, which no aggregate metric gives, so the
 * rows are read here; files are small (one row per package event). CSV only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetKind, Evidence } from '../model/types.js';
import { CsvTokenizer } from '../data/reading/csv.js';
import { bindHeader, type Binding, type Row } from '../data/reading/columns.js';
import { loadProfile } from '../data/reading/profile.js';

export interface PackageRow {
  file: string;
  line: number;
  row: Row;
}

export type PackageRows = { ok: true; rows: PackageRow[] } | { ok: false; reason: string };

export function readPackageRows(kind: DatasetKind, evidence: Evidence): PackageRows {
  const refs = evidence.datasets.filter((d) => d.kind === kind.name);
  if (refs.length === 0) return { ok: false, reason: `no dataset of kind ${kind.name} in the evidence` };
  const rows: PackageRow[] = [];
  for (const ref of refs) {
    if (/\.xlsx$/i.test(ref.file)) return { ok: false, reason: `${ref.path}: a gain share reads care packages from CSV only; export the sheet as CSV` };
    const loaded = loadProfile(ref.profile, path.dirname(path.resolve(evidence.file)));
    if (!loaded.ok) return { ok: false, reason: `dataset ${ref.id}: ${loaded.reason}` };
    let text: string;
    try {
      text = readFileSync(ref.file, 'utf8');
    } catch (e) {
      return { ok: false, reason: `${ref.path} could not be read: ${(e as Error).message}` };
    }
    let binding: Binding | undefined;
    let problem: string | undefined;
    const tokenizer = new CsvTokenizer((fields, count, line, bad) => {
      if (problem !== undefined) return;
      if (!binding) {
        binding = bindHeader(kind, loaded.profile, fields, count);
        if (binding.unusable) problem = `${ref.path} lacks ${binding.missingRequired.map((m) => m.column).join(', ') || 'a usable header'}`;
        return;
      }
      if (bad !== undefined) {
        problem = `${ref.path}:${line}: ${bad}`;
        return;
      }
      const row = binding.newRow();
      const wrong = binding.fill(fields, count, row);
      // A malformed package row would change what is paid: refuse the calculation, naming the line.
      if (wrong !== undefined) problem = `${ref.path}:${line}: ${wrong.key}`;
      else rows.push({ file: ref.path, line, row });
    }, loaded.profile.delimiter);
    tokenizer.push(text);
    tokenizer.end();
    if (problem !== undefined) return { ok: false, reason: problem };
    if (!binding) return { ok: false, reason: `${ref.path} is empty` };
  }
  return { ok: true, rows };
}
