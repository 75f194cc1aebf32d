/**
 * carespec's own version, read from its package.json: the nearest one above this module, which
 * is one level up from src/ and dist/ and two from the CLI bundle's chunks in dist/bin/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

function packageFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 3; up++) {
    dir = path.dirname(dir);
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('carespec cannot find its package.json');
}

export const ENGINE_VERSION: string = (JSON.parse(readFileSync(packageFile(), 'utf8')) as { version: string }).version;
