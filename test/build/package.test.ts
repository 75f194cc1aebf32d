/**
 * The package as a user installs it (issue #13): `npm pack`, install the
 * tarball into an empty folder, `import('carespec')`, and check a bundled
 * example through the public API, with the types shipped beside it. This is
 * what a council portal or a provider's back office would do.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, repoFile } from '../helpers.js';

it('installs from its packed tarball and checks a bundle through the public API, from paths and from memory', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-pack-'));
  // dist/ is built by `npm ci` (prepare); packing without scripts packs exactly that build.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);
  expect(files).toContain('dist/index.js');
  expect(files).toContain('dist/index.d.ts');
  expect(files.some((f) => f.startsWith('rules/'))).toBe(true);
  expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);

  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'portal', version: '1.0.0', type: 'module', private: true }));
  execFileSync('npm', ['install', path.join(dir, packed[0]!.filename), '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: dir, stdio: 'pipe' });
  expect(existsSync(path.join(dir, 'node_modules/carespec/dist/index.d.ts'))).toBe(true);

  writeFileSync(
    path.join(dir, 'portal.mjs'),
    `import { preparePlan, checkEvidence, renderReport, REPORT_FORMAT_NAMES } from 'carespec';
const [spec, evidence] = process.argv.slice(2);
const plan = preparePlan(spec);
if (!plan.ok) throw new Error(JSON.stringify(plan.diagnostics));
const result = await checkEvidence(plan.value, evidence);
if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
const md = await renderReport('md', result.value);
console.log(JSON.stringify({ verdict: result.value.verdict, stage: result.value.groups.find((g) => g.stage)?.stage, formats: REPORT_FORMAT_NAMES, md: md.split('\\n').slice(0, 3).join('\\n') }));
`,
  );
  const out = JSON.parse(execFileSync(process.execPath, ['portal.mjs', repoFile('specs/ethical-care-homecare-bnes.md'), repoFile('examples/ethical-care-homecare-bnes/partial/evidence.yaml')], { cwd: dir, encoding: 'utf8' })) as { verdict: string; stage: unknown; formats: string[]; md: string };
  expect(out).toMatchObject({ verdict: 'compliant', stage: { attained: 2, of: 3 } });
  expect(out.formats).toEqual(expect.arrayContaining(['md', 'json', 'html']));
  expect(out.md).toMatch(/^> \[!NOTE\]\n> \*\*Verdict: Compliant\*\*/);
  // The same API from the repository gives the same verdict as the CLI (test/cli/library-parity.test.ts holds every example to it).
  expect(readFileSync(path.join(dir, 'node_modules/carespec/package.json'), 'utf8')).toContain('"types": "dist/index.d.ts"');

  // A portal with an upload in memory: the manifest as text, the CSVs as Buffers (one as a stream), no temporary file.
  writeFileSync(
    path.join(dir, 'portal-memory.mjs'),
    `import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { check, renderReport } from 'carespec';
const [spec, evidence] = process.argv.slice(2);
const folder = path.dirname(evidence);
const files = {};
for (const name of readdirSync(path.join(folder, 'data'))) files['data/' + name] = readFileSync(path.join(folder, 'data', name));
files['data/visits.csv'] = Readable.from([files['data/visits.csv']]);
const inMemory = await check(spec, { name: evidence, content: readFileSync(evidence, 'utf8'), files });
if (!inMemory.ok) throw new Error(JSON.stringify(inMemory.diagnostics));
const fromFiles = await check(spec, evidence);
if (!fromFiles.ok) throw new Error(JSON.stringify(fromFiles.diagnostics));
const missing = await check(spec, { name: 'evidence.yaml', content: readFileSync(evidence, 'utf8'), files: { 'data/visit.csv': Buffer.from('') } });
const json = await renderReport('json', inMemory.value);
console.log(JSON.stringify({ verdict: inMemory.value.verdict, same: json === (await renderReport('json', fromFiles.value)), datasets: inMemory.value.inputs.filter((i) => i.role === 'dataset').length, missing: missing.ok ? null : missing.diagnostics[0] }));
`,
  );
  const memory = JSON.parse(execFileSync(process.execPath, ['portal-memory.mjs', repoFile('specs/ethical-care-homecare-bnes.md'), repoFile('examples/ethical-care-homecare-bnes/partial/evidence.yaml')], { cwd: dir, encoding: 'utf8' })) as { verdict: string; same: boolean; datasets: number; missing: { code: string; message: string } };
  expect(memory).toMatchObject({ verdict: 'compliant', same: true });
  expect(memory.datasets).toBeGreaterThanOrEqual(5);
  expect(memory.missing).toMatchObject({ code: 'evidence/missing-file', message: expect.stringContaining('did you mean "data/visit.csv"?') });
});
