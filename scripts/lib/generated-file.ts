/**
 * The command line of a script that generates a committed file: write it, or
 * with `--check` exit 1 when the committed file differs from what it generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export { isMain } from '../../src/build/entry.js';

export function writeOrCheck(file: string, text: string, script: string): void {
  const shown = path.relative(process.cwd(), file).split(path.sep).join('/');
  if (!process.argv.includes('--check')) {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${shown}\n`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write(`${shown} is out of date: run \`npx tsx ${script}\`\n`);
    process.exit(1);
  }
  process.stdout.write(`${shown} is up to date\n`);
}
