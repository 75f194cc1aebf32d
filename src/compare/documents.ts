/**
 * What `diff` and `impact` read: a CheckResult (check --format json) or a PortfolioReport
 * (portfolio --format json), told apart by their own markers, never guessed from the file name.
 */
import { readFileSync } from 'node:fs';
import type { CheckResult } from '../model/types.js';
import type { PortfolioReport } from '../portfolio/types.js';

export type ResultsDocument = { kind: 'result'; result: CheckResult } | { kind: 'portfolio'; report: PortfolioReport };

export function readResultsDocument(file: string): { ok: true; value: ResultsDocument } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, message: `${file}: cannot read it as JSON (${(error as Error).message})` };
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const marked = raw as { format?: unknown; schemaVersion?: unknown };
    if (marked.format === 'portfolio/1') return { ok: true, value: { kind: 'portfolio', report: raw as PortfolioReport } };
    if (typeof marked.schemaVersion === 'string' && /^[12]\./.test(marked.schemaVersion)) return { ok: true, value: { kind: 'result', result: raw as CheckResult } };
  }
  return { ok: false, message: `${file}: unexpected JSON, expected a carespec result (schemaVersion 1.x or 2.x) or a portfolio report (format portfolio/1)` };
}

/** The results in a document, by provider name. */
export function resultsByProvider(doc: ResultsDocument): Map<string, CheckResult> {
  const results = doc.kind === 'result' ? [doc.result] : doc.report.providers.map((p) => p.result);
  return new Map(results.map((r) => [r.provider.name, r]));
}
