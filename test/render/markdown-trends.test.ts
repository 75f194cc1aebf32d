/**
 * The markdown report for GitHub and GitLab: the verdict as an alert, a mermaid pie of statuses with
 * its table, a trend table per windowed KPI and an xychart for each must-KPI, mermaid text that no
 * label can break out of, and the board report under GitHub's comment limit.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Code, Root, RootContent, Table } from 'mdast';
import { renderMarkdownReport as renderMarkdown } from '../../src/render/md/report.js';
import { windowedKpis } from '../../src/render/kpis.js';
import { mermaidLabel, xyChart } from '../../src/render/mermaid.js';
import { BOARD_MD_LIMIT, GITHUB_COMMENT_LIMIT } from '../../src/render/md/board.js';
import type { CheckResult, RuleResult } from '../../src/model/types.js';
import { BUNDLES, bundleResult, copy, type Variant } from './bundles.js';
import { check } from '../../src/pipeline.js';

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
const mermaid = (tree: Root) => tree.children.filter((n): n is Code => n.type === 'code' && n.lang === 'mermaid');
const plain = (node: RootContent): string => ('value' in node && typeof node.value === 'string' ? node.value : 'children' in node ? (node.children as RootContent[]).map(plain).join('') : '');
const cells = (t: Table) => t.children.map((r) => r.children.map((c) => plain(c as RootContent)));
const after = <T extends RootContent['type']>(tree: Root, node: RootContent, type: T) => tree.children.slice(tree.children.indexOf(node) + 1).find((n) => n.type === type) as Extract<RootContent, { type: T }>;

const failing = () => bundleResult('ethical-care-homecare-bnes', 'failing');

describe('verdict alert', () => {
  it.each([
    ['compliant', 'NOTE', 'Compliant'],
    ['failing', 'CAUTION', 'Not compliant'],
  ] as const)('%s: > [!%s] with the verdict in bold on its next line', async (variant, kind, words) => {
    const result = await bundleResult('ethical-care-homecare-bnes', variant);
    const md = renderMarkdown(result);
    expect(md.split('\n').slice(0, 2)).toEqual([`> [!${kind}]`, expect.stringMatching(new RegExp(`^> \\*\\*Verdict: ${words}\\*\\* — `))]);
    const first = parse(md).children[0]!;
    expect(first.type).toBe('blockquote');
  });

  it('insufficient evidence is a WARNING', async () => {
    const result = copy(await failing());
    result.verdict = 'insufficient_evidence';
    expect(renderMarkdown(result).split('\n')[0]).toBe('> [!WARNING]');
  });
});

describe('rule statuses', () => {
  it('a mermaid pie of the non-zero counts, and the same counts in the table after it', async () => {
    const result = await failing();
    const tree = parse(renderMarkdown(result));
    const pie = mermaid(tree).find((c) => c.value.startsWith('pie'))!;
    const slices = pie.value.split('\n').slice(1).map((l) => /^ {4}"([a-z ]+)" : (\d+)$/.exec(l)!.slice(1));
    const rows = cells(after(tree, pie, 'table')).slice(1);
    expect(rows).toEqual(slices);
    expect(slices.map(([, n]) => Number(n)).reduce((a, b) => a + b, 0)).toBe(result.rules.length);
    expect(slices.map(([s]) => s)).toEqual(expect.arrayContaining(['pass', 'fail', 'not evidenced']));
  });
});

describe('KPI trends', () => {
  it('a table per windowed KPI a rule reads, every window a row, with the threshold in the metric unit; charts for must-KPIs only', async () => {
    const result = await failing();
    const kpis = windowedKpis(result);
    const tree = parse(renderMarkdown(result));
    const section = tree.children.findIndex((n) => n.type === 'heading' && plain(n) === `KPI trends (${kpis.length})`);
    expect(section).toBeGreaterThan(0);
    // Read by a rule, windowed: every such metric, and no other.
    const readByRules = result.metrics.filter((m) => m.windows.length > 0 && result.rules.some((r) => r.seen.some((s) => s.path === `metrics.${m.name}`) || (r.windows ?? []).some((w) => m.name in w.values)));
    expect(kpis.map((k) => k.metric.name).sort()).toEqual(readByRules.map((m) => m.name).sort());
    for (const kpi of kpis) {
      const h = tree.children.slice(section).find((n) => n.type === 'heading' && n.depth === 3 && plain(n) === kpi.metric.title)!;
      expect(h, kpi.metric.name).toBeDefined();
      const t = after(tree, h, 'table');
      const rows = cells(t);
      expect(rows.slice(1).map((r) => r[0])).toEqual(kpi.metric.windows.map((w) => w.label));
      if (kpi.threshold) expect(rows[0]).toContain('Threshold');
      const next = tree.children[tree.children.indexOf(h) + 2]!;
      expect(next.type === 'code', kpi.metric.name).toBe(kpi.must);
    }
    // The continuity rule compares two metrics with two parameters: each gets the one in its own unit.
    const share = kpis.find((k) => k.metric.name === 'clients_above_carer_limit_share')!;
    expect([share.rule.id, share.threshold?.name]).toEqual(['ecc-06-continuity-of-carer', 'ecc_max_share_clients_above_carer_limit']);
    // A tolerance in percent is not a threshold for hours.
    expect(kpis.find((k) => k.metric.name === 'payroll_contact_hours_by_month')?.threshold).toBeUndefined();
    const chart = mermaid(tree).find((c) => c.value.includes('Peer-support meetings held'))!;
    expect(chart.value).toBe(['xychart-beta', '    title "Peer-support meetings held"', '    x-axis ["2025-04", "2025-05", "2025-06"]', '    y-axis "meetings" 0 --> 2', '    line [1, 0, 1]', '    line [1, 1, 1]'].join('\n'));
  });

  it('is byte-identical across runs', async () => {
    const result = await failing();
    expect(renderMarkdown(copy(result))).toBe(renderMarkdown(copy(result)));
    expect(renderMarkdown(copy(result), { audience: 'board' })).toBe(renderMarkdown(copy(result), { audience: 'board' }));
  });
});

/** Quotes, backticks, fences, newlines, mermaid directives and comments, entities and HTML. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.constantFrom('"', "'", '`', '```', '````', '~~~', '\n', '\r', '\u2028', '%%', '%%{init: {"securityLevel":"loose"}}%%', '#quot;', '#35;', '<script>', ']', '[', ',', ';', '-->', 'line [1]', 'title', '\\', '{', '}', 'x'), { minLength: 1, maxLength: 12 }).map((p) => p.join('')),
);

describe('mermaid safety', () => {
  it('a label keeps only characters that mean nothing to mermaid inside quotes', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const label = mermaidLabel(s);
        expect(label).not.toMatch(/["`\n\r\u2028\u2029<>#;{}[\]\\]|%%/);
        expect([...label].length).toBeLessThanOrEqual(60);
        expect(label.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
    expect(mermaidLabel('Punctuality (±30 min) — 90%')).toBe('Punctuality (±30 min) 90%');
  });

  it('property: hostile titles, units and window labels leave every mermaid block and the report structure intact', async () => {
    const base = await failing();
    const shape = (tree: Root) => tree.children.map((n) => (n.type === 'table' ? `table:${n.children.length}x${n.children[0]?.children.length}` : n.type === 'code' ? `code:${n.lang}:${n.value.split('\n').length}` : n.type));
    const reference = shape(parse(renderMarkdown(base)));
    await fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (title, unit, label, spec) => {
        const result = copy(base);
        for (const m of result.metrics) {
          m.title = `${title}${m.name}`; // distinct per metric, so the headings still find their tables
          if (m.unit !== undefined) m.unit = `${unit}${m.unit}`;
          if (m.windows[0]) m.windows[0].label = label;
        }
        // Units change alike on both sides, so each metric keeps the threshold in its unit.
        for (const r of result.rules) for (const p of r.parameters) if (p.unit !== undefined) p.unit = `${unit}${p.unit}`;
        result.spec.title = spec;
        for (const board of [false, true]) {
          const md = renderMarkdown(result, board ? { audience: 'board' } : {});
          const tree = parse(md);
          expect(JSON.stringify(tree)).not.toContain('"type":"html"');
          if (!board) expect(shape(tree)).toEqual(reference);
          for (const block of mermaid(tree)) {
            const lines = block.value.split('\n');
            expect(lines[0]).toMatch(/^(xychart-beta|pie title [^"`%]*)$/);
            // Every statement a fixed keyword; every quoted label closed on its own line.
            for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}(title "[^"]*"|x-axis \["[^"]*"(, "[^"]*")*\]|y-axis "[^"]*" -?[\d.]+ --> [\d.]+|line \[-?[\d.]+(, -?[\d.]+)*\]|"[^"]*" : \d+)$/);
            expect(block.value).not.toMatch(/%%|`/);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a value that is not finite is refused rather than drawn', () => {
    expect(() => xyChart({ title: 't', labels: ['a'], values: [Number.NaN], percent: false })).toThrow(/finite/);
  });
});

describe('board report (--audience board)', () => {
  const variants: [string, Variant][] = BUNDLES.flatMap((b) => (['compliant', 'failing', 'partial'] as const).map((v): [string, Variant] => [b, v]));

  it.each(variants)('%s/%s: verdict, ladder, must failures, gaps and must-KPI charts, under the limit', async (bundle, variant) => {
    const result = await bundleResult(bundle as (typeof BUNDLES)[number], variant);
    const md = renderMarkdown(result, { audience: 'board' });
    expect(md.length).toBeLessThanOrEqual(BOARD_MD_LIMIT);
    expect(md).toMatch(/^> \[!(NOTE|CAUTION|WARNING)\]\n> \*\*Verdict: /);
    for (const section of ['## Must-rule failures', '## Evidence gaps']) expect(md).toContain(section);
    if (result.groups.some((g) => g.stages)) expect(md).toContain('| Stage |');
    const must = windowedKpis(result).filter((k) => k.must);
    expect(mermaid(parse(md)).length).toBe(must.filter((k) => k.metric.windows.some((w) => w.value !== null)).length);
    expect(md).not.toContain('## All clauses');
    expect(md).not.toContain('SHA-256');
  });

  it.each([
    ['reablement-lambeth', 'compliant'],
    ['reablement-lambeth', 'failing'],
    ['example-homecare', ''],
  ])('%s %s: under the limit', async (bundle, variant) => {
    const out = await check(`specs/${bundle}.md`, `examples/${bundle}/${variant ? `${variant}/` : ''}evidence.yaml`);
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    expect(renderMarkdown(out.value, { audience: 'board' }).length).toBeLessThanOrEqual(BOARD_MD_LIMIT);
  });

  it('thousands of failures, long evidence and long windows: cut by severity, each cut stated, under 65,536 characters', async () => {
    const result: CheckResult = copy(await failing());
    const template = result.rules.find((r) => r.severity === 'must' && r.status === 'fail')!;
    const long = 'x'.repeat(5000);
    const many = (n: number, make: (i: number) => Partial<RuleResult>) => Array.from({ length: n }, (_, i) => ({ ...copy({ ...template, results: undefined } as unknown as CheckResult) as unknown as RuleResult, ...make(i) }));
    result.rules.push(
      ...many(3000, (i) => ({ id: `must-${i}`, message: `${long}${i}`, remediation: long })),
      ...many(2000, (i) => ({ id: `gap-${i}`, status: 'not_evidenced', severity: i % 2 ? 'should' : 'must', message: long, missing: [`facts.f${i}`] })),
    );
    for (const m of result.metrics) if (m.windows.length > 0) m.windows = Array.from({ length: 120 }, (_, i) => ({ label: `w${i}`, value: i }));
    result.provider.name = long;
    const md = renderMarkdown(result, { audience: 'board' });
    expect(md.length).toBeLessThanOrEqual(BOARD_MD_LIMIT);
    expect(BOARD_MD_LIMIT).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const mustCount = result.rules.filter((r) => r.severity === 'must' && (r.status === 'fail' || r.status === 'error')).length;
    expect(md).toContain(`## Must-rule failures (${mustCount})`);
    expect(md).toMatch(/… and [\d,]+ more must-rule failures: the full report \(--audience full\) lists every one\./);
    expect(md).toMatch(/… and [\d,]+ more evidence gaps/);
    // Must failures outrank gaps: some are shown even when the gaps are all cut.
    expect(md).toContain('`ecc-01-needs-led-commissioning`');
    expect(parse(md).children[0]!.type).toBe('blockquote');
  });
});
