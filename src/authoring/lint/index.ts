/**
 * `carespec lint`: checks beyond the schema. A specification (or a library,
 * with a stand-in specification) is first assembled by the same call `check`
 * and `validate` make, and what assembly refuses is reported as it is (the
 * command's exit 2); lint's own codes (docs/authoring.md) are style and usage
 * only, so the two can never disagree about what a check could compute.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence, RuleLibrary, Specification } from '../../model/types.js';
import { SourceIndex } from '../../load/positions.js';
import { assembleLibrary, type Workspace } from '../workspace.js';
import { assembleSpecification } from '../../pipeline.js';
import { Reporter } from './codes.js';
import { lintEvidence } from './evidence.js';
import { lintLibrary } from './library.js';
import { lintProfile } from './profile.js';
import type { Profile } from '../../data/reading/profile.js';
import { lintSpecification } from './specification.js';

export { isLintCode, LINT_CODES, type LintCode } from './codes.js';
export { parametersReadBy } from './rules.js';

export interface LintTargets {
  libraries: RuleLibrary[];
  specs: Specification[];
  evidence: Evidence[];
  /** Mapping profiles (already loaded, so schema- and shape-checked). */
  profiles?: Profile[];
}

/**
 * Lint libraries, specifications and evidence manifests; `workspace` supplies their context. The
 * result holds assembly's diagnostics (any code not in LINT_CODES) with lint's own findings.
 */
export function lint(targets: LintTargets, workspace: Workspace): Diagnostic[] {
  const out = new Reporter();
  const allSpecs = targets.specs;

  // A library whose imports do not load was reported by the command (exit 2) and is not linted.
  const contexts = targets.libraries.map((library) => workspace.context(library.file));
  const specImports = targets.specs.map((spec) => workspace.imports(spec));
  const sources = new SourceIndex([
    ...targets.libraries,
    ...contexts.flatMap((c) => (c.ok ? c.value.libraries : [])),
    ...specImports.flatMap((i) => (i.ok ? i.value.libraries : [])),
    ...targets.specs,
    ...targets.evidence,
  ]);
  targets.libraries.forEach((library, i) => {
    const context = contexts[i]!;
    if (!context.ok) return;
    const assembled = assembleLibrary(library, context.value);
    for (const d of assembled.ok ? assembled.warnings : assembled.diagnostics) out.add(d);
    lintLibrary(library, context.value, allSpecs, sources, out);
  });
  specImports.forEach((imports, i) => {
    if (!imports.ok) return;
    const spec = targets.specs[i]!;
    const plan = assembleSpecification(spec, imports.value);
    for (const d of plan.ok ? plan.warnings : plan.diagnostics) out.add(d);
    lintSpecification(spec, imports.value.libraries, sources, out, imports.value.indirect);
  });
  const universe = uniqueLibraries([
    ...contexts.flatMap((c) => (c.ok ? c.value.libraries : [])),
    ...specImports.flatMap((i) => (i.ok ? i.value.libraries : [])),
  ]);
  for (const evidence of targets.evidence) lintEvidence(evidence, universe, targets.specs, sources, out);
  for (const profile of targets.profiles ?? []) lintProfile(profile, universe, out);

  return out.diagnostics.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

function uniqueLibraries(libraries: readonly RuleLibrary[]): RuleLibrary[] {
  const byFile = new Map<string, RuleLibrary>();
  for (const l of libraries) if (!byFile.has(l.file)) byFile.set(l.file, l);
  return [...byFile.values()];
}
