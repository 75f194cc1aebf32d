/**
 * GitHub workflow annotations and the job summary: one line per annotation, escaped as GitHub's
 * toolkit escapes them, at most 10 of each kind (the most severe first) and a notice counting the
 * rest; the summary stays under 1 MiB by leaving out the least severe rules first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckResult, RuleResult } from '../../src/model/types.js';
import { ANNOTATIONS_PER_KIND, commandData, commandProperty, renderGithubAnnotations } from '../../src/render/github.js';
import { renderGithubSummary, SUMMARY_LIMIT_BYTES } from '../../src/render/github-summary.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { bundleResult, copy } from './bundles.js';

const commands = (out: string) => out.split('\n').filter((l) => l.startsWith('::'));
const ofKind = (out: string, kind: string) => commands(out).filter((l) => l.startsWith(`::${kind} `));

/** A result with `must` and `should` failing rules of the given message length. */
async function many(must: number, should: number, messageLength = 40): Promise<CheckResult> {
  const result = copy(await bundleResult('outcome-homecare-bfc', 'failing'));
  const template = result.rules.find((r) => r.status === 'fail' && !r.records)!;
  const make = (severity: 'must' | 'should', i: number): RuleResult => ({ ...structuredClone(template), id: `${severity}-${i}`, severity, message: `${severity} ${i} `.padEnd(messageLength, 'x') });
  result.rules = [...Array.from({ length: should }, (_, i) => make('should', i)), ...Array.from({ length: must }, (_, i) => make('must', i))];
  result.findings = [];
  return result;
}

describe('GitHub annotations', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('point at the clause line or the failing CSV row, most severe first', async () => {
    const out = renderGithubAnnotations(await bundleResult('reablement-wnc', 'failing'));
    const errors = ofKind(out, 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^::error file=specs\/reablement-wnc\.md,line=\d+,title=[^:]+::/);
    expect(errors.some((l) => /^::error file=examples\/reablement-wnc\/failing\/data\/[a-z]+\.csv,line=\d+,/.test(l))).toBe(true);
    // Errors (must failures) are printed before any warning.
    const lines = commands(out);
    const lastError = lines.map((l) => l.startsWith('::error')).lastIndexOf(true);
    expect(lines.findIndex((l) => l.startsWith('::warning'))).toBeGreaterThan(lastError);
  });

  it(`show at most ${ANNOTATIONS_PER_KIND} of each kind and count the rest in one notice`, async () => {
    const out = renderGithubAnnotations(await many(25, 14));
    expect(ofKind(out, 'error')).toHaveLength(ANNOTATIONS_PER_KIND);
    expect(ofKind(out, 'warning')).toHaveLength(ANNOTATIONS_PER_KIND);
    const notices = ofKind(out, 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('19 more annotations not shown (15 errors, 4 warnings, 0 notices)');
    expect(ofKind(out, 'error').map((l) => /title=(must-\d+)/.exec(l)![1])).toEqual(Array.from({ length: 10 }, (_, i) => `must-${i}`));
  });

  it('escape data and properties so a message is one command on one line', () => {
    expect(commandData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(commandProperty('a,b:c%')).toBe('a%2Cb%3Ac%25');
    expect(commandData('x\u2028y\u0000z')).toBe('x y z');
  });

  it('hostile text stays inside its annotation', async () => {
    const result = await many(1, 0);
    result.rules[0]!.message = 'bad\n::error file=x,line=1::injected\r\n%0A';
    result.rules[0]!.title = 'T,itle: x';
    const out = renderGithubAnnotations(result);
    expect(out.split('\n').filter((l) => l.includes('injected'))).toHaveLength(1);
    expect(ofKind(out, 'error')).toHaveLength(1);
    expect(ofKind(out, 'error')[0]).toContain('bad%0A::error file=x,line=1::injected%0D%0A%250A');
  });
});

describe('GitHub job summary', () => {
  it('lists must failures, gaps and should failures', async () => {
    const result = await bundleResult('reablement-wnc', 'failing');
    const summary = renderGithubSummary(result);
    expect(summary).toMatch(/^## carespec: Not compliant/);
    const count = (severity: string | undefined, statuses: string[]) => result.rules.filter((r) => (severity === undefined || r.severity === severity) && statuses.includes(r.status)).length;
    const headings = [`### Must-rules failing (${count('must', ['fail', 'error'])})`, `### Evidence gaps (what to supply) (${count(undefined, ['not_evidenced'])})`, `### Should-rules failing (${count('should', ['fail', 'error'])})`];
    expect(count('should', ['fail', 'error'])).toBeGreaterThan(10);
    for (const heading of headings) expect(summary).toContain(heading);
    expect(summary).not.toContain('more rules not listed');
  });

  it(`stays under ${SUMMARY_LIMIT_BYTES} bytes, leaving out should-rules before must-rules`, async () => {
    const result = await many(300, 3000, 2000);
    const summary = renderGithubSummary(result);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(summary).toContain('### Must-rules failing (300)');
    for (let i = 0; i < 300; i++) expect(summary).toContain(`\`must-${i}\``);
    const listed = (summary.match(/`should-\d+`/g) ?? []).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(3000);
    expect(summary).toContain(`${3000 - listed} more rules not listed`);
    const small = renderGithubSummary(result, { budget: 4000 });
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(4000 + 200);
  });

  it('check --format github writes annotations to stdout and the summary to --summary, or appends to $GITHUB_STEP_SUMMARY', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-gh-'));
    try {
      const args = ['check', 'specs/reablement-wnc.md', '--evidence', 'examples/reablement-wnc/failing/evidence.yaml', '--format', 'github'];
      const io = captureIo();
      vi.stubEnv('GITHUB_STEP_SUMMARY', '');
      expect(await run([...args, '--summary', path.join(dir, 'summary.md')], io)).toBe(1);
      expect(ofKind(io.out, 'error').length).toBeGreaterThan(0);
      expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/^## carespec: Not compliant/);
      const step = path.join(dir, 'step.md');
      writeFileSync(step, 'earlier step output\n');
      vi.stubEnv('GITHUB_STEP_SUMMARY', step);
      expect(await run(args, captureIo())).toBe(1);
      expect(readFileSync(step, 'utf8')).toMatch(/^earlier step output\n## carespec: Not compliant/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
