/** carespec's own version, read from package.json (one level above both `src/` and `dist/`). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const packageFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../package.json');
export const ENGINE_VERSION: string = (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version;
