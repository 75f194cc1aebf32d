/**
 * Reports reveal nothing of the machine (issue #11, class 7): run from a folder outside the checkout, as an
 * installed carespec is, no report of a bundled example names the checkout's absolute path (where the bundled
 * profiles and libraries live) or the user's home folder, in markdown or JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { ROOT } from '../helpers.js';

const SPECS = readdirSync(path.join(ROOT, 'specs')).filter((f) => f.endsWith('.md'));
const BUNDLES = SPECS.flatMap((spec) => {
  const name = spec.replace(/\.md$/, '');
  const folder = path.join(ROOT, 'examples', name);
  const variants = readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${name}/${e.name}`);
  return (variants.length > 0 ? variants : [name]).map((bundle) => ({ spec: `specs/${spec}`, evidence: `examples/${bundle}/evidence.yaml` }));
});

describe('reports of the bundled examples hold no machine path', () => {
  let work = '';
  const cwd = process.cwd();
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'carespec-machine-'));
    for (const folder of ['specs', 'rules', 'examples']) cpSync(path.join(ROOT, folder), path.join(work, folder), { recursive: true });
    process.chdir(work);
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
  });

  it('covers every example bundle', () => expect(BUNDLES.length).toBeGreaterThanOrEqual(10));

  for (const { spec, evidence } of BUNDLES) {
    it(`${evidence}: markdown and JSON`, async () => {
      for (const format of ['md', 'json']) {
        const io = captureIo();
        const code = await run(['check', spec, '--evidence', evidence, '--format', format], io);
        expect([0, 1], io.err).toContain(code);
        const text = io.out + io.err;
        expect(text.length).toBeGreaterThan(1000);
        expect(text).not.toContain(ROOT);
        expect(text).not.toContain(work);
        if (homedir().length > 1) expect(text).not.toContain(homedir());
      }
    });
  }
});
