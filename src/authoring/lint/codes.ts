/** Lint's codes (style and usage; semantic errors are assembly's) and the Reporter that collects diagnostics without repeats. */
import type { Diagnostic, DiagnosticSeverity } from '../../model/diagnostic.js';
import type { SourcePosition } from '../../model/types.js';

/** Every lint code, its severity and what it means (docs/authoring.md has the same table). */
export const LINT_CODES = {
  'lint/unknown-dataset': { severity: 'error', summary: 'an evidence manifest\'s dataset or a mapping profile names a dataset kind no library of the run declares' },
  'lint/parameter-no-value': { severity: 'error', summary: 'a parameter a selected rule reads has no value in force at the start of the contract period (for some region)' },
  'lint/unused-parameter': { severity: 'warning', summary: 'a parameter (or specification override) that no rule or metric reads' },
  'lint/unknown-rule': { severity: 'error', summary: 'an evidence manifest\'s waiver names a rule no library or specification of the run defines' },
  'lint/clause-without-rule': { severity: 'warning', summary: 'a numbered clause with no sub-clauses states a requirement ("shall", "must", …) but carries no rule' },
  'lint/unselected-group-member': { severity: 'error', summary: 'a group (Charter stages, bands) has members the specification does not select, so its roll-up cannot be assessed' },
  'lint/no-rules': { severity: 'warning', summary: 'a specification that selects no rule at all (e.g. `select.include: []` and no clause uses a rule)' },
  'lint/rule-without-clause': { severity: 'warning', summary: 'a rule selected by a specification is carried by no clause' },
  'lint/constant-test': { severity: 'error', summary: 'a rule\'s test reads nothing, so it is always true (can never fail) or always false' },
  'lint/no-failing-example': { severity: 'warning', summary: 'a rule without `examples.fail`: nobody has seen it fail' },
  'lint/no-passing-example': { severity: 'warning', summary: 'a rule without `examples.pass`' },
  'lint/unknown-reference': { severity: 'warning', summary: 'a rule or parameter cites a reference id its library does not list' },
  'lint/unknown-region': { severity: 'error', summary: 'an evidence manifest names a region that is neither a UK region nor one a parameter series declares' },
  'lint/profile': { severity: 'error', summary: 'a mapping profile disagrees with the dataset kind it maps (a unit, round or format on a column of the wrong type; a derived column from columns that are not dates)' },
  'lint/undeclared-fact': { severity: 'warning', summary: 'an evidence manifest gives a fact no library declares (a typo, or evidence nothing reads)' },
} as const satisfies Record<string, { severity: DiagnosticSeverity; summary: string }>;

export type LintCode = keyof typeof LINT_CODES;

/** Whether a diagnostic is lint's own; any other (load, schema, assembly) means a file a check would refuse. */
export function isLintCode(code: string): code is LintCode {
  return Object.hasOwn(LINT_CODES, code);
}

/** Where every lint code is explained (docs/authoring.md keeps the table in step with LINT_CODES). */
export const LINT_DOCS_URL = 'docs/authoring.md#lint-codes';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly keys = new Set<string>();
  report(code: LintCode, message: string, at: SourcePosition, field?: string): void {
    this.add({ code, message, severity: LINT_CODES[code].severity, file: at.file, line: at.line, column: at.column, ...(field ? { field } : {}), url: LINT_DOCS_URL });
  }

  /** A diagnostic as another phase made it (assembly's), kept as it is; a library and a specification importing it may both give it. */
  add(d: Diagnostic): void {
    const key = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.diagnostics.push(d);
  }
}
