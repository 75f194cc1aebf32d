/**
 * `imports:` of specifications and rule libraries: resolving one entry to a
 * file (a path relative to the importing file, or `carespec:<library-id>` for
 * a library bundled with carespec), and loading the transitive closure of a
 * list of imports once each, refusing cycles.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { ImportRequest, ResolvedImport, RuleLibrary, SourcePosition } from '../model/types.js';
import { displayPath, readTextFile } from './files.js';
import { fileKey, notGiven } from './memory.js';
import { suggest } from '../text/suggest.js';

/** The package's own `rules/`, two levels above this module in `src/` and in `dist/` (as profiles/ is found). */
export const BUNDLED_RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules');
export const BUNDLED_PREFIX = 'carespec:';

const bundledIndexes = new Map<string, Map<string, string>>();

/**
 * Bundled library id → file, from each file's top-level `id:` line. Read once per folder; the
 * loaded library's id is checked against the name asked for, so a misread line cannot substitute one.
 */
export function bundledLibraries(dir: string = BUNDLED_RULES_DIR): ReadonlyMap<string, string> {
  let index = bundledIndexes.get(dir);
  if (index) return index;
  index = new Map();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    // No rules/ beside the package: every carespec: name is then unknown, and says so.
  }
  for (const name of names) {
    const read = readTextFile(path.join(dir, name));
    if (!read.ok || !/^carespec:\s*["']?rule-library\//m.test(read.value.text)) continue;
    const id = /^id:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*(?:#.*)?$/m.exec(read.value.text)?.[1];
    if (id !== undefined && !index.has(id)) index.set(id, path.join(dir, name));
  }
  bundledIndexes.set(dir, index);
  return index;
}

const importDiagnostic = (code: string, message: string, at: SourcePosition, field: string): Diagnostic => ({
  code, message, severity: 'error', file: at.file, line: at.line, column: at.column, field,
});

/** Resolve one import written in a file in `fromDir`; `field` names it in diagnostics (`imports.0`). */
export function resolveImport(request: ImportRequest, fromDir: string, field: string, rulesDir: string = BUNDLED_RULES_DIR): Outcome<ResolvedImport> {
  const { written, position } = request;
  if (written.startsWith(BUNDLED_PREFIX)) {
    const id = written.slice(BUNDLED_PREFIX.length);
    const bundled = bundledLibraries(rulesDir);
    const file = bundled.get(id);
    if (file === undefined) {
      const known = [...bundled.keys()].map((k) => `${BUNDLED_PREFIX}${k}`);
      return { ok: false, diagnostics: [importDiagnostic('import/unknown-bundled', `Unexpected import "${written}": carespec bundles no rule library with id "${id}"${suggest(written, known)}; bundled: ${known.join(', ') || 'none'}`, position, field)] };
    }
    // Named, never by install path: reports and input hashes read the same on every machine.
    return { ok: true, value: { ...request, file, shown: written }, warnings: [] };
  }
  const file = path.resolve(fromDir, written);
  return { ok: true, value: { ...request, file, shown: displayPath(file) }, warnings: [] };
}

export interface ImportClosure {
  /** Every library reached, each once, in the order first reached (depth first). */
  libraries: RuleLibrary[];
  /** Ids of libraries reached only through another library's imports: their rules are not selected by default. */
  indirect: Set<string>;
}

/** `target` tells a library given in memory (its `content`) from a file. */
export type LoadLibrary = (file: string, shown: string, target: ResolvedImport) => Outcome<RuleLibrary>;

/** Resolve an import written in the library `from` (how a library's own imports are found). */
export type ResolveNested = (request: ImportRequest, from: ResolvedImport, field: string) => Outcome<ResolvedImport>;

/**
 * An import of a specification (or library) given in memory, found among the files given with the
 * specification: `fromDir` is the importing file's folder as a key (`''` for the specification,
 * `../rules` for a library given as `../rules/x.yaml`). `carespec:<id>` names a bundled library as
 * from a file; nothing else is ever read from disk.
 */
export function resolveGivenImport(request: ImportRequest, fromDir: string, given: ReadonlyMap<string, string | Uint8Array>, specName: string, field: string, rulesDir: string = BUNDLED_RULES_DIR): Outcome<ResolvedImport> {
  const { written, position } = request;
  if (written.startsWith(BUNDLED_PREFIX)) return resolveImport(request, fromDir, field, rulesDir);
  if (path.isAbsolute(written) || path.posix.isAbsolute(written) || /^[a-zA-Z]:[\\/]/.test(written)) {
    return { ok: false, diagnostics: [importDiagnostic('import/path', `Unexpected absolute import "${written}" in a specification given in memory, expected a path relative to it (among the files given with it) or carespec:<library-id>`, position, field)] };
  }
  const key = fileKey(path.posix.join(fromDir, written));
  const content = given.get(key);
  if (content === undefined) {
    return { ok: false, diagnostics: [importDiagnostic('import/missing-file', `Unexpected import "${written}": ${notGiven(key, key, given, 'the specification')}`, position, field)] };
  }
  // Shown as the file beside a specification of that name would be (`specs/x.md` imports `../rules/y.yaml`: `rules/y.yaml`).
  return { ok: true, value: { ...request, file: key, shown: fileKey(path.posix.join(path.posix.dirname(specName), key)), content }, warnings: [] };
}

/**
 * Load `roots` and everything they import. A diamond (two libraries importing a third) loads the
 * third once; a cycle is refused at the import that closes it, naming the whole loop.
 */
export function loadImportClosure(
  roots: readonly ResolvedImport[],
  load: LoadLibrary,
  rulesDir: string = BUNDLED_RULES_DIR,
  resolveNested: ResolveNested = (request, from, field) => resolveImport(request, path.dirname(path.resolve(from.file)), field, rulesDir),
): Outcome<ImportClosure> {
  const diagnostics: Diagnostic[] = [];
  const done = new Map<string, RuleLibrary>();
  const byId = new Map<string, RuleLibrary>();
  const libraries: RuleLibrary[] = [];
  const direct = new Set<string>();
  const active: string[] = [];
  const activeShown: string[] = [];

  const visit = (target: ResolvedImport, depth: number): void => {
    // A library given in memory is known by its key among the files given, never by a path on disk.
    const key = target.content !== undefined ? `\u0000given\u0000${target.file}` : path.resolve(target.file);
    const loop = active.indexOf(key);
    if (loop >= 0) {
      const chain = [...activeShown.slice(loop), target.shown].join(' → ');
      diagnostics.push(importDiagnostic('import/cycle', `Unexpected import cycle ${chain}: a library cannot import itself, directly or through others`, target.position, 'imports'));
      return;
    }
    const seen = done.get(key);
    if (seen) {
      if (depth === 0) direct.add(seen.id);
      return;
    }
    const outcome = load(key, target.shown, target);
    if (!outcome.ok) {
      diagnostics.push(...outcome.diagnostics.map((d) => (d.code === 'file/unreadable' && d.line === 0 ? { ...d, message: `${d.message} (imported as "${target.written}" at ${target.position.file}:${target.position.line}:${target.position.column})` } : d)));
      return;
    }
    const library = outcome.value;
    if (target.written.startsWith(BUNDLED_PREFIX) && library.id !== target.written.slice(BUNDLED_PREFIX.length)) {
      diagnostics.push(importDiagnostic('import/unknown-bundled', `Unexpected library id "${library.id}" in the file bundled as "${target.written}"`, target.position, 'imports'));
      return;
    }
    // The same library reached by two routes (a copied rules/ folder and `carespec:<id>`): one library if
    // the bytes are the same; two different versions of one id cannot both be imported.
    const twin = byId.get(library.id);
    if (twin) {
      done.set(key, twin);
      if (depth === 0) direct.add(twin.id);
      if (twin.sha256 !== library.sha256) {
        diagnostics.push(importDiagnostic('import/conflicting-versions', `Unexpected second version of library "${library.id}": ${target.shown} differs from ${twin.file}, which is already imported`, target.position, 'imports'));
      }
      return;
    }
    byId.set(library.id, library);
    done.set(key, library);
    libraries.push(library);
    if (depth === 0) direct.add(library.id);
    active.push(key);
    activeShown.push(target.shown);
    library.imports.forEach((request, i) => {
      const resolved = resolveNested(request, target, `imports.${i}`);
      if (resolved.ok) visit(resolved.value, depth + 1);
      else diagnostics.push(...resolved.diagnostics);
    });
    active.pop();
    activeShown.pop();
  };
  for (const root of roots) visit(root, 0);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const indirect = new Set(libraries.map((l) => l.id).filter((id) => !direct.has(id)));
  return { ok: true, value: { libraries, indirect }, warnings: [] };
}

/** A library and everything it imports (itself first), as lint and test read a library on its own. */
export function loadLibraryClosure(file: string, load: LoadLibrary, rulesDir: string = BUNDLED_RULES_DIR): Outcome<ImportClosure> {
  const shown = displayPath(path.resolve(file));
  return loadImportClosure([{ written: shown, position: { file: shown, line: 1, column: 1 }, file: path.resolve(file), shown }], load, rulesDir);
}
