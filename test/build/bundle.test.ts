/**
 * The shipped CLI is the esbuild bundle (src/build/bundle.ts): the package's
 * bin, built by `npm run build`. Its chunks live in dist/bin/, so every path a
 * module derives from its own location must still lead somewhere real, and a
 * file read in parallel parts through the bundle (its scan worker found from
 * a chunk) must give the single pass's report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type BuiltCli } from '../corpus/cli-build.js';
import { repoFile } from '../helpers.js';

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
}, 180_000);
afterAll(() => cli?.cleanup());

const bundleDir = () => path.dirname(cli.bin);
const chunkText = () => readdirSync(bundleDir()).map((name) => readFileSync(path.join(bundleDir(), name), 'utf8')).join('\n');

describe('the bundled CLI', () => {
  it('is the package bin, and reports the package version', () => {
    const pkg = JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    expect(pkg.bin.carespec).toBe('dist/bin/carespec.js');
    expect(path.relative(cli.root, cli.bin)).toBe(path.join('dist', 'bin', 'carespec.js'));
    const version = spawnSync(process.execPath, [cli.bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('finds the scan worker, schemas, profiles and snapshots from its chunks', () => {
    const text = chunkText();
    // The worker is found from the package root (src/package-root.ts), whatever the chunk's depth.
    expect(text).toContain('"dist/data/scanning/scan-worker.js"');
    expect(existsSync(path.resolve(bundleDir(), '../data/scanning/scan-worker.js'))).toBe(true);
    for (const dir of ['../../schemas', '../../profiles', '../rule-snapshots', '../load']) {
      expect(existsSync(path.resolve(bundleDir(), dir)), dir).toBe(true);
    }
  });

  it('reads a file in parallel parts with the same report as one pass', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        [cli.bin, 'check', repoFile('specs/ethical-care-homecare-bnes.md'), '--evidence', repoFile('examples/ethical-care-homecare-bnes/failing/evidence.yaml'), '--format', 'json'],
        { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } },
      );
    const single = run({ CARESPEC_WORKERS: '0' });
    const parts = run({ CARESPEC_WORKERS: '1', CARESPEC_PARALLEL_MIN_BYTES: '1' });
    expect(single.status).toBe(1);
    expect(parts.status).toBe(single.status);
    expect(parts.stdout).toBe(single.stdout);
    expect(JSON.parse(single.stdout).inputs.some((input: { role: string }) => input.role === 'dataset')).toBe(true);
  });
});
