/**
 * Before any data is read: every mapping profile the evidence names must load
 * and fit the dataset kind it maps. A malformed or inconsistent profile is bad
 * input (exit 2, with the profile's file:line:column and field), never a
 * dataset that silently yields no rows.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { DatasetKind, Evidence } from '../../model/types.js';
import { manifestBeside } from '../../load/memory.js';
import { loadProfile, type ProfileOutcome } from './profile.js';
import { profileKindDiagnostics } from './profile-check.js';

export function profilePreflight(datasetKinds: ReadonlyMap<string, DatasetKind>, evidence: Evidence): Diagnostic[] {
  const found: Diagnostic[] = [];
  const cache = new Map<string, ProfileOutcome>();
  const beside = manifestBeside(evidence);
  const checked = new Set<string>();
  evidence.datasets.forEach((ref, i) => {
    const kind = datasetKinds.get(ref.kind);
    if (!kind) return; // a kind no library declares is a warning of its own (the dataset is not read)
    const loaded = loadProfile(ref.profile, beside, cache);
    const field = `datasets.${i}.profile`;
    if (!loaded.ok) {
      // A profile that cannot be found is named from the manifest; one that does not load, from itself.
      found.push(...loaded.diagnostics.map((d) => (d.line === 0 ? { ...d, file: evidence.file, message: `Dataset "${ref.id}": ${d.message}`, field } : d)));
      return;
    }
    const key = `${loaded.profile.input.path}\u0000${ref.kind}`;
    if (checked.has(key)) return;
    checked.add(key);
    found.push(...profileKindDiagnostics(loaded.profile, ref.kind, kind));
  });
  // The same profile named twice is reported once.
  const seen = new Set<string>();
  return found.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
