/**
 * Validate one file of any carespec kind: schema and reference checks for rule
 * libraries (with their imports), specifications (assembled with theirs),
 * evidence manifests and mapping profiles. The library's `validate`; the CLI
 * command prints what this returns.
 */
import path from 'node:path';
import { loadEvidence } from '../load/evidence.js';
import { displayPath, readTextFile } from '../load/files.js';
import { kindOfFile } from '../load/kind.js';
import { readProfile } from '../data/reading/profile.js';
import { loadLibraryClosure } from '../load/imports.js';
import { loadLibrary } from '../load/library.js';
import { SNAPSHOT_DIR } from '../load/library-snapshot.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { preparePlan } from '../pipeline.js';
import { validatePortfolioManifest } from '../portfolio/manifest.js';
import { assembleLibrary, Workspace } from '../authoring/workspace.js';
import { knownRegions, regionDiagnostic } from './regions.js';

export type FileKind = 'specification' | 'rule-library' | 'evidence' | 'profile' | 'portfolio' | 'unknown';

/** Markdown is a specification; YAML says what it is in its `carespec:` tag (rule tests are not validated here). */
export function detectKind(file: string): FileKind {
  const kind = kindOfFile(file);
  return kind === 'rule-tests' ? 'unknown' : kind;
}

export function validateFile(file: string): Diagnostic[] {
  switch (detectKind(file)) {
    case 'specification': {
      const plan = preparePlan(file);
      return plan.ok ? plan.warnings : plan.diagnostics;
    }
    case 'rule-library': {
      // With its imports: an unknown carespec: name or an import cycle is the library's error.
      const closure = loadLibraryClosure(file, (f, shown) => loadLibrary(f, SNAPSHOT_DIR, shown));
      if (!closure.ok) return closure.diagnostics;
      // Then assembled as `lint` and `test` assemble it (every rule selected), so the three refuse the same library.
      const workspace = new Workspace();
      const library = workspace.library(file);
      const context = workspace.context(file);
      if (!library.ok || !context.ok) return closure.warnings;
      const assembled = assembleLibrary(library.value, context.value);
      return assembled.ok ? [...closure.warnings, ...assembled.warnings] : assembled.diagnostics;
    }
    case 'profile': {
      // The checks that need no dataset kind; `carespec lint` with the libraries also checks the kind's columns.
      const profile = readProfile(path.resolve(file), displayPath(path.resolve(file)));
      return profile.ok ? [] : profile.diagnostics;
    }
    case 'evidence': {
      const evidence = loadEvidence(file);
      if (!evidence.ok) return evidence.diagnostics;
      // Alone, a manifest is checked against the UK regions; `check` also accepts regions its specification's parameters declare.
      const region = regionDiagnostic(evidence.value.provider.region, knownRegions([]), evidence.value.regionPosition, evidence.value.file);
      return region ? [...evidence.warnings, region] : evidence.warnings;
    }
    case 'portfolio':
      return validatePortfolioManifest(file);
    default: {
      const read = readTextFile(file);
      if (!read.ok) return read.diagnostics;
      return [{ code: 'file/kind', message: 'Unexpected file: expected a .md specification or a YAML file starting with "carespec: rule-library/1", "carespec: evidence/1", "carespec: profile/1" or "carespec: portfolio/1"', severity: 'error', file, line: 1, column: 1 }];
    }
  }
}

