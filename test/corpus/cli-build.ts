/**
 * Build the CLI once per test file into a private temporary folder (never the
 * shared dist/, which other work in the repo may be using), so tests can spawn
 * `node <tmp>/dist/bin/carespec.js`, the bundled CLI the package ships, as a
 * real child process.
 *
 * The build folder mirrors the package layout the CLI expects: dist/ beside
 * schemas/, rules/, profiles/ and package.json (symlinked), and node_modules
 * for the dependencies. Like `npm run build`, it then writes the snapshots of
 * the bundled rule libraries and bundles the CLI (src/build/bundle.ts), so
 * tests run the CLI as it ships. tsc emits even when another module has a type
 * error, so the build only fails if bin.js is missing afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers.js';

export interface BuiltCli {
  bin: string;
  root: string;
  cleanup(): void;
}

export function buildCli(): BuiltCli {
  const root = mkdtempSync(path.join(tmpdir(), 'carespec-build-'));
  for (const entry of ['node_modules', 'schemas', 'rules', 'profiles', 'package.json']) {
    if (existsSync(path.join(ROOT, entry))) symlinkSync(path.join(ROOT, entry), path.join(root, entry));
  }
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(root, 'dist')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const bin = path.join(root, 'dist', 'cli', 'bin.js');
  if (!existsSync(bin)) throw new Error(`tsc did not emit ${bin}:\n${built.stdout}\n${built.stderr}`);
  const snapshots = spawnSync(process.execPath, [path.join(root, 'dist', 'build', 'library-snapshots.js')], { cwd: root, encoding: 'utf8' });
  if (snapshots.status !== 0) throw new Error(`the rule library snapshots were not written:\n${snapshots.stderr}`);
  const bundled = spawnSync(process.execPath, [path.join(root, 'dist', 'build', 'bundle.js')], { cwd: root, encoding: 'utf8' });
  const shipped = path.join(root, 'dist', 'bin', 'carespec.js');
  if (bundled.status !== 0 || !existsSync(shipped)) throw new Error(`the CLI was not bundled:\n${bundled.stderr}`);
  return { bin: shipped, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A stack trace line (`    at fn (file.js:1:2)`) or Node's uncaught-error banner. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$|^Node\.js v\d+|^\w*Error: .*\n\s+at /m;
