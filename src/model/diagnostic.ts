/**
 * Diagnostics are data with positions (in the spirit of vfile-message):
 * every loader and validator returns them instead of throwing, so the CLI can
 * print `file:line:col: code: message` and choose the exit code in one place.
 */
export type DiagnosticSeverity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. `yaml/syntax`, `schema/required`, `path/outside-folder`. */
  code: string;
  message: string;
  severity: DiagnosticSeverity;
  file: string;
  /** 1-based; 0 when the position is unknown (e.g. a missing file). */
  line: number;
  column: number;
  /** JSON pointer-ish path of the field concerned, when there is one. */
  field?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const field = d.field ? ` (at ${d.field})` : '';
  return `${where}: ${d.severity === 'warning' ? 'warning ' : ''}${d.code}: ${d.message}${field}`;
}

/** A phase either yields a value or explains why it could not. */
export type Outcome<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
