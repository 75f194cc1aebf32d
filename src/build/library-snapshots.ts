/**
 * Build step (`npm run build`, after tsc): write a snapshot of the loaded
 * model of each bundled rule library in rules/ (see src/load/library-snapshot.ts).
 *
 *   node dist/build/library-snapshots.js
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { readTextFile } from '../load/files.js';
import { isMain } from './entry.js';
import { parseLibrary } from '../load/library.js';
import { readLibrarySnapshot, SNAPSHOT_DIR, SNAPSHOT_PATH, snapshotFile, snapshotText } from '../load/library-snapshot.js';

/** `rules/` sits two levels above this module both in `src/` and in `dist/`. */
export const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules');

export interface SnapshotReport {
  written: string[];
  skipped: { file: string; reason: string }[];
}

/** Replace the snapshots in `outDir` with one for each library in `rulesDir` that loads. */
export function writeLibrarySnapshots(rulesDir: string = RULES_DIR, outDir: string = SNAPSHOT_DIR): SnapshotReport {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const report: SnapshotReport = { written: [], skipped: [] };
  for (const name of readdirSync(rulesDir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = path.join(rulesDir, name);
    const reason = writeOne(file, outDir);
    if (reason === undefined) report.written.push(file);
    else report.skipped.push({ file, reason });
  }
  return report;
}

/** Write the snapshot of one library; the reason when there is none. */
function writeOne(file: string, outDir: string): string | undefined {
  const read = readTextFile(file);
  if (!read.ok) return read.diagnostics[0]?.message ?? 'unreadable';
  const model = parseLibrary(read.value, SNAPSHOT_PATH);
  if (!model.ok) return `does not load (${model.diagnostics.length} errors)`;
  const target = snapshotFile(outDir, read.value.sha256);
  writeFileSync(target, snapshotText(model.value));
  // What a run will read back must be what the normal path gives, shown from anywhere.
  const shown = 'a/b/library.yaml';
  const direct = parseLibrary(read.value, shown);
  if (direct.ok && isDeepStrictEqual(readLibrarySnapshot(read.value.sha256, shown, outDir), direct.value)) return undefined;
  rmSync(target, { force: true });
  return 'the snapshot would not give the same model';
}

if (isMain(import.meta.url)) {
  const { written, skipped } = writeLibrarySnapshots();
  for (const { file, reason } of skipped) process.stderr.write(`no snapshot of ${path.relative(process.cwd(), file)}: ${reason}\n`);
  process.stdout.write(`${written.length} rule library snapshots in ${path.relative(process.cwd(), SNAPSHOT_DIR)}\n`);
}
