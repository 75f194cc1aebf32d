/**
 * Care-package rows for a gain share, read through the dataset kind and its mapping profile
 * (the same header binding and value conversion as the data phase, src/data/columns.ts). A
 * gain share needs each package's events in order, which no aggregate metric gives, so the
 * rows are read here; files are small (one row per package event). CSV only.
 */
import { readFileSync } from 'node:fs';
import type { DatasetKind, Evidence } from '../model/types.js';
import { CsvTokenizer } from '../data/reading/csv.js';
import { bindHeader, type Binding, type Row } from '../data/reading/columns.js';
import { loadProfile } from '../data/reading/profile.js';
import { bytesOf, manifestBeside } from '../load/memory.js';

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
    const loaded = loadProfile(ref.profile, manifestBeside(evidence));
    if (!loaded.ok) return { ok: false, reason: `dataset ${ref.id}: ${loaded.reason}` };
    let text: string;
    try {
      // In memory: the pipeline has read a stream into bytes already (wholeDatasets), as this reader needs the whole file.
      if (ref.content !== undefined && !(ref.content instanceof Uint8Array)) throw new Error('the stream given for it could not be read whole');
      text = ref.content === undefined ? readFileSync(ref.file, 'utf8') : bytesOf(ref.content).toString('utf8');
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

/**
 * The dataset kinds a payment reads whole (a gain share's care packages). A stream given in memory
 * for one of them is read into bytes before the data phase, so both it and the gain share read the
 * same bytes from a stream that can be read only once.
 */
export function wholeDatasets(payments: readonly { payment: { type: string; dataset?: string } }[]): Set<string> {
  return new Set(payments.filter((p) => p.payment.type === 'gain_share' && p.payment.dataset !== undefined).map((p) => p.payment.dataset!));
}
