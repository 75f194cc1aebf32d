import { describe, expect, it } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, Table } from 'mdast';
import { check } from '../../src/pipeline.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { CheckResult } from '../../src/model/types.js';
import { fixture } from '../helpers.js';

async function baseResult(): Promise<CheckResult> {
  const out = await check(fixture('core', 'spec.md'), fixture('core', 'evidence.yaml'));
  if (!out.ok) throw new Error('fixture should load');
  return out.value;
}

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
const tables = (tree: Root) => tree.children.filter((n): n is Table => n.type === 'table');
const hasHtml = (tree: Root): boolean => JSON.stringify(tree).includes('"type":"html"');

describe('renderMarkdown', () => {
  it('puts the verdict first and includes every section', async () => {
    const md = renderMarkdown(await baseResult());
    // A GitHub alert, its first line of text the verdict in bold.
    expect(md.split('\n').slice(0, 2)).toEqual(['> [!NOTE]', expect.stringMatching(/^> \*\*Verdict: Compliant\*\* — /)]);
    // What decides first, hashes last: the order is part of the report's contract (issue #10).
    const order = ['## Graded outcomes', '## Must-rule failures', '## Evidence gaps', '## Rule statuses', '## Should-rule warnings', '## Waivers', '## All clauses', '## Appendix: status counts and inputs'];
    const at = order.map((section) => md.indexOf(section));
    expect(at.every((i) => i > 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain('stage 3 of 3 attained');
  });

  it('lists a SHA-256 for the spec, each library and the evidence', async () => {
    const result = await baseResult();
    const md = renderMarkdown(result);
    expect(result.inputs.map((i) => i.role)).toEqual(['specification', 'library', 'evidence']);
    for (const input of result.inputs) expect(md).toContain(input.sha256);
  });

  it('is byte-identical across runs without a timestamp', async () => {
    expect(renderMarkdown(await baseResult())).toBe(renderMarkdown(await baseResult()));
  });

  it('keeps hostile evidence strings inside their cell and never emits HTML', async () => {
    const result = await baseResult();
    const hostile = '| injected | cell |\n\n<script>alert(1)</script> [x](javascript:alert(1)) **bold** # heading';
    result.rules[0]!.message = hostile;
    result.provider.name = hostile;
    const tree = parse(renderMarkdown(result));
    expect(hasHtml(tree)).toBe(false);
    const allClauses = tables(tree).find((t) => JSON.stringify(t.children[0]).includes('"value":"Clause"'))!;
    expect(allClauses.children.every((row) => row.children.length === 5)).toBe(true);
    expect(tree.children.filter((n) => n.type === 'heading' && n.depth === 1)).toHaveLength(1);
  });

  it('property: any evidence string keeps the report structure', async () => {
    const result = await baseResult();
    const reference = parse(renderMarkdown(result));
    const shape = (tree: Root) => tree.children.map((n) => (n.type === 'table' ? `table:${n.children.length}x${n.children[0]?.children.length}` : `${n.type}`));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), fc.string({ maxLength: 40 }), async (a, b) => {
        const copy = structuredClone(result);
        copy.rules[0]!.message = a;
        copy.rules[0]!.remediation = b;
        copy.provider.name = `${b}${a}`;
        const tree = parse(renderMarkdown(copy));
        expect(hasHtml(tree)).toBe(false);
        expect(shape(tree)).toEqual(shape(reference));
      }),
      { numRuns: 300 },
    );
  });

  it('shows a timestamp only when asked', async () => {
    const result = await baseResult();
    expect(renderMarkdown(result)).not.toContain('Generated at');
    expect(renderMarkdown({ ...result, generatedAt: '2026-01-01T00:00:00.000Z' })).toContain('2026-01-01T00:00:00.000Z');
  });

  it('shows expected, seen, parameter date and remediation for a failure', async () => {
    const out = await check(fixture('core', 'spec.md'), fixture('core', 'evidence.yaml'));
    if (!out.ok) throw new Error();
    const result = structuredClone(out.value);
    const pay = result.rules.find((r) => r.id === 'pay-living-wage')!;
    pay.status = 'fail';
    const md = renderMarkdown(result);
    expect(md).toContain('### pay-living-wage: Lowest hourly pay meets the Real Living Wage');
    expect(md).toContain('Real Living Wage = £13.85 an hour (region london, in force from 2025-05-01, announced 2024-10-23');
    expect(md).toContain('`facts.lowest_hourly_pay` = 13.9 (from Payroll summary Q1, tab 2)');
    expect(md).toContain('**Remediation:** Raise the lowest rate');
  });
});

describe('fixture paths', () => {
  it('are relative in the report', async () => {
    const md = renderMarkdown(await baseResult());
    expect(md).toContain(`\`${path.relative(process.cwd(), fixture('core', 'spec.md'))}\``);
  });
});
