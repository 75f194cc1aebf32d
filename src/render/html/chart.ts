/**
 * A KPI trend: an inline SVG line chart drawn when the report is built (no script), with its
 * numbers in a table beside it. The chart has a <title> and <desc>; the table carries the same
 * values with each window's status in words, so nothing depends on colour or on seeing the chart.
 */
import type { MetricResult, ResolvedParameter, RuleResult, WindowOutcome } from '../../model/types.js';
import { formatNumber } from '../words.js';
import { html, join, type Html } from './escape.js';

export interface Trend {
  metric: MetricResult;
  /** The rule that tests this metric window by window, if any. */
  rule?: RuleResult;
  threshold?: ResolvedParameter & { value: number };
}

/** The rule that tests a metric in every window, and the numeric parameter it compares against. */
export function trendOf(metric: MetricResult, rules: readonly RuleResult[]): Trend {
  const rule = rules.find((r) => r.windows?.some((w) => metric.name in w.values));
  const numeric = (rule?.parameters ?? []).filter((p): p is ResolvedParameter & { value: number } => typeof p.value === 'number');
  // A rule with several numeric parameters: prefer the one in the metric's unit.
  const threshold = numeric.find((p) => metric.unit !== undefined && p.unit === metric.unit) ?? numeric[0];
  return { metric, ...(rule ? { rule } : {}), ...(threshold ? { threshold } : {}) };
}

const W = 480;
const H = 210;
const M = { left: 46, right: 14, top: 14, bottom: 40 };
const f1 = (n: number) => n.toFixed(1);

/** A round upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value)!;
  return step * power;
}

export function trendFigure(trend: Trend, id: string): Html {
  const { metric, rule, threshold } = trend;
  const values = metric.windows.map((w) => w.value);
  const known = values.filter((v): v is number => v !== null);
  const top = metric.unit === 'percent' && Math.max(...known, threshold?.value ?? 0) <= 100 ? 100 : niceMax(Math.max(...known, threshold?.value ?? 0, 0) * 1.1);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const n = metric.windows.length;
  const x = (i: number) => M.left + (n === 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => M.top + plotH - (plotH * Math.max(0, Math.min(v, top))) / top;
  const statusOf = new Map((rule?.windows ?? []).map((w): [string, WindowOutcome['status']] => [w.label, w.status]));

  // The line breaks where a window has no value, rather than drawing through a gap.
  const path = values
    .map((v, i) => (v === null ? '' : `${i > 0 && values[i - 1] !== null ? 'L' : 'M'}${f1(x(i))} ${f1(y(v))}`))
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * top);
  const every = Math.max(1, Math.ceil(n / 8));
  const unit = metric.unit === 'percent' ? '%' : metric.unit ? ` ${metric.unit}` : '';
  const range = known.length > 0 ? `values from ${formatNumber(Math.min(...known))}${unit} to ${formatNumber(Math.max(...known))}${unit}` : 'no values';
  const failing = [...statusOf.values()].filter((s) => s === 'fail').length;
  const description =
    `Line chart of ${metric.title} by ${metric.window}, ${n} windows from ${metric.windows[0]?.label ?? ''} to ${metric.windows[n - 1]?.label ?? ''}; ${range}` +
    (threshold ? `; threshold ${formatNumber(threshold.value)}${unit} (${threshold.title})` : '') +
    (rule ? `; ${failing} of ${statusOf.size} windows fail rule ${rule.id}` : '') +
    '. The table beside the chart gives every value.';

  const svg = html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg" focusable="false">
<title id="${id}-t">${metric.title}</title>
<desc id="${id}-d">${description}</desc>
<g font-size="11" fill="#1b1b1b">
${join(ticks.map((t) => html`<line x1="${M.left}" x2="${W - M.right}" y1="${f1(y(t))}" y2="${f1(y(t))}" stroke="#d9d9d9"/><text x="${M.left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${formatNumber(t)}</text>`), '\n')}
${join(metric.windows.map((w, i) => (i % every === 0 || i === n - 1 ? html`<text x="${f1(x(i))}" y="${H - M.bottom + 16}" text-anchor="${n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle'}">${w.label}</text>` : '')), '\n')}
</g>
${threshold ? html`<line x1="${M.left}" x2="${W - M.right}" y1="${f1(y(threshold.value))}" y2="${f1(y(threshold.value))}" stroke="#b3261e" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${W - M.right}" y="${f1(y(threshold.value) - 5)}" text-anchor="end" font-size="11" fill="#b3261e">threshold ${formatNumber(threshold.value)}${unit}</text>` : ''}
<path d="${path}" fill="none" stroke="#1f4e8c" stroke-width="2"/>
${join(
  values.map((v, i) => {
    if (v === null) return '';
    const status = statusOf.get(metric.windows[i]!.label);
    // Failing windows are squares, others circles: shape as well as colour.
    return status === 'fail'
      ? html`<rect x="${f1(x(i) - 4)}" y="${f1(y(v) - 4)}" width="8" height="8" fill="#b3261e"/>`
      : html`<circle cx="${f1(x(i))}" cy="${f1(y(v))}" r="4" fill="${status === 'pass' ? '#1a6b2f' : '#1f4e8c'}"/>`;
  }),
  '\n',
)}
<text x="${M.left}" y="${H - 6}" font-size="11" fill="#545454">${metric.unit ? `unit: ${metric.unit}` : ''}${statusOf.size > 0 ? ' · squares: failing windows' : ''}</text>
</svg>`;

  const table = html`<table>
<caption>${metric.title}: values by ${metric.window}</caption>
<thead><tr><th scope="col">${metric.window === 'quarter' ? 'Quarter' : 'Month'}</th><th scope="col" class="num">Value${unit ? ` (${unit.trim()})` : ''}</th>${rule ? html`<th scope="col">Status</th>` : ''}</tr></thead>
<tbody>
${join(
  metric.windows.map(
    (w) =>
      html`<tr><th scope="row">${w.label}</th><td class="num">${w.value === null ? 'no data' : formatNumber(w.value)}</td>${rule ? html`<td>${statusWord(statusOf.get(w.label))}</td>` : ''}</tr>`,
  ),
  '\n',
)}
</tbody>
</table>`;

  return html`<figure class="chart" aria-labelledby="${id}-h">
<h3 id="${id}-h">${metric.title}</h3>
<div>${svg}</div>
<div>${table}</div>
<p class="note">${rule ? html`Tested by <code>${rule.id}</code>${threshold ? html` against ${threshold.title} = ${formatNumber(threshold.value)}${unit} (from ${threshold.from})` : ''}.` : 'Not tested by a rule window by window.'} Source: ${metric.source}.</p>
</figure>`;
}

function statusWord(status: WindowOutcome['status'] | undefined): string {
  return status === undefined ? 'not tested' : status === 'not_evidenced' ? 'not evidenced' : status;
}
