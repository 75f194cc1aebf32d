/**
 * `check` at a terminal: a short summary instead of the whole report (verdict, stages, must failures
 * and gaps one line each, how to get the full report), colour only when allowed (NO_COLOR,
 * --no-color), --quiet, and `--evidence -` (the manifest from standard input; dataset paths in it
 * resolve against the current directory).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { renderTerminalSummary, terminalText } from '../../src/cli/terminal.js';
import { bundleResult, copy } from '../render/bundles.js';

const SPEC = 'specs/reablement-wnc.md';
const EVIDENCE = 'examples/reablement-wnc/failing/evidence.yaml';
const ESC = '\u001b';

function terminalIo(stdin?: string) {
  const io = captureIo();
  return Object.assign(io, { terminal: true, ...(stdin === undefined ? {} : { readStdin: async () => stdin }) });
}

describe('check at a terminal', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('prints the verdict, stages, each must failure and gap on one line, and how to get the full report', async () => {
    vi.stubEnv('NO_COLOR', '');
    const io = terminalIo();
    expect(await run(['check', SPEC, '--evidence', EVIDENCE], io)).toBe(1);
    const lines = io.out.split('\n');
    expect(lines[0]).toContain('✗ Not compliant');
    const result = await bundleResult('reablement-wnc', 'failing');
    const must = result.rules.filter((r) => r.severity === 'must' && r.status === 'fail');
    expect(io.out).toContain(`Must-rules failing (${must.length}):`);
    for (const rule of must) expect(lines.filter((l) => l.includes(`✗`) && l.includes(`${rule.id}:`))).toHaveLength(1);
    expect(io.out).toContain('Evidence gaps (1):');
    expect(io.out).toContain('supply attestations.single_handed_care_reviews');
    expect(io.out).toContain(`Full report: carespec check ${SPEC} --evidence ${EVIDENCE} --output report.md`);
    expect(io.out).toContain(ESC);
    expect(io.out).not.toContain('## '); // not the markdown report
  });

  it('no colour with NO_COLOR or --no-color; the whole report when a format is asked for; none with --quiet', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const noColor = terminalIo();
    await run(['check', SPEC, '--evidence', EVIDENCE], noColor);
    expect(noColor.out).not.toContain(ESC);
    vi.stubEnv('NO_COLOR', '');
    const flag = terminalIo();
    await run(['check', SPEC, '--evidence', EVIDENCE, '--no-color'], flag);
    expect(flag.out).not.toContain(ESC);
    expect(flag.out).toBe(noColor.out);

    const markdown = terminalIo();
    await run(['check', SPEC, '--evidence', EVIDENCE, '--format', 'md'], markdown);
    expect(markdown.out).toContain('## ');

    const quiet = terminalIo();
    expect(await run(['check', SPEC, '--evidence', EVIDENCE, '--quiet'], quiet)).toBe(1);
    expect(quiet.out).toBe('');
    expect(quiet.err).toBe('');
  });

  it('--quiet still writes the report to a pipe or to --output, silently', async () => {
    const piped = captureIo();
    expect(await run(['check', SPEC, '--evidence', EVIDENCE, '--quiet'], piped)).toBe(1);
    expect(piped.out).toContain('## ');
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-quiet-'));
    try {
      const io = terminalIo();
      expect(await run(['check', SPEC, '--evidence', EVIDENCE, '--quiet', '--output', path.join(dir, 'r.md')], io)).toBe(1);
      expect(io.err).toBe('');
      expect(readFileSync(path.join(dir, 'r.md'), 'utf8')).toBe(piped.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('evidence text cannot send terminal control sequences', async () => {
    const result = copy(await bundleResult('reablement-wnc', 'failing'));
    const rule = result.rules.find((r) => r.severity === 'must' && r.status === 'fail')!;
    rule.message = `${ESC}[2J${ESC}]0;pwned\u0007\u009b31m\nFORGED LINE`;
    const out = renderTerminalSummary(result, { color: false, fullReport: 'x' });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u009b');
    expect(out.split('\n').some((l) => l.startsWith('FORGED'))).toBe(false);
    expect(terminalText('a\u0085b\u2028c')).toBe('a b c');
  });
});

describe('--evidence -', () => {
  it('reads the manifest from standard input; dataset paths resolve against the current directory', async () => {
    const text = readFileSync(EVIDENCE, 'utf8').replace(/file: data\//g, 'file: examples/reablement-wnc/failing/data/');
    const fromStdin = captureIo();
    Object.assign(fromStdin, { readStdin: async () => text });
    const before = readdirSync('.').sort();
    expect(await run(['check', SPEC, '--evidence', '-', '--format', 'json'], fromStdin)).toBe(1);
    const fromFile = captureIo();
    await run(['check', SPEC, '--evidence', EVIDENCE, '--format', 'json'], fromFile);
    const a = JSON.parse(fromStdin.out) as { counts: object; verdict: string; inputs: { role: string; path: string }[]; metrics: { name: string; value: number | null }[] };
    const b = JSON.parse(fromFile.out) as typeof a;
    expect(a.verdict).toBe(b.verdict);
    expect(a.counts).toEqual(b.counts);
    // The same numbers; only the dataset paths they name differ (written from here, not from the manifest's folder).
    expect(a.metrics.map((m) => [m.name, m.value])).toEqual(b.metrics.map((m) => [m.name, m.value]));
    expect(a.inputs.find((i) => i.role === 'evidence')!.path).toBe('-');
    expect(fromStdin.out).not.toContain('.carespec-stdin');
    // Checked from memory: nothing was written beside the datasets, not even for a moment.
    expect(readdirSync('.').sort()).toEqual(before);
  });

  it('a bad manifest on standard input is exit 2, its diagnostics naming "-"', async () => {
    const io = captureIo();
    Object.assign(io, { readStdin: async () => 'carespec: evidence/1\nprovider: [\n' });
    expect(await run(['check', SPEC, '--evidence', '-'], io)).toBe(2);
    expect(io.err).toMatch(/^-:\d+/m);
    expect(readdirSync('.').filter((f) => f.startsWith('.carespec-stdin'))).toEqual([]);
  });
});
