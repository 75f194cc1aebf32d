/**
 * What `diff` and `impact` read: a CheckResult (check --format json) or a PortfolioReport
 * (portfolio --format json), told apart by their own markers, never guessed from the file name.
 * A portfolio/1 report (each row holding its whole result) is still read.
 */
import { closeSync, readFileSync } from 'node:fs';
import { fileDiagnostic, NotAFileError, openRegularFile } from '../load/files.js';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { CheckResult } from '../model/types.js';
import type { PortfolioReport } from '../portfolio/types.js';
import { comparable, type Comparable } from './comparable.js';

/** portfolio/1 rows carried the provider's whole result; portfolio/2 rows are comparable themselves. */
interface PortfolioV1 {
  format: 'portfolio/1';
  providers: { result: CheckResult }[];
}

export type ResultsDocument = { kind: 'result'; result: CheckResult } | { kind: 'portfolio'; report: PortfolioReport | PortfolioV1 };

/**
 * A results document, or why it is not one. Results can be far larger than the text inputs' limit
 * (every failing line is listed), so only the file kind is checked before reading: a FIFO or a
 * folder is refused rather than waited on.
 */
export function readResultsDocument(file: string): Outcome<ResultsDocument> {
  let raw: unknown;
  try {
    const { fd } = openRegularFile(file);
    try {
      raw = JSON.parse(readFileSync(fd, 'utf8'));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof NotAFileError) return refused(file, 'file/not-a-file', error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return refused(file, 'file/unreadable', 'File not found');
    if (code !== undefined) return refused(file, 'file/unreadable', `Cannot read file (${code})`);
    return refused(file, 'results/json', `Cannot read it as JSON (${(error as Error).message})`);
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const marked = raw as { format?: unknown; schemaVersion?: unknown };
    if (marked.format === 'portfolio/2') return { ok: true, value: { kind: 'portfolio', report: raw as PortfolioReport }, warnings: [] };
    if (marked.format === 'portfolio/1') return { ok: true, value: { kind: 'portfolio', report: raw as PortfolioV1 }, warnings: [] };
    if (typeof marked.schemaVersion === 'string' && /^[12]\./.test(marked.schemaVersion)) return { ok: true, value: { kind: 'result', result: raw as CheckResult }, warnings: [] };
  }
  return refused(file, 'results/kind', 'Unexpected JSON, expected a carespec result (schemaVersion 1.x or 2.x) or a portfolio report (format portfolio/2 or portfolio/1)');
}

const refused = (file: string, code: string, message: string): { ok: false; diagnostics: Diagnostic[] } => ({ ok: false, diagnostics: [fileDiagnostic(file, code, message)] });

/** The providers in a document, by name, in the form diff compares. */
export function resultsByProvider(doc: ResultsDocument): Map<string, Comparable> {
  if (doc.kind === 'result') return new Map([[doc.result.provider.name, comparable(doc.result)]]);
  const rows: Comparable[] = doc.report.format === 'portfolio/1' ? doc.report.providers.map((p) => comparable(p.result)) : doc.report.providers;
  return new Map(rows.map((r) => [r.provider, r]));
}
