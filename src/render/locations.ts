/**
 * Where a result points in the repository, for formats that need a file and line for every
 * result (SARIF, GitHub annotations). Specification and library paths in a result are as the
 * check was given them; dataset paths are relative to the evidence manifest's folder.
 */
import type { CheckResult, Finding, RuleResult } from '../model/types.js';

export interface Place {
  /** A repository-relative path with forward slashes (or absolute, as given). */
  file: string;
  /** 1-based. */
  line: number;
}

const posix = (p: string) => p.replace(/\\/g, '/');

/** Join a path relative to the manifest's folder onto the manifest's own path, lexically. */
export function datasetPath(result: CheckResult, file: string): string {
  const manifest = result.inputs.find((i) => i.role === 'evidence')?.path;
  const relative = posix(file);
  if (!manifest || relative.startsWith('/')) return relative;
  const parts = posix(manifest).split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The specification line of the clause that uses the rule; else where the rule is defined; else the specification's first line. */
export function rulePlace(result: CheckResult, rule: RuleResult): Place {
  if (rule.clause?.line) return { file: posix(result.spec.file), line: rule.clause.line };
  if (rule.definedAt) return { file: posix(rule.definedAt.file), line: rule.definedAt.line };
  return { file: posix(result.spec.file), line: 1 };
}

/** Every failing row of a per-record rule, file by file, line by line (repository paths). */
export function failedRows(result: CheckResult, rule: RuleResult): Place[] {
  return (rule.records?.failedLines ?? []).flatMap((f) => {
    const file = datasetPath(result, f.file);
    return f.lines.filter((line) => line >= 1).map((line) => ({ file, line }));
  });
}

/**
 * Where a finding points: a dataset's row (its path is relative to the manifest), or the declaration
 * it is about (a library's `reconcile:` entry, already a path as given), else the evidence manifest.
 */
export function findingPlace(result: CheckResult, finding: Finding): Place {
  const line = finding.line !== undefined && finding.line > 0 ? finding.line : (finding.lines?.[0] ?? 1);
  if (finding.file === undefined) return { file: result.inputs.find((i) => i.role === 'evidence')?.path ?? result.spec.file, line: 1 };
  return { file: finding.dataset === undefined ? posix(finding.file) : datasetPath(result, finding.file), line };
}
