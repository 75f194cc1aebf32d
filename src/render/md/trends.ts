/**
 * KPI trends in the markdown report: per windowed KPI, a table of its value in each window (with the
 * window's status under the rule that tests it, and the threshold), and for a must-KPI a mermaid
 * `xychart-beta` drawn by GitHub and GitLab. The table is always there: it is the record, the chart
 * is a picture of it.
 */
import type { PhrasingContent, RootContent } from 'mdast';
import type { WindowOutcome } from '../../model/types.js';
import type { Kpi } from '../kpis.js';
import { xyChart } from '../mermaid.js';
import { formatNumber } from '../words.js';
import { formatQuantity } from '../../text/words.js';
import { code, codeBlock, heading, paragraph, table, text } from './nodes.js';

const STATUS: Record<WindowOutcome['status'], string> = { pass: 'pass', fail: 'FAIL', not_evidenced: 'not evidenced' };

export function kpiNodes(kpi: Kpi, options: { chart: boolean }): RootContent[] {
  const { metric, rule, threshold, statusOf } = kpi;
  const unit = metric.unit === 'percent' ? '%' : metric.unit;
  const windowWord = metric.window === 'quarter' ? 'Quarter' : 'Month';
  const tested = statusOf.size > 0;
  const header = [windowWord, `Value${unit ? ` (${unit})` : ''}`, ...(threshold ? ['Threshold'] : []), ...(tested ? ['Status'] : [])];
  const rows = metric.windows.map((w): PhrasingContent[][] => [
    [text(w.label)],
    [text(w.value === null ? 'no data' : formatNumber(w.value))],
    ...(threshold ? [[text(formatNumber(threshold.value))]] : []),
    ...(tested ? [[text(statusOf.has(w.label) ? STATUS[statusOf.get(w.label)!] : 'not tested')]] : []),
  ]);
  const known = metric.windows.filter((w): w is { label: string; value: number } => w.value !== null);
  const nodes: RootContent[] = [heading(3, metric.title)];
  nodes.push(
    paragraph(
      text(tested ? 'Tested window by window by ' : 'Read by '),
      code(rule.id),
      text(` (${rule.severity}, ${rule.status.replace('_', ' ')})`),
      text(threshold ? ` against ${threshold.title} = ${formatQuantity(threshold.value, threshold.unit)} (in force from ${threshold.from}).` : '; no single threshold in the metric\'s unit.'),
      text(` Source: ${metric.source}.`),
    ),
  );
  if (options.chart && known.length > 0) {
    const chart = xyChart({
      title: metric.title,
      labels: known.map((w) => w.label),
      values: known.map((w) => w.value),
      ...(threshold ? { threshold: threshold.value } : {}),
      ...(unit ? { unit } : {}),
      percent: metric.unit === 'percent',
    });
    nodes.push(codeBlock('mermaid', chart));
    const gaps = metric.windows.length - known.length;
    nodes.push(
      paragraph(text(`Chart: the value line${threshold ? ' and a flat threshold line' : ''}${gaps > 0 ? `; ${gaps} window(s) with no data are left out` : ''}. The table gives every value.`)),
    );
  }
  nodes.push(table(header, rows));
  return nodes;
}
