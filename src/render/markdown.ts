/**
 * The markdown report: an mdast tree serialised by remark-stringify with
 * remark-gfm, never string concatenation, so evidence text is escaped by the
 * serialiser and cannot break a table or inject HTML. Pure: result in, text out.
 */
import type { PhrasingContent, RootContent, Table } from 'mdast';
import type { CheckResult, RuleResult, RuleStatus, StageResult, Verdict } from '../model/types.js';
import { formatValue } from '../evaluate/messages.js';
import { formatQuantity, plural, rowsSummary } from '../text/words.js';
import { windowedKpis } from './kpis.js';
import { pieChart } from './mermaid.js';
import { STATUS_WORDS, VERDICT_WORDS } from './words.js';
import { STATUSES } from '../evaluate/check.js';
import { paymentStatementNodes } from './payments-md.js';
import { alert, code, codeBlock, heading, list, paragraph, strong, stringify, table, text, type AlertKind } from './md/nodes.js';
import { kpiNodes } from './md/trends.js';

export { clean } from './md/nodes.js';

export const VERDICT_TEXT: Record<Verdict, string> = VERDICT_WORDS;

/** GitHub alert kinds: red for a failure, amber for missing evidence, blue-grey for a pass. */
const VERDICT_ALERT: Record<Verdict, AlertKind> = { compliant: 'NOTE', not_compliant: 'CAUTION', insufficient_evidence: 'WARNING' };

export const STATUS_TEXT: Record<RuleStatus, string> = STATUS_WORDS;

/** Failing rows listed per rule in the report; the JSON output has them all. */
export const REPORT_ROW_LIMIT = 10;

// --- sections ----------------------------------------------------------------

/** The full markdown report (the board audience is chosen in md/report.ts). */
export function renderMarkdown(result: CheckResult): string {
  return stringify(buildReport(result));
}

/** The verdict as a GitHub alert, its first line in bold: what a reader (or a script) sees first. */
export function verdictAlert(result: CheckResult): RootContent {
  return alert(VERDICT_ALERT[result.verdict], strong(`Verdict: ${VERDICT_TEXT[result.verdict]}`), text(` — ${verdictSummary(result)}`));
}

/** The stage ladders and bands, as a table per group. */
export function groupNodes(result: CheckResult): RootContent[] {
  if (result.groups.length === 0) return [];
  const nodes: RootContent[] = [heading(2, 'Graded outcomes')];
  for (const g of result.groups) {
    nodes.push(paragraph(strong(`${g.title}:`), text(` ${g.outcome}`)));
    if (g.stages) {
      nodes.push(
        table(
          ['Stage', 'Result', 'Why'],
          g.stages.map((s) => [[text(s.name)], [strong(stageText(s))], [text(s.because.length === 0 ? 'every rule passed' : s.because.map((m) => `${m.id} (${m.status.replace('_', ' ')})`).join(', '))]]),
        ),
      );
    }
  }
  return nodes;
}

/** Gaps, must rules first: a board that cuts the list keeps the ones that decide the verdict. */
export function gapRules(result: CheckResult): RuleResult[] {
  return sortRules(result.rules.filter((r) => r.status === 'not_evidenced')).sort((a, b) => severityRank(a) - severityRank(b));
}

export function gapsTable(gaps: readonly RuleResult[], result: CheckResult): Table {
  return table(
    ['Rule', 'Severity', 'Clause', 'What is missing', 'What to supply'],
    gaps.map((r) => [[code(r.id)], [text(r.severity)], [text(clauseLabel(r))], [text(r.message.replace(/^Not evidenced: /, ''))], [text(whatToSupply(r, result))]]),
  );
}

/** Statuses as a mermaid pie, with the same counts in a table beside it. */
function statusNodes(result: CheckResult): RootContent[] {
  const statuses = STATUSES.filter((s) => result.counts[s] > 0);
  const nodes: RootContent[] = [heading(2, `Rule statuses (${plural(result.rules.length, 'rule')})`)];
  if (statuses.length > 0) nodes.push(codeBlock('mermaid', pieChart('Rule statuses', statuses.map((s) => ({ label: STATUS_TEXT[s], value: result.counts[s] })))));
  nodes.push(table(['Status', 'Rules'], statuses.map((s) => [[text(STATUS_TEXT[s])], [text(String(result.counts[s]))]])));
  return nodes;
}

function buildReport(result: CheckResult): RootContent[] {
  const failing = (severity: RuleResult['severity']) => sortRules(result.rules.filter((r) => r.severity === severity && (r.status === 'fail' || r.status === 'error')));
  const mustFailures = failing('must');
  const shouldFailures = failing('should');
  const gaps = gapRules(result);
  const kpis = windowedKpis(result);
  const waivers = result.rules.filter((r) => r.waiver);
  const reconciliation = result.findings.filter((f) => f.kind === 'reconciliation');
  const otherFindings = result.findings.filter((f) => f.kind !== 'reconciliation');

  // What decides comes first: the verdict and why, the graded outcomes, then what failed and what is missing.
  const nodes: RootContent[] = [
    verdictAlert(result),
    heading(1, `Compliance report: ${result.spec.title}`),
    table(
      ['Item', 'Value'],
      [
        [[text('Specification')], [text(`${result.spec.title} `), code(`${result.spec.id}`), text(` version ${result.spec.version}`)]],
        [[text('Commissioner')], [text(result.spec.commissioner)]],
        [[text('Provider')], [text(`${result.provider.name} (region: ${result.provider.region})`)]],
        [[text('Assessment period')], [text(`${result.period.start} to ${result.period.end}`)]],
        [[text('Assessed as of')], [text(result.asOf)]],
        [[text('Verdict policy')], [text(result.verdictPolicy === 'must' ? 'every must rule passes, is waived or does not apply' : 'every rule passes, is waived or does not apply')]],
        [[text('Decided by')], [text(result.verdictReason)]],
        ...(result.gate ? result.gate.map((g): PhrasingContent[][] => [[text(`Gate: ${g.name}`)], [text(`${g.passed ? 'met' : 'NOT MET'}: ${g.description}`)]]) : []),
        [[text('Engine')], [text(`carespec ${result.engine.version}`)]],
        ...(result.generatedAt ? [[[text('Generated at')], [text(result.generatedAt)]]] : []),
      ],
    ),
  ];

  nodes.push(...groupNodes(result));

  nodes.push(heading(2, `Must-rule failures (${mustFailures.length})`));
  if (mustFailures.length === 0) nodes.push(paragraph(text('No must rule failed.')));
  for (const r of mustFailures) nodes.push(...ruleDetail(r));

  nodes.push(heading(2, `Evidence gaps (${gaps.length})`));
  if (gaps.length === 0) nodes.push(paragraph(text('Every rule had the evidence it needs.')));
  else nodes.push(gapsTable(gaps, result));

  if (kpis.length > 0) {
    nodes.push(heading(2, `KPI trends (${kpis.length})`), paragraph(text('Each windowed measure a rule reads, window by window; must-rule measures are also charted (mermaid).')));
    for (const kpi of kpis) nodes.push(...kpiNodes(kpi, { chart: kpi.must }));
  }

  nodes.push(...statusNodes(result));

  nodes.push(heading(2, `Should-rule warnings (${shouldFailures.length})`));
  if (shouldFailures.length === 0) nodes.push(paragraph(text('No should rule failed.')));
  for (const r of shouldFailures) nodes.push(...ruleDetail(r));

  if (reconciliation.length > 0) {
    nodes.push(heading(2, `Reconciliation (${reconciliation.length})`), findingsTable(reconciliation));
  }

  nodes.push(heading(2, `Waivers (${waivers.length})`));
  if (waivers.length === 0) nodes.push(paragraph(text('No waiver was considered.')));
  else
    nodes.push(
      table(
        ['Rule', 'Waiver status', 'What was waived', 'Approved by', 'Approved on', 'Expires', 'Justification'],
        waivers.map((r) => {
          const w = r.waiver!;
          const status = w.status === 'expired' ? 'EXPIRED: not applied' : w.status === 'not_yet_approved' ? 'not yet approved: not applied' : w.status === 'unused' ? 'not needed (rule met)' : 'applied';
          return [[code(r.id)], [text(status)], [text(waivedValue(r))], [text(w.approved_by)], [text(w.approved_on)], [text(w.expires)], [text(w.justification)]];
        }),
      ),
    );

  if (otherFindings.length > 0) nodes.push(heading(2, `Data findings (${otherFindings.length})`), findingsTable(otherFindings));

  if (result.warnings.length > 0) nodes.push(heading(2, `Warnings (${result.warnings.length})`), list(result.warnings.map((w) => [text(w.message)])));

  // --- payments (issue #15): the payment statement, built in payments-md.ts ---
  if (result.payments) nodes.push(...paymentStatementNodes(result.payments));

  nodes.push(
    heading(2, 'All clauses'),
    table(
      ['Clause', 'Rule', 'Severity', 'Status', 'Detail'],
      sortRules(result.rules).map((r) => [[text(clauseLabel(r))], [code(r.id), text(` ${r.title}`)], [text(r.severity)], [strong(STATUS_TEXT[r.status])], [text(r.message)]]),
    ),
    heading(2, 'Appendix: status counts and inputs'),
    table(
      ['Status', 'Rules'],
      STATUSES.map((s) => [[text(STATUS_TEXT[s])], [text(String(result.counts[s]))]]),
    ),
    table(
      ['Role', 'File', 'SHA-256'],
      result.inputs.map((i) => [[text(i.role)], [code(i.path)], [code(i.sha256)]]),
    ),
  );
  return nodes;
}

function findingsTable(findings: CheckResult['findings']): Table {
  return table(
    ['Kind', 'Severity', 'Dataset', 'Finding', 'Lines'],
    findings.map((f) => [
      [text(f.kind.replace('_', ' '))],
      [text(f.severity)],
      [text(f.dataset ?? '')],
      [text(f.count === undefined ? f.message : `${f.message} (${plural(f.count, 'row')})`)],
      [text((f.lines ?? []).slice(0, REPORT_ROW_LIMIT).join(', ') + ((f.lines?.length ?? 0) > REPORT_ROW_LIMIT ? ', …' : ''))],
    ]),
  );
}

function stageText(s: StageResult): string {
  const cumulative = s.attained ? 'attained' : 'not attained';
  const own: Record<StageResult['status'], string> = {
    met: 'met',
    met_with_waiver: 'met with waiver',
    met_not_applicable: 'met (a rule does not apply)',
    not_met: 'not met',
    not_evidenced: 'not evidenced',
    not_assessed: 'not assessed',
  };
  return s.attained ? (s.status === 'met' ? cumulative : `${cumulative}, ${own[s.status]}`) : `${cumulative}: ${own[s.status]}`;
}

/** The evidence that closes a gap, named by kind: a fact, an attestation, a dataset — not the advice for a failure. */
function whatToSupply(r: RuleResult, result: CheckResult): string {
  const items = r.missing.map((path) => {
    const [root, name] = path.split('.');
    if (root === 'facts' && name) return `the fact \`${name}\` in the evidence manifest, with its source document`;
    if (root === 'attestations' && name) return `a signed attestation \`${name}\` (statement, signer, date)`;
    if (root === 'metrics' && name) {
      const metric = result.metrics.find((m) => m.name === name);
      return metric ? `a ${metric.dataset} dataset covering the period (for ${metric.title.toLowerCase()})` : `the data for metric \`${name}\``;
    }
    if (root === 'dataset') return 'the dataset this rule checks row by row, covering the period';
    if (root === 'provider' && name) return `\`provider.${name}\` in the evidence manifest`;
    return `\`${path}\``;
  });
  return [...new Set(items)].join('; ') || r.remediation;
}

/** The value a waiver stood in for: what the rule saw, so the waiver is read against the figure it excused. */
function waivedValue(r: RuleResult): string {
  if (r.records) return rowsSummary(r.records);
  if (r.seen.length === 0) return r.missing.length > 0 ? `not evidenced: ${r.missing.join(', ')}` : '(no value read)';
  return r.seen.map((s) => `${s.path} = ${formatValue(s.value)}`).join('; ');
}

function verdictSummary(result: CheckResult): string {
  const must = result.rules.filter((r) => r.severity === 'must');
  const count = (s: RuleStatus) => must.filter((r) => r.status === s).length;
  const parts = [`${plural(must.length, 'must rule')}: ${count('pass')} passed`];
  if (count('fail')) parts.push(`${count('fail')} failed`);
  if (count('error')) parts.push(`${count('error')} could not be evaluated`);
  if (count('not_evidenced')) parts.push(`${count('not_evidenced')} not evidenced`);
  if (count('waived')) parts.push(`${count('waived')} waived`);
  if (count('not_applicable')) parts.push(`${count('not_applicable')} not applicable`);
  const should = result.rules.filter((r) => r.severity === 'should' && (r.status === 'fail' || r.status === 'error' || r.status === 'not_evidenced')).length;
  const contradictions = result.findings.filter((f) => f.kind === 'reconciliation' && f.severity !== 'info').length;
  const tail = [
    should ? plural(should, 'should-rule warning') : '',
    contradictions ? `${plural(contradictions, 'reconciliation finding')}: declared facts disagree with the data` : '',
  ].filter(Boolean);
  return `${parts.join(', ')}${tail.length ? `; ${tail.join('; ')}` : ''}.`;
}

export function ruleDetail(r: RuleResult): RootContent[] {
  const items: PhrasingContent[][] = [
    [strong('Clause:'), text(' ' + clauseLabel(r))],
    [strong('Severity:'), text(' ' + r.severity)],
    [strong('Status:'), text(' ' + STATUS_TEXT[r.status])],
    [strong('Finding:'), text(' ' + r.message)],
  ];
  for (const p of r.parameters) {
    items.push([
      strong('Expected:'),
      text(` ${p.title} = ${formatQuantity(p.value, p.unit)} (region ${p.region}, in force from ${p.from}${p.announced ? `, announced ${p.announced}` : ''}${p.overridden ? ', set by the specification' : ''}${p.source ? `; source: ${p.source}` : ''})`),
    ]);
  }
  for (const s of r.seen) {
    items.push([strong('Seen:'), text(' '), code(s.path), text(` = ${formatValue(s.value)}${s.source ? ` (from ${s.source})` : ''}`)]);
  }
  if (r.windows) {
    items.push([strong('Windows:'), text(' ' + r.windows.map((w) => `${w.label} ${w.status.replace('_', ' ')} (${Object.entries(w.values).map(([k, v]) => `${k} ${v === null ? 'no data' : formatValue(v)}`).join(', ')})`).join('; '))]);
  }
  if (r.records) {
    const { failed, failures } = r.records;
    items.push([strong('Rows:'), text(' ' + rowsSummary(r.records))]);
    for (const f of failures.slice(0, REPORT_ROW_LIMIT)) {
      items.push([text('Row '), code(`${f.file}:${f.line}`), text(` ${Object.entries(f.values).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`)]);
    }
    if (failed > REPORT_ROW_LIMIT) items.push([text(`… and ${plural(failed - REPORT_ROW_LIMIT, 'more row')} (every failing line is listed in the JSON output)`)]);
  }
  if (r.error) items.push([strong('Error:'), text(' ' + r.error)]);
  items.push([strong('Remediation:'), text(' ' + r.remediation)]);
  return [heading(3, `${r.id}: ${r.title}`), list(items)];
}

export function clauseLabel(r: RuleResult): string {
  if (r.clause) return `${r.clause.id} ${r.clause.title}`;
  return r.sourceClause ?? '(no clause)';
}

/** Clause order (numbered clauses compared number by number), then must before should, then id. */
export function sortRules(rules: readonly RuleResult[]): RuleResult[] {
  return [...rules].sort((a, b) => compareClause(a.clause?.id, b.clause?.id) || severityRank(a) - severityRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
export const severityRank = (r: RuleResult) => (r.severity === 'must' ? 0 : 1);

function compareClause(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
