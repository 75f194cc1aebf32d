/**
 * What `diff` and `impact` read: a CheckResult (check --format json) or a PortfolioReport
 * (portfolio --format json), told apart by their own markers, never guessed from the file name.
 * A portfolio/1 report (each row holding its whole result) is still read.
 */
import { readFileSync } from 'node:fs';
import type { CheckResult } from '../model/types.js';
import type { PortfolioReport } from '../portfolio/types.js';
import { comparable, type Comparable } from './comparable.js';

/** portfolio/1 rows carried the provider's whole result; portfolio/2 rows are comparable themselves. */
interface PortfolioV1 {
  format: 'portfolio/1';
  providers: { result: CheckResult }[];
}

export type ResultsDocument = { kind: 'result'; result: CheckResult } | { kind: 'portfolio'; report: PortfolioReport | PortfolioV1 };

export function readResultsDocument(file: string): { ok: true; value: ResultsDocument } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, message: `${file}: cannot read it as JSON (${(error as Error).message})` };
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const marked = raw as { format?: unknown; schemaVersion?: unknown };
    if (marked.format === 'portfolio/2') return { ok: true, value: { kind: 'portfolio', report: raw as PortfolioReport } };
    if (marked.format === 'portfolio/1') return { ok: true, value: { kind: 'portfolio', report: raw as PortfolioV1 } };
    if (typeof marked.schemaVersion === 'string' && /^[12]\./.test(marked.schemaVersion)) return { ok: true, value: { kind: 'result', result: raw as CheckResult } };
  }
  return { ok: false, message: `${file}: unexpected JSON, expected a carespec result (schemaVersion 1.x or 2.x) or a portfolio report (format portfolio/2 or portfolio/1)` };
}

/** The providers in a document, by name, in the form diff compares. */
export function resultsByProvider(doc: ResultsDocument): Map<string, Comparable> {
  if (doc.kind === 'result') return new Map([[doc.result.provider.name, comparable(doc.result)]]);
  const rows: Comparable[] = doc.report.format === 'portfolio/1' ? doc.report.providers.map((p) => comparable(p.result)) : doc.report.providers;
  return new Map(rows.map((r) => [r.provider, r]));
}
