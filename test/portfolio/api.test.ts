/**
 * The commissioner's operations through the public API, as a council's scheduler would call them:
 * the library's portfolio is the CLI's, byte for byte, and diff refuses what is not a result with a
 * problem naming the file, never a throw or a wait.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPortfolio, diffFiles, renderPortfolio } from '../../src/index.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { repoFile } from '../helpers.js';

const SPEC = repoFile('specs', 'ethical-care-homecare-bnes.md');
const BUNDLES = ['compliant', 'partial', 'failing'].map((b) => repoFile('examples', 'ethical-care-homecare-bnes', b, 'evidence.yaml'));

describe('checkPortfolio and diffFiles', () => {
  it('checkPortfolio gives the JSON `carespec portfolio` writes, in this thread', async () => {
    const library = await checkPortfolio(SPEC, BUNDLES, { jobs: 1 });
    if (!library.ok) throw new Error(JSON.stringify(library.diagnostics));
    const io = captureIo();
    expect(await run(['portfolio', SPEC, ...BUNDLES, '--format', 'json', '--jobs', '1'], io)).toBe(1);
    expect(await renderPortfolio('json', library.value)).toBe(io.out);
    expect(library.value.providers.map((p) => p.verdict).sort()).toEqual(['compliant', 'compliant', 'not_compliant']);
  });

  it('a results folder that is a file is a problem before any provider is checked', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'carespec-api-')), 'taken');
    writeFileSync(file, 'x');
    const refused = await checkPortfolio(SPEC, BUNDLES, { jobs: 1, resultsDir: file });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.diagnostics).toEqual([expect.objectContaining({ code: 'portfolio/results-dir', file })]);
  });

  it('diffFiles names each document that is not a result, and refuses a pipe rather than waiting on it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-api-'));
    const notResult = path.join(dir, 'other.json');
    writeFileSync(notResult, '{"hello": 1}');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{');
    const diffed = diffFiles(notResult, broken);
    expect(diffed.ok).toBe(false);
    if (!diffed.ok) expect(diffed.diagnostics.map((d) => [d.file, d.code])).toEqual([[notResult, 'results/kind'], [broken, 'results/json']]);
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const piped = diffFiles(fifo, fifo);
    expect(piped.ok).toBe(false);
    if (!piped.ok) expect(piped.diagnostics[0]).toMatchObject({ code: 'file/not-a-file', file: fifo });
  });
});

describe('diff reads only documents as carespec writes them', () => {
  it('an edited or cut-short result is refused naming the missing field, never a crash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-api-'));
    const cut = path.join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify({ schemaVersion: '2.0', rules: 'x' }));
    const io = captureIo();
    expect(await run(['diff', cut, cut], io)).toBe(2);
    expect(io.err).toContain(`${cut}: results/schema: Missing property "engine"`);
    expect(io.err).not.toMatch(/internal error/);
    const report = path.join(dir, 'report.json');
    writeFileSync(report, JSON.stringify({ format: 'portfolio/2', providers: [] }));
    const refused = diffFiles(report, report);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.diagnostics[0]).toMatchObject({ code: 'results/schema', file: report, field: 'engine' });
  });

  it('a 1.1 result (warnings as strings) is still compared with a 2.0 one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-api-'));
    const io = captureIo();
    await run(['check', SPEC, '--evidence', BUNDLES[2]!, '--format', 'json'], io);
    const current = JSON.parse(io.out) as { schemaVersion: string; warnings: { message: string }[]; findings: Record<string, unknown>[] };
    const old = { ...current, schemaVersion: '1.1', warnings: current.warnings.map((w) => w.message), findings: current.findings.map(({ code: _code, line: _line, column: _column, ...rest }) => rest) };
    const base = path.join(dir, 'base.json'), head = path.join(dir, 'head.json');
    writeFileSync(base, JSON.stringify(old));
    writeFileSync(head, io.out);
    const diffed = diffFiles(base, head);
    if (!diffed.ok) throw new Error(JSON.stringify(diffed.diagnostics));
    expect(diffed.value.regression).toBe(false);
  });
});
