/**
 * The HTML report's structure, read back with a real HTML parser: landmarks and one h1, the
 * verdict and the stage ladder in words, every chart with a title, a description and a data
 * table, a threshold line where the rule has one, one <details> per rule, the board/full split,
 * nothing that loads or runs anything, and the same bytes for the same result.
 */
import { describe, expect, it } from 'vitest';
import { serializeOuter } from 'parse5';
import type { CheckResult } from '../../src/model/types.js';
import { BOARD_LIMITS, renderHtml } from '../../src/render/html/index.js';
import { escapeHtml, html } from '../../src/render/html/escape.js';
import { attr, elements, textOf, type Element } from './html-dom.js';
import { bundleResult, copy } from './bundles.js';

const byTag = (els: Element[], tag: string) => els.filter((e) => e.tagName === tag);
const headings = (els: Element[], tag: string) => byTag(els, tag).map((h) => textOf(h).trim());

describe('HTML report', () => {
  it('full: landmarks, one h1, verdict in words, every section, one <details> per rule, the input hashes', async () => {
    const result = await bundleResult('ethical-care-homecare-bnes', 'failing');
    const els = elements(renderHtml(result, { audience: 'full' }));
    for (const landmark of ['header', 'main', 'footer']) expect(byTag(els, landmark), landmark).toHaveLength(1);
    expect(byTag(els, 'h1')).toHaveLength(1);
    expect(attr(byTag(els, 'html')[0]!, 'lang')).toBe('en-GB');
    const h2 = headings(els, 'h2');
    expect(h2.slice(0, 5)).toEqual(['Verdict', 'Status summary', 'Must-rules failing (12)', 'Evidence gaps (1)', 'KPI trends by window']);
    expect(h2).toContain('Detail by clause');
    expect(h2[h2.length - 1]).toBe('Appendix: inputs');
    expect(textOf(els.find((e) => attr(e, 'class')?.startsWith('verdict '))!)).toContain('Not compliant');
    // The stage ladder: each rung says its status in words, not only in colour.
    const rungs = els.filter((e) => e.tagName === 'li' && e.parentNode && (e.parentNode as Element).tagName === 'ol');
    expect(rungs.map((r) => textOf(r)).every((t) => /Stage \d.*(not met|met)/.test(t))).toBe(true);
    expect(byTag(els, 'details')).toHaveLength(result.rules.length);
    const hashes = textOf(els.find((e) => attr(e, 'id') === 'inputs')!);
    for (const input of result.inputs) expect(hashes).toContain(input.sha256);
  });

  it('charts: an SVG with <title>, <desc> and aria-labelledby, a data table with headers beside it, a threshold where the rule has one', async () => {
    const result = await bundleResult('reablement-wnc', 'failing');
    const els = elements(renderHtml(result, { audience: 'full' }));
    const figures = byTag(els, 'figure');
    const windowed = result.metrics.filter((m) => m.window !== 'period' && m.windows.length > 0);
    expect(figures).toHaveLength(windowed.length);
    expect(figures.length).toBeGreaterThan(0);
    const ids = new Set(els.map((e) => attr(e, 'id')).filter(Boolean));
    for (const figure of figures) {
      const inner = elements(`<body>${serialize(figure)}</body>`);
      const svg = byTag(inner, 'svg')[0]!;
      expect(attr(svg, 'role')).toBe('img');
      for (const id of attr(svg, 'aria-labelledby')!.split(' ')) expect(ids.has(id), id).toBe(true);
      expect(textOf(byTag(inner, 'title')[0]!).length).toBeGreaterThan(0);
      expect(textOf(byTag(inner, 'desc')[0]!)).toMatch(/^Line chart of .+ by (month|quarter), \d+ windows/);
      const table = byTag(inner, 'table')[0]!;
      expect(byTag(elements(`<table>${serialize(table)}</table>`), 'th').filter((th) => attr(th, 'scope') === 'col').length).toBeGreaterThanOrEqual(2);
    }
    const ecm = figures.find((f) => serialize(f).includes('verified electronically'));
    expect(ecm && serialize(ecm)).toContain('threshold 85%');
    // ids are unique.
    const all = els.map((e) => attr(e, 'id')).filter(Boolean);
    expect(new Set(all).size).toBe(all.length);
  });

  it('board: verdict, ladder, must failures (at most the board limit), gaps and key charts only', async () => {
    const result = await bundleResult('ethical-care-homecare-bnes', 'failing');
    const els = elements(renderHtml(result, { audience: 'board' }));
    expect(headings(els, 'h2')).toEqual(['Verdict', 'Must-rules failing (12)', 'Evidence gaps (1)', 'Key KPI trends']);
    expect(byTag(els, 'article')).toHaveLength(BOARD_LIMITS.mustFailures);
    expect(byTag(els, 'figure').length).toBeLessThanOrEqual(BOARD_LIMITS.charts);
    expect(byTag(els, 'details')).toHaveLength(0);
    expect(textOf(byTag(els, 'main')[0]!)).toContain('and 8 more must-rules failing');
  });

  it('loads and runs nothing: no script, no event handler, no external URL, a CSP that forbids requests', async () => {
    for (const audience of ['board', 'full'] as const) {
      const els = elements(renderHtml(await bundleResult('reablement-wnc', 'failing'), { audience }));
      expect(byTag(els, 'script')).toHaveLength(0);
      expect(els.flatMap((e) => e.attrs).filter((a) => a.name.startsWith('on'))).toEqual([]);
      const urls = els.flatMap((e) => e.attrs.filter((a) => ['href', 'src', 'action', 'xlink:href'].includes(a.name)).map((a) => a.value));
      expect(urls.every((u) => u.startsWith('#'))).toBe(true);
      const csp = els.find((e) => attr(e, 'http-equiv') === 'Content-Security-Policy');
      expect(attr(csp!, 'content')).toContain("default-src 'none'");
    }
  });

  it('compliant evidence: no failures, no gaps, the same bytes for the same result', async () => {
    const result = await bundleResult('outcome-homecare-bfc', 'compliant');
    const page = renderHtml(result, { audience: 'full' });
    expect(page).toBe(renderHtml(copy(result), { audience: 'full' }));
    const els = elements(page);
    expect(textOf(els.find((e) => attr(e, 'class')?.startsWith('verdict '))!)).toContain('Compliant');
    expect(headings(els, 'h2')).toContain('Must-rules failing (0)');
  });

  it('escapeHtml: markup characters become entities; control characters and lone surrogates U+FFFD', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u0007c\ud800d\tx\ny😀')).toBe('a\ufffdb\ufffdc\ufffdd\tx\ny😀');
    expect(html`<p title="${'"><script>'}">${'<b>'}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</p>');
  });

  it('a window without a value breaks the line and reads "no data" in the table', async () => {
    const result: CheckResult = copy(await bundleResult('reablement-wnc', 'failing'));
    const metric = result.metrics.find((m) => m.window !== 'period' && m.windows.length > 2)!;
    metric.windows[1]!.value = null;
    const page = renderHtml(result, { audience: 'full' });
    const figure = elements(page).filter((e) => e.tagName === 'figure').find((f) => textOf(f).includes(metric.title))!;
    const path = attr(elements(`<svg>${serialize(figure)}</svg>`).find((e) => e.tagName === 'path')!, 'd')!;
    expect(path.match(/M/g)!.length).toBeGreaterThanOrEqual(2);
    expect(serialize(figure)).toContain('no data');
  });
});

function serialize(el: Element): string {
  return serializeOuter(el);
}
