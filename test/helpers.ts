/** Test helpers: fixture paths and scratch folders with edited copies of fixtures. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = path.resolve(ROOT, '../shared');
export const fixture = (...parts: string[]) => path.join(ROOT, 'test', 'fixtures', ...parts);
export const repoFile = (...parts: string[]) => path.join(ROOT, ...parts);

/** Copy a fixture folder to a fresh temporary folder and return its path. */
export function scratchCopy(folder: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-test-'));
  cpSync(folder, dir, { recursive: true });
  return dir;
}

/** Replace text in a file (fails the test if the text is not there). */
export function edit(file: string, from: string | RegExp, to: string): void {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(file, after);
}
