/**
 * Prebuilt snapshots of loaded rule libraries: the `RuleLibrary` model as
 * JSON, one file per library named by the sha256 of its bytes. `npm run build`
 * writes one for each library in rules/ (src/build/library-snapshots.ts), so a
 * run that imports a bundled library skips the YAML parser and the schema
 * validation (~0.3 s of a check's start-up).
 *
 * A snapshot is used only when everything matches: the file's sha256,
 * carespec's version and the loader code that built it (a `tsc` rebuild
 * without `npm run build` must not serve a model the current code would not
 * build). Anything else, including a missing or unreadable snapshot, means
 * the normal path.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleLibrary } from '../model/types.js';
import { ENGINE_VERSION } from '../version.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * `dist/load/` (or `src/load/`): named from one level up, so the path is the same whether this
 * module runs from its own file or from a chunk of the CLI bundle in `dist/bin/` (src/build/bundle.ts).
 */
const LOADER_DIR = path.resolve(HERE, '../load');

/** `dist/rule-snapshots/` for the built CLI (absent beside `src/`, where the normal path runs). */
export const SNAPSHOT_DIR = path.resolve(HERE, '../rule-snapshots');

/**
 * The display path a snapshot is written with, replaced on reading by the path as seen from the
 * current directory. YAML text cannot hold a raw NUL, and the writer checks that no other value
 * equals it (src/build/library-snapshots.ts).
 */
export const SNAPSHOT_PATH = '\u0000library\u0000';

interface SnapshotFile {
  carespec: string;
  loader: string;
  sha256: string;
  library: RuleLibrary;
}

export const snapshotFile = (dir: string, sha256: string): string => path.join(dir, `${sha256}.json`);

/** The snapshot of a library loaded with `SNAPSHOT_PATH` as its display path. */
export function snapshotText(library: RuleLibrary): string {
  const snapshot: SnapshotFile = { carespec: ENGINE_VERSION, loader: loaderFingerprint(), sha256: library.sha256, library };
  return `${JSON.stringify(snapshot)}\n`;
}

/** The library whose bytes hash to `sha256`, shown as `shown`, when a matching snapshot exists. */
export function readLibrarySnapshot(sha256: string, shown: string, dir: string = SNAPSHOT_DIR): RuleLibrary | undefined {
  let snapshot: Partial<SnapshotFile>;
  try {
    snapshot = JSON.parse(readFileSync(snapshotFile(dir, sha256), 'utf8'), (_key, value: unknown) => (value === SNAPSHOT_PATH ? shown : value)) as Partial<SnapshotFile>;
  } catch {
    return undefined;
  }
  const matches = snapshot.carespec === ENGINE_VERSION && snapshot.sha256 === sha256 && snapshot.library?.sha256 === sha256 && snapshot.loader === loaderFingerprint();
  return matches ? snapshot.library : undefined;
}

let fingerprint: string | undefined;

/** A hash of the loader's modules (`dist/load/`): the code that turns a library file into its model. */
export function loaderFingerprint(): string {
  if (fingerprint === undefined) {
    const hash = createHash('sha256');
    for (const name of readdirSync(LOADER_DIR).sort()) {
      if (!/\.[cm]?[jt]s$/.test(name)) continue;
      hash.update(`${name}\n`).update(readFileSync(path.join(LOADER_DIR, name)));
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}
