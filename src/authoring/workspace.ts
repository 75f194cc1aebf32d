/**
 * What the authoring commands work on: files named on the command line
 * (folders expanded), each loaded once, and the rule libraries around them.
 * A library with `imports:` is read with what it imports (transitively), and
 * nothing else. A library without is read in the context of the other
 * libraries in its folder, as before imports existed (monitoring.yaml declares
 * the `visits` dataset that homecare-kpis.yaml's metrics read).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadEvidence } from '../load/evidence.js';
import { displayPath, fileKind } from '../load/files.js';
import { kindOfFile, type CarespecFileKind } from '../load/kind.js';
import { loadImportClosure, loadLibraryClosure, type ImportClosure } from '../load/imports.js';
import { loadLibrary } from '../load/library.js';
import { SNAPSHOT_DIR } from '../load/library-snapshot.js';
import { loadSpecification } from '../load/spec.js';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { Evidence, RuleLibrary, Specification } from '../model/types.js';
import { assemble, type AssembleOutcome } from '../validate/assemble.js';
import { paramsIn, varsIn } from '../logic/index.js';

export type FileKind = CarespecFileKind;

export interface InputFile {
  /** Absolute path. */
  file: string;
  kind: FileKind;
}

/** Markdown is a specification (strictly: when its front matter says so); YAML says what it is in its `carespec:` tag. */
export const kindOf = kindOfFile;

const CANDIDATE = /\.(md|markdown|ya?ml)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'reports', 'coverage']);

/**
 * Expand folders into the files of the wanted kinds (recursively; files of
 * other kinds are skipped silently). A file named explicitly must exist, and
 * is kept whatever its kind so the caller can say why it cannot use it.
 */
export function expandInputs(inputs: readonly string[], wanted: ReadonlySet<FileKind>): { files: InputFile[]; diagnostics: Diagnostic[] } {
  const files: InputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (file: string, kind: FileKind) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ file, kind });
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
        const kind = kindOf(full, true);
        if (wanted.has(kind)) add(full, kind);
      }
    }
  };
  for (const input of inputs) {
    const full = path.resolve(input);
    let isDir = false;
    try {
      const stat = statSync(full);
      isDir = stat.isDirectory();
      // A FIFO or device is refused by name, not read (a FIFO would block) or misreported as an unknown kind.
      if (!isDir && !stat.isFile()) {
        diagnostics.push({ code: 'file/not-a-file', message: `Unexpected ${fileKind(stat)}, expected a regular file`, severity: 'error', file: input, line: 0, column: 0 });
        continue;
      }
    } catch {
      diagnostics.push({ code: 'file/unreadable', message: 'File not found', severity: 'error', file: input, line: 0, column: 0 });
      continue;
    }
    if (isDir) walk(full);
    else add(full, kindOf(full));
  }
  return { files, diagnostics };
}

/** Loads each file once (by absolute path) and remembers the outcome. */
export class Workspace {
  private readonly libraries = new Map<string, Outcome<RuleLibrary>>();
  private readonly specs = new Map<string, Outcome<Specification>>();
  private readonly evidence = new Map<string, Outcome<Evidence>>();
  private readonly closures = new Map<string, Outcome<ImportClosure>>();

  /** `shown`: the name a bundled import goes by (`carespec:wages`); by default the display path. */
  library(file: string, shown?: string): Outcome<RuleLibrary> {
    const key = `${shown ?? ''}\u0000${path.resolve(file)}`;
    let outcome = this.libraries.get(key);
    if (!outcome) {
      outcome = shown === undefined ? loadLibrary(path.resolve(file)) : loadLibrary(path.resolve(file), SNAPSHOT_DIR, shown);
      this.libraries.set(key, outcome);
    }
    return outcome;
  }

  spec(file: string): Outcome<Specification> {
    return memoised(this.specs, file, loadSpecification);
  }

  manifest(file: string): Outcome<Evidence> {
    return memoised(this.evidence, file, loadEvidence);
  }

  /** Every loadable rule library in the folder of `file` (including it). */
  siblings(file: string): RuleLibrary[] {
    const dir = path.dirname(path.resolve(file));
    const found: RuleLibrary[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/i.test(name)) continue;
      const full = path.join(dir, name);
      if (kindOf(full, true) !== 'rule-library') continue;
      const outcome = this.library(full);
      if (outcome.ok) found.push(outcome.value);
    }
    return found;
  }

  /** The libraries a specification imports, transitively, or the diagnostics of those that do not load (cycles too). */
  imports(spec: Specification): Outcome<ImportClosure> {
    return memoised(this.closures, `spec\u0000${spec.file}`, () => loadImportClosure(spec.importSources, (file, shown) => this.library(file, shown)));
  }

  /**
   * The libraries `file` is read with, itself first: its import closure when it declares
   * `imports:`, else (as before imports existed) the loadable libraries of its folder.
   */
  context(file: string): Outcome<LibraryContext> {
    const own = this.library(file);
    if (!own.ok) return own;
    if (own.value.imports.length === 0) {
      const siblings = this.siblings(file);
      const libraries = siblings.some((s) => s.file === own.value.file) ? siblings : [own.value, ...siblings];
      return { ok: true, value: { libraries, explicit: false }, warnings: [] };
    }
    const closure = memoised(this.closures, `library\u0000${path.resolve(file)}`, () => loadLibraryClosure(file, (f, shown) => this.library(f, shown)));
    return closure.ok ? { ok: true, value: { libraries: closure.value.libraries, explicit: true }, warnings: [] } : closure;
  }
}

/** The libraries one library is read with (itself first); `explicit` when they are its `imports:`, not its folder. */
export interface LibraryContext {
  libraries: RuleLibrary[];
  explicit: boolean;
}

/** What a library reads but does not declare itself. */
function undeclaredNeeds(library: RuleLibrary): { facts: Set<string>; metrics: Set<string>; params: Set<string>; datasets: Set<string> } {
  const needs = { facts: new Set<string>(), metrics: new Set<string>(), params: new Set<string>(), datasets: new Set<string>() };
  const logic = [
    ...library.rules.flatMap((r) => [r.test, r.applies_when, r.per_record?.where]),
    ...library.metrics.flatMap((m) => [m.where, m.match]),
  ];
  for (const expression of logic) {
    for (const v of varsIn(expression)) {
      const [root, name] = v.name.split('.');
      if (root === 'facts' && name) needs.facts.add(name);
      if (root === 'metrics' && name) needs.metrics.add(name);
    }
    for (const p of paramsIn(expression)) needs.params.add(p.name);
  }
  for (const rule of library.rules) {
    if (rule.per_record) needs.datasets.add(rule.per_record.dataset);
    for (const template of [rule.messages.pass, rule.messages.fail]) {
      for (const [, name] of (template ?? '').matchAll(/\{\{\s*params\.([a-z0-9_]+)\s*\}\}/g)) if (name) needs.params.add(name);
    }
  }
  for (const metric of library.metrics) needs.datasets.add(metric.dataset);
  for (const f of library.facts) needs.facts.delete(f.name);
  for (const m of library.metrics) needs.metrics.delete(m.name);
  for (const p of library.parameters) needs.params.delete(p.name);
  for (const d of library.datasets) needs.datasets.delete(d.name);
  return needs;
}

/** The sibling libraries `target` needs (transitively) for what it reads but does not declare. */
export function dependencies(target: RuleLibrary, siblings: readonly RuleLibrary[]): RuleLibrary[] {
  const chosen: RuleLibrary[] = [];
  const queue = [target];
  while (queue.length > 0) {
    const library = queue.shift()!;
    const needs = undeclaredNeeds(library);
    for (const other of siblings) {
      if (other.file === target.file || chosen.includes(other)) continue;
      const provides =
        other.facts.some((f) => needs.facts.has(f.name)) ||
        other.metrics.some((m) => needs.metrics.has(m.name)) ||
        other.parameters.some((p) => needs.params.has(p.name)) ||
        other.datasets.some((d) => needs.datasets.has(d.name));
      if (provides) {
        chosen.push(other);
        queue.push(other);
      }
    }
  }
  return chosen;
}

/** A stand-in specification that selects every rule of one library, so a library can be assembled on its own. */
export function librarySpecification(target: RuleLibrary): Specification {
  return {
    id: target.id,
    title: target.title,
    version: target.version,
    commissioner: '',
    contractPeriod: { start: '0001-01-01', end: '9999-12-31' },
    imports: [],
    importSources: [],
    parameterOverrides: [],
    // A library of payments only (rules/payments.yaml) has no rule to select; `library:` would name none.
    include: target.rules.length > 0 ? [`library:${target.id}`] : [],
    exclude: [],
    verdictPolicy: 'must',
    maxBadRowShare: 0.01,
    clauses: [],
    rules: [],
    tailoring: {},
    metrics: [],
    groups: [],
    facts: [],
    file: target.file,
    sha256: target.sha256,
  };
}

/**
 * Assemble one library with what it reads from others: the plan its rules' examples run in.
 * With `imports:` that is its import closure, exactly; without, the siblings it appears to depend on.
 */
export function assembleLibrary(target: RuleLibrary, context: LibraryContext): AssembleOutcome {
  const others = context.explicit ? context.libraries.filter((l) => l.file !== target.file) : dependencies(target, context.libraries);
  return assemble(librarySpecification(target), [target, ...others]);
}

export function shown(file: string): string {
  return displayPath(path.resolve(file));
}

/** Load each file once per workspace, keyed by its absolute path (or by the key given). */
function memoised<T>(cache: Map<string, Outcome<T>>, file: string, load: (file: string) => Outcome<T>): Outcome<T> {
  const key = file.includes('\u0000') ? file : path.resolve(file);
  let outcome = cache.get(key);
  if (!outcome) {
    outcome = load(key);
    cache.set(key, outcome);
  }
  return outcome;
}
