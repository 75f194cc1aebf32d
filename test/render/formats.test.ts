/**
 * The formatter registry: every format `check --format` offers, md and json unchanged, each format
 * deterministic and free of machine paths, and the exit codes the same whatever the format.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tmpdir } from 'node:os';
import { REPORT_FORMAT_NAMES, renderReport } from '../../src/render/formats.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderJson } from '../../src/render/json.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { ROOT } from '../helpers.js';
import { bundleResult } from './bundles.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

describe('report formats', () => {
  // `--format github` appends to $GITHUB_STEP_SUMMARY when set: never to a real one while testing.
  beforeEach(() => vi.stubEnv('GITHUB_STEP_SUMMARY', ''));
  afterEach(() => vi.unstubAllEnvs());

  it('offers md, json, html, sarif, junit and github', () => {
    expect(REPORT_FORMAT_NAMES).toEqual(['md', 'json', 'html', 'sarif', 'junit', 'github']);
  });

  it('md and json through the registry are the markdown and JSON renderers, byte for byte', async () => {
    const result = await bundleResult('reablement-wnc', 'failing');
    expect(await renderReport('md', result)).toBe(renderMarkdown(result));
    expect(await renderReport('json', result)).toBe(renderJson(result));
  });

  it('every format gives the same bytes twice, with no machine path', async () => {
    const result = await bundleResult('ethical-care-homecare-bnes', 'failing');
    for (const format of REPORT_FORMAT_NAMES) {
      const first = await renderReport(format, result, { audience: 'full' });
      expect(await renderReport(format, structuredClone(result), { audience: 'full' }), format).toBe(first);
      expect(first.includes(ROOT), format).toBe(false);
      expect(first.includes(tmpdir()), format).toBe(false);
    }
  });

  it('exit codes do not depend on the format: 0 compliant, 1 findings, 2 bad input', async () => {
    const spec = 'specs/outcome-homecare-bfc.md';
    for (const format of REPORT_FORMAT_NAMES) {
      const compliant = await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/compliant/evidence.yaml', '--format', format]);
      expect(compliant.code, `${format}: ${compliant.err}`).toBe(0);
      const failing = await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/failing/evidence.yaml', '--format', format]);
      expect(failing.code, format).toBe(1);
      expect(failing.out.length, format).toBeGreaterThan(0);
      const missing = await cli(['check', spec, '--evidence', 'examples/nowhere/evidence.yaml', '--format', format]);
      expect(missing.code, format).toBe(2);
    }
    expect((await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/failing/evidence.yaml', '--format', 'pdf'])).code).toBe(2);
    expect((await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/failing/evidence.yaml', '--format', 'html', '--audience', 'everyone'])).code).toBe(2);
    // Options of one format are usage errors with another.
    const audience = await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/failing/evidence.yaml', '--format', 'json', '--audience', 'board']);
    expect([audience.code, audience.err]).toEqual([2, 'carespec check: --audience applies to --format md and html only\n']);
    const board = await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/failing/evidence.yaml', '--format', 'md', '--audience', 'board']);
    expect([board.code, board.err]).toEqual([1, '']);
    expect(board.out).toContain('# Board summary:');
    expect((await cli(['check', spec, '--evidence', 'examples/outcome-homecare-bfc/failing/evidence.yaml', '--format', 'sarif', '--summary', 'x.md'])).code).toBe(2);
  });
});
