/**
 * The folder carespec is installed in (its package.json's folder), found by walking up from this
 * module: the same from src/ (tests), dist/ (the compiled library) and dist/bin/ (the CLI bundle's
 * chunks), so files shipped beside the code (profiles/, rules/, the scan worker) are found from any
 * module however deep it sits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    dir = path.dirname(dir);
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'carespec') return (root = dir);
  }
  throw new Error('carespec cannot find its package.json');
}
