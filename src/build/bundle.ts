/**
 * Build step (`npm run build`, after tsc and the library snapshots): bundle
 * the CLI, dist/cli/bin.js and everything it imports, into dist/bin/ with
 * esbuild, which is the `carespec` the package ships.
 *
 *   node dist/build/bundle.js
 *
 * Why: a check loaded ~260 ES modules one by one, and Node's module
 * resolution and loading took ~0.25 s of every run. Code splitting keeps
 * each command and every lazily imported module (the markdown renderer,
 * XLSX reading, the parallel reader) in a chunk of its own, so a run still
 * evaluates only what it uses; a bundle without splitting was slower than no
 * bundle at all. dist/bin/ is two levels below the package, as dist/load/ and
 * dist/data/ are, so the paths modules derive from their own location
 * (schemas/, profiles/, dist/rule-snapshots/, the scan worker in dist/data/)
 * are the same from a chunk. exceljs stays outside (it is large and loaded
 * only for XLSX files), and so does whatever is loaded with `require` at run
 * time (yaml, ajv's runtime helpers).
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isMain } from './entry.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = path.join(DIST, 'bin');
export const BUNDLE_ENTRY = path.join(BUNDLE_DIR, 'carespec.js');

export async function bundleCli(): Promise<string> {
  const entry = path.join(DIST, 'cli', 'bin.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc first`);
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    // The portfolio's worker thread too, so it shares the CLI's chunks rather than loading dist/ module by module.
    entryPoints: { carespec: entry, 'portfolio-worker': path.join(DIST, 'portfolio', 'worker.js') },
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['exceljs'],
    // Bundled CommonJS packages call require() for Node's own modules; ES modules have no require.
    banner: { js: "import { createRequire as __carespecRequire } from 'node:module'; const require = __carespecRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return BUNDLE_ENTRY;
}

if (isMain(import.meta.url)) {
  const written = await bundleCli();
  console.log(`bundled the CLI into ${path.relative(process.cwd(), written)}`);
}
