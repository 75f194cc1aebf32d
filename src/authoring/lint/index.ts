/**
 * `carespec lint`: checks beyond the schema. Each problem has a stable code
 * (documented in docs/authoring.md), a position and a message. Lint never
 * stops at the first problem: it reads every file, declares nothing itself,
 * and reports what assemble() would refuse as well as what it would let by.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Evidence, RuleLibrary, Specification } from '../../model/types.js';
import { SourceIndex } from '../../load/positions.js';
import type { Workspace } from '../workspace.js';
import { Reporter } from './codes.js';
import { lintEvidence } from './evidence.js';
import { lintLibrary } from './library.js';
import { lintProfile } from './profile.js';
import type { Profile } from '../../data/reading/profile.js';
import { lintSpecification } from './specification.js';

export { LINT_CODES, type LintCode } from './codes.js';
export { parametersReadBy } from './rules.js';

export interface LintTargets {
  libraries: RuleLibrary[];
  specs: Specification[];
  evidence: Evidence[];
  /** Mapping profiles (already loaded, so schema- and shape-checked). */
  profiles?: Profile[];
}

/** Lint libraries, specifications and evidence manifests; `workspace` supplies their context. */
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
    if (context.ok) lintLibrary(library, context.value, allSpecs, sources, out);
  });
  for (const spec of targets.specs) {
    const imports = workspace.imports(spec);
    if (imports.ok) lintSpecification(spec, imports.value.libraries, sources, out, imports.value.indirect);
  }
  const universe = uniqueLibraries([
    ...contexts.flatMap((c) => (c.ok ? c.value.libraries : [])),
    ...targets.specs.flatMap((s) => {
      const imports = workspace.imports(s);
      return imports.ok ? imports.value.libraries : [];
    }),
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
