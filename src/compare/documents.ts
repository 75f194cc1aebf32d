/**
 * What `diff` and `impact` read: a CheckResult (check --format json) or a PortfolioReport
 * (portfolio --format json), told apart by their own markers, never guessed from the file name.
 * A portfolio/1 report (each row holding its whole result) is still read.
 */
import { fileDiagnostic, readRegularFile } from '../load/files.js';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import { jsonSchemaErrors } from '../load/schema.js';
import type { CheckResult } from '../model/types.js';
import type { PortfolioReport } from '../portfolio/types.js';
import { comparable, type Comparable } from './comparable.js';

/** portfolio/1 rows carried the provider's whole result; portfolio/2 rows are comparable themselves. */
interface PortfolioV1 {
  format: 'portfolio/1';
  providers: { result: CheckResult }[];
}

export type ResultsDocument = { kind: 'result'; result: CheckResult } | { kind: 'portfolio'; report: PortfolioReport | PortfolioV1 };

/** Far above any real result (every failing line of a year's visits is a few MiB), far below what would exhaust memory. */
export const MAX_RESULTS_BYTES = 256 * 1024 * 1024;

/**
 * A results document, or why it is not one. Results can be far larger than the text inputs' limit
 * (every failing line is listed), so they have their own; a FIFO or a folder is refused rather
 * than waited on, as for every input.
 */
export function readResultsDocument(file: string): Outcome<ResultsDocument> {
  const read = readRegularFile(file, MAX_RESULTS_BYTES, 'a results document');
  if (!read.ok) return read;
  let raw: unknown;
  try {
    raw = JSON.parse(read.value.toString('utf8'));
  } catch (error) {
    return refused(file, 'results/json', `Cannot read it as JSON (${(error as Error).message})`);
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const marked = raw as { format?: unknown; schemaVersion?: unknown; providers?: unknown };
    if (marked.format === 'portfolio/2') return valid(file, 'portfolio-report', raw, { kind: 'portfolio', report: raw as PortfolioReport });
    if (marked.format === 'portfolio/1') {
      if (!Array.isArray(marked.providers)) return refused(file, 'results/schema', 'Unexpected portfolio/1 report without a providers list');
      const providers: { result: CheckResult }[] = [];
      for (const [i, row] of (marked.providers as unknown[]).entries()) {
        const result = currentResult(row !== null && typeof row === 'object' ? (row as { result?: unknown }).result : undefined);
        const errors = jsonSchemaErrors('results', result);
        if (errors.length > 0) return schemaRefusal(file, errors, `providers.${i}.result.`);
        providers.push({ result: result as CheckResult });
      }
      return { ok: true, value: { kind: 'portfolio', report: { format: 'portfolio/1', providers } }, warnings: [] };
    }
    if (typeof marked.schemaVersion === 'string' && /^[12]\./.test(marked.schemaVersion)) {
      const result = currentResult(raw);
      return valid(file, 'results', result, { kind: 'result', result: result as CheckResult });
    }
  }
  return refused(file, 'results/kind', 'Unexpected JSON, expected a carespec result (schemaVersion 1.x or 2.x) or a portfolio report (format portfolio/2 or portfolio/1)');
}

/**
 * A document carespec wrote may since have been edited or cut short: it is compared only when it
 * has the shape its schema gives, so a missing field is a refusal naming it, never a crash or a
 * comparison with nothing.
 */
function valid(file: string, schema: 'results' | 'portfolio-report', value: unknown, document: ResultsDocument): Outcome<ResultsDocument> {
  const errors = jsonSchemaErrors(schema, value);
  return errors.length > 0 ? schemaRefusal(file, errors, '') : { ok: true, value: document, warnings: [] };
}

function schemaRefusal(file: string, errors: readonly { field: string; message: string }[], prefix: string): { ok: false; diagnostics: Diagnostic[] } {
  // The first few: a document that is not a result at all fails every required property.
  return { ok: false, diagnostics: errors.slice(0, 5).map((e) => ({ ...fileDiagnostic(file, 'results/schema', `${e.message}, expected a document as carespec writes it`), ...(e.field || prefix ? { field: `${prefix}${e.field}` } : {}) })) };
}

/**
 * A 1.x result in the current shape: 2.0 changed only how warnings and findings are written (a
 * problem with a code instead of a string; a finding's code), so the rest is compared as written.
 */
function currentResult(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const result = raw as Record<string, unknown>;
  if (typeof result.schemaVersion !== 'string' || !result.schemaVersion.startsWith('1.')) return raw;
  const warnings = Array.isArray(result.warnings) ? result.warnings.map((w) => (typeof w === 'string' ? { code: 'check/warning', severity: 'warning', message: w } : w)) : result.warnings;
  const findings = Array.isArray(result.findings)
    ? result.findings.map((f) => (f !== null && typeof f === 'object' && !Object.hasOwn(f, 'code') ? { code: 'data/finding', ...(f as object) } : f))
    : result.findings;
  return { ...result, schemaVersion: '2.0', warnings, findings };
}

const refused = (file: string, code: string, message: string): { ok: false; diagnostics: Diagnostic[] } => ({ ok: false, diagnostics: [fileDiagnostic(file, code, message)] });

/** The providers in a document, by name, in the form diff compares. */
export function resultsByProvider(doc: ResultsDocument): Map<string, Comparable> {
  if (doc.kind === 'result') return new Map([[doc.result.provider.name, comparable(doc.result)]]);
  const rows: Comparable[] = doc.report.format === 'portfolio/1' ? doc.report.providers.map((p) => comparable(p.result)) : doc.report.providers;
  return new Map(rows.map((r) => [r.provider, r]));
}
