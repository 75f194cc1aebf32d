/**
 * The built CLI loads the bundled rule libraries from the snapshots the build writes: it must print
 * the same bytes and exit with the same code as when it parses their YAML (snapshots moved away).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/load/files.js';
import { buildCli, type BuiltCli } from '../corpus/cli-build.js';
import { repoFile } from '../helpers.js';

let cli: BuiltCli;
let snapshots: string;
beforeAll(() => {
  cli = buildCli();
  snapshots = path.join(cli.root, 'dist', 'rule-snapshots');
}, 180_000);
afterAll(() => cli?.cleanup());

const carespec = (argv: string[]) => {
  const child = spawnSync(process.execPath, [cli.bin, ...argv], { encoding: 'utf8', env: { ...process.env, CARESPEC_DEBUG: '' } });
  return { code: child.status, out: child.stdout, err: child.stderr };
};

/** The same command with snapshots and without them (the YAML path). */
function bothWays(argv: string[]) {
  const fromSnapshots = carespec(argv);
  renameSync(snapshots, `${snapshots}.away`);
  try {
    return { fromSnapshots, fromYaml: carespec(argv) };
  } finally {
    renameSync(`${snapshots}.away`, snapshots);
  }
}

const sha256Of = (file: string): string => {
  const read = readTextFile(file);
  if (!read.ok) throw new Error(`cannot read ${file}`);
  return read.value.sha256;
};

/** Each specification with one of its example evidence manifests; together they import every library in rules/. */
const checks = readdirSync(repoFile('specs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => {
    const example = repoFile('examples', name.replace(/\.md$/, ''));
    const evidence = [path.join(example, 'partial', 'evidence.yaml'), path.join(example, 'evidence.yaml')].find((file) => existsSync(file));
    return { spec: repoFile('specs', name), evidence: evidence! };
  });

describe('the built CLI, with rule library snapshots', () => {
  it('has a snapshot of every bundled library, and uses it', () => {
    for (const name of readdirSync(repoFile('rules'))) expect(existsSync(path.join(snapshots, `${sha256Of(repoFile('rules', name))}.json`)), name).toBe(true);
    const quality = path.join(snapshots, `${sha256Of(repoFile('rules', 'quality.yaml'))}.json`);
    const good = readFileSync(quality, 'utf8');
    writeFileSync(quality, good.replace('"title":"Quality, market and environmental rules"', '"title":"From the snapshot"'));
    try {
      expect(carespec(['render', repoFile('specs', 'example-homecare.md')]).out).toContain('From the snapshot (quality 1.0.0)');
    } finally {
      writeFileSync(quality, good);
    }
  });

  it.each(checks)('checks $spec as the YAML path does', ({ spec, evidence }) => {
    for (const format of ['json', 'md']) {
      const { fromSnapshots, fromYaml } = bothWays(['check', spec, '--evidence', evidence, '--format', format]);
      expect(fromSnapshots).toEqual(fromYaml);
    }
  });

  it('lints and renders as the YAML path does', () => {
    for (const argv of [['lint', repoFile('rules'), repoFile('specs'), '--format', 'json'], ['render', checks[0]!.spec]]) {
      const { fromSnapshots, fromYaml } = bothWays(argv);
      expect(fromSnapshots).toEqual(fromYaml);
    }
  });
});
