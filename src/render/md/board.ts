/**
 * The board markdown report (`--audience board`): verdict, stage ladders, must failures, evidence
 * gaps and the trend charts of must-KPIs, short enough to paste as one GitHub comment (65,536
 * characters). Each list is cut to a few items, each text to a few hundred characters, and if the
 * whole is still too long, items go by severity, least first (charts, then should gaps, then must
 * gaps, then must failures), each cut stated with an "… N more" line.
 */
import type { PhrasingContent, RootContent } from 'mdast';
import type { CheckResult, RuleResult } from '../../model/types.js';
import { formatQuantity, plural } from '../../text/words.js';
import { windowedKpis } from '../kpis.js';
import { clauseLabel, gapRules, gapsTable, groupNodes, sortRules, verdictAlert } from '../markdown.js';
import { code, heading, paragraph, stringify, table, text } from './nodes.js';
import { kpiNodes } from './trends.js';

/** GitHub's limit on a comment or a pull request body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What the board report stays under: room for a line a bot puts around it. */
export const BOARD_MD_LIMIT = 60_000;
/** At most this many of each, before the length budget. */
export const BOARD_MD_ITEMS = { mustFailures: 20, gaps: 20, charts: 6 } as const;
/** Longest text kept in one cell or line of the board report (evidence can be any length). */
const TEXT_LIMIT = 300;

interface Counts {
  mustFailures: number;
  gaps: number;
  charts: number;
}

export function boardReport(result: CheckResult): string {
  const must = sortRules(result.rules.filter((r) => r.severity === 'must' && (r.status === 'fail' || r.status === 'error')));
  const gaps = gapRules(result);
  const charts = windowedKpis(result).filter((k) => k.must);
  const counts: Counts = {
    mustFailures: Math.min(must.length, BOARD_MD_ITEMS.mustFailures),
    gaps: Math.min(gaps.length, BOARD_MD_ITEMS.gaps),
    charts: Math.min(charts.length, BOARD_MD_ITEMS.charts),
  };
  let ladders = true;
  for (;;) {
    const report = stringify(clip(build(result, { must, gaps, charts }, counts, ladders)), { compact: true });
    if (report.length <= BOARD_MD_LIMIT) return report;
    // Least severe first: charts, then gaps (should gaps are listed last, so go first), then must failures.
    if (counts.charts > 0) counts.charts--;
    else if (counts.gaps > 0) counts.gaps--;
    else if (counts.mustFailures > 0) counts.mustFailures--;
    else if (ladders) ladders = false;
    else return report; // verdict and header alone, each text clipped: far under the limit
  }
}

function build(result: CheckResult, all: { must: RuleResult[]; gaps: RuleResult[]; charts: ReturnType<typeof windowedKpis> }, n: Counts, ladders: boolean): RootContent[] {
  const more = (left: number, what: string) => (left > 0 ? [paragraph(text(`… and ${plural(left, `more ${what}`)}: the full report (--audience full) lists every one.`))] : []);
  const nodes: RootContent[] = [
    verdictAlert(result),
    heading(1, `Board summary: ${result.spec.title}`),
    table(
      ['Item', 'Value'],
      [
        [[text('Provider')], [text(`${result.provider.name} (region: ${result.provider.region})`)]],
        [[text('Assessment period')], [text(`${result.period.start} to ${result.period.end}`)]],
        [[text('Specification')], [code(result.spec.id), text(` version ${result.spec.version}, ${result.spec.commissioner}`)]],
        [[text('Decided by')], [text(result.verdictReason)]],
      ],
    ),
  ];
  if (ladders) nodes.push(...groupNodes(result));
  else if (result.groups.length > 0) nodes.push(paragraph(text(`${plural(result.groups.length, 'graded outcome')}: see the full report.`)));

  nodes.push(heading(2, `Must-rule failures (${all.must.length})`));
  if (all.must.length === 0) nodes.push(paragraph(text('No must rule failed.')));
  else {
    if (n.mustFailures > 0) nodes.push(mustTable(all.must.slice(0, n.mustFailures)));
    nodes.push(...more(all.must.length - n.mustFailures, 'must-rule failure'));
  }

  nodes.push(heading(2, `Evidence gaps (${all.gaps.length})`));
  if (all.gaps.length === 0) nodes.push(paragraph(text('Every rule had the evidence it needs.')));
  else {
    if (n.gaps > 0) nodes.push(gapsTable(all.gaps.slice(0, n.gaps), result));
    nodes.push(...more(all.gaps.length - n.gaps, 'evidence gap'));
  }

  if (all.charts.length > 0) {
    nodes.push(heading(2, `Must-KPI trends (${all.charts.length})`));
    for (const kpi of all.charts.slice(0, n.charts)) nodes.push(...kpiNodes(kpi, { chart: true }));
    nodes.push(...more(all.charts.length - n.charts, 'must-KPI trend'));
  }
  nodes.push(paragraph(text('Board summary: the full report (--audience full) has every rule, its evidence, the waivers and the input hashes.')));
  return nodes;
}

function mustTable(rules: readonly RuleResult[]) {
  return table(
    ['Rule', 'Clause', 'Finding', 'Expected', 'Remediation'],
    rules.map((r): PhrasingContent[][] => [
      [code(r.id), text(` ${r.title}`)],
      [text(clauseLabel(r))],
      [text(r.message)],
      [text(r.parameters.map((p) => `${p.title} = ${formatQuantity(p.value, p.unit)}`).join('; ') || '—')],
      [text(r.remediation)],
    ]),
  );
}

/** Every text and inline code cut to TEXT_LIMIT characters (code points), marked with an ellipsis. */
function clip(nodes: RootContent[]): RootContent[] {
  const walk = (node: { type: string; value?: unknown; children?: unknown }) => {
    if ((node.type === 'text' || node.type === 'inlineCode') && typeof node.value === 'string') {
      const points = [...node.value];
      if (points.length > TEXT_LIMIT) node.value = `${points.slice(0, TEXT_LIMIT - 1).join('')}…`;
    }
    if (Array.isArray(node.children)) for (const child of node.children as { type: string }[]) walk(child);
  };
  for (const node of nodes) walk(node);
  return nodes;
}
