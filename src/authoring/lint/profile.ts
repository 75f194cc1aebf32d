/** Lints one mapping profile against the dataset kinds of the libraries being linted: the kind it names, and its columns' types. */
import type { Profile } from '../../data/reading/profile.js';
import { profileKindDiagnostics } from '../../data/reading/profile-check.js';
import type { RuleLibrary } from '../../model/types.js';
import { suggest } from '../../text/suggest.js';
import type { Reporter } from './codes.js';

export function lintProfile(profile: Profile, libraries: readonly RuleLibrary[], out: Reporter): void {
  // A profile for any kind (generic), or a run without libraries, has nothing to be checked against.
  if (profile.kind === undefined || libraries.length === 0) return;
  const kinds = new Map(libraries.flatMap((l) => l.datasets.map((d) => [d.name, d] as const)));
  const kind = kinds.get(profile.kind);
  const at = profile.positions.kind ?? { file: profile.input.path, line: 1, column: 1 };
  if (!kind) {
    out.report('lint/unknown-dataset', `Profile "${profile.id}" maps dataset kind "${profile.kind}", which none of the rule libraries being linted declares${suggest(profile.kind, kinds.keys())}`, at, 'kind');
    return;
  }
  for (const d of profileKindDiagnostics(profile, profile.kind, kind)) {
    out.report('lint/profile', d.message, { file: d.file, line: d.line, column: d.column }, d.field);
  }
}
