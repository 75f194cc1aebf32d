/**
 * One problem shape, in the spirit of vfile-message, for everything carespec has to say about its
 * inputs: load diagnostics, lint findings, check warnings and findings about the evidence's data.
 * Problems are data with positions: every loader and validator returns them instead of throwing, so
 * the CLI prints `file:line:col: code: message` and chooses the exit code in one place, and CI
 * formats (SARIF, GitHub annotations) place each one on its line.
 */
export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Stable code, e.g. `yaml/syntax`, `lint/unknown-rule`, `data/malformed-rows`, `check/should-failed`. */
  code: string;
  message: string;
  severity: ProblemSeverity;
  /** The file concerned, as the user named it (never a machine path); absent when the problem is about no one file. */
  file?: string;
  /** 1-based start; 0 only where no position exists (a missing file, a whole-file problem). */
  line?: number;
  column?: number;
  /** 1-based end, where the source has a range. */
  endLine?: number;
  endColumn?: number;
  /** Path of the field concerned (`rules[2].test`), when there is one. */
  field?: string;
  /** The rule the problem is about, when there is one. */
  ruleId?: string;
  /** Where the code is explained, relative to the package (`docs/authoring.md#lint-codes`). */
  url?: string;
}

export type DiagnosticSeverity = 'error' | 'warning';

/** A problem found while loading, validating or linting a file: it always names the file and a position. */
export interface Diagnostic extends Problem {
  severity: DiagnosticSeverity;
  file: string;
  /** 1-based; 0 when the position is unknown (e.g. a missing file). */
  line: number;
  column: number;
}

/** `file:line:column: [severity ]code: message (at field)`; the position and file are left out when unknown. */
export function formatProblem(p: Problem): string {
  const where = p.file === undefined ? '' : p.line !== undefined && p.line > 0 ? `${p.file}:${p.line}:${p.column ?? 1}: ` : `${p.file}: `;
  const severity = p.severity === 'error' ? '' : `${p.severity} `;
  const field = p.field ? ` (at ${p.field})` : '';
  return `${where}${severity}${p.code}: ${p.message}${field}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  return formatProblem(d);
}

/** A phase either yields a value or explains why it could not. */
export type Outcome<T> =
  | { ok: true; value: T; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export function hasErrors(diagnostics: readonly Problem[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
