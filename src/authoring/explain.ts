/**
 * `carespec explain`: the full reasoning for one rule against one evidence
 * manifest. The status and message come from the same runCheck() that
 * `check` uses; the step-by-step values come from the JSON Logic explainer
 * (src/logic/explain.ts) run on the same context with the same operations.
 */
import type { RootContent } from 'mdast';
import { explain, type TraceNode } from '../logic/index.js';
import type { CheckResult, Evidence, JsonObject, RuleResult } from '../model/types.js';
import { buildContext, NO_DATA, type DataEvidence } from '../evaluate/context.js';
import { formatValue } from '../evaluate/messages.js';
import { createOperations, createRuntime, withRuntime } from '../runtime/operations.js';
import { STATUS_TEXT } from '../render/markdown.js';
import type { Plan, PlannedRule } from '../validate/assemble.js';
import { code, emphasis, heading, list, paragraph, strong, stringify, table, text, type Item } from './md.js';

export interface Explanation {
  result: RuleResult;
  verdict: CheckResult['verdict'];
  asOf: string;
  region: string;
  appliesWhen?: Trace;
  test?: Trace;
  /** Per-record rules: the row the test was traced on (the first failing row), if any. */
  row?: { file: string; line: number; values: JsonObject };
  origin: { file: string; line: number } | null;
}

export type Trace = { ok: true; node: TraceNode } | { ok: false; error: string };

function trace(plan: Plan, logic: unknown, data: unknown): Trace {
  try {
    return { ok: true, node: explain(logic, data, { operations: createOperations(plan.parameters, 'from-data') }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `data` must be what the check itself read, so the trace sees the same metrics as the status did. */
export function explainRule(plan: Plan, evidence: Evidence, result: CheckResult, planned: PlannedRule, data: DataEvidence = NO_DATA): Explanation {
  const ruleResult = result.rules.find((r) => r.id === planned.rule.id)!;
  const built = buildContext(evidence, data, plan.facts);
  // The trace resolves parameters as the check did: for this provider's region, at the check's reference date.
  const context = { ...built, data: withRuntime(built.data, createRuntime(evidence.provider.region, result.asOf)) };
  const { rule } = planned;
  const explanation: Explanation = {
    result: ruleResult,
    verdict: result.verdict,
    asOf: result.asOf,
    region: evidence.provider.region,
    origin: rule.position ? { file: rule.position.file, line: rule.position.line } : null,
  };
  if (rule.applies_when !== undefined) explanation.appliesWhen = trace(plan, rule.applies_when, context.data);
  if (rule.per_record) {
    const failure = ruleResult.records?.failures[0];
    if (failure) {
      const values = failure.values as JsonObject;
      explanation.row = { file: failure.file, line: failure.line, values };
      explanation.test = trace(plan, rule.test, { ...context.data, row: values });
    }
  } else {
    explanation.test = trace(plan, rule.test, context.data);
  }
  return explanation;
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

const show = (value: unknown): string => (value === undefined ? 'not evaluated' : JSON.stringify(value) ?? String(value));

function traceItems(node: TraceNode, sourceOf: (path: string) => string | undefined): Item {
  if (node.skipped) return [code(node.op === 'literal' ? 'literal' : node.op), text(' — '), emphasis('not evaluated')];
  if (node.op === 'literal') return [code(show(node.value))];
  if (node.op === 'var') {
    const source = node.path ? sourceOf(node.path) : undefined;
    return [code(`var ${node.path ?? ''}`), text(` = `), strong(show(node.value)), ...(source ? [text(` (from ${source})`)] : [])];
  }
  const children = node.args.map((arg) => traceItems(arg, sourceOf));
  const label = [code(node.op === 'array' ? 'list' : node.op), text(' → '), strong(show(node.value))];
  return children.length > 0 ? { children: label, nested: list(children) } : label;
}

function traceSection(title: string, t: Trace, sourceOf: (path: string) => string | undefined): RootContent[] {
  if (!t.ok) return [heading(2, text(title)), paragraph(strong('Could not be evaluated:'), text(' ' + t.error))];
  return [heading(2, text(title)), list([traceItems(t.node, sourceOf)])];
}

export function renderExplanation(e: Explanation): string {
  const r = e.result;
  const seenSource = new Map(r.seen.map((s) => [s.path, s.source] as const));
  const sourceOf = (path: string) => seenSource.get(path);
  const nodes: RootContent[] = [
    heading(1, text(`Explanation: ${r.id}`)),
    paragraph(strong(`Status: ${STATUS_TEXT[r.status]}`), text(` — ${r.message}`)),
    table(
      ['Item', 'Value'],
      [
        [[text('Rule')], [code(r.id), text(` ${r.title}`)]],
        [[text('Severity')], [text(r.severity)]],
        [[text('Clause')], [text(r.clause ? `${r.clause.id} ${r.clause.title}` : r.sourceClause ?? '(no clause)')]],
        ...(r.sourceClause && r.clause ? [[[text('Source clause')], [text(r.sourceClause)]]] : []),
        [[text('Defined in')], [text(e.origin ? `${e.origin.file}:${e.origin.line} (${r.origin})` : r.origin)]],
        [[text('Provider region')], [text(e.region)]],
        [[text('Assessed as of')], [text(e.asOf)]],
        [[text('Overall verdict')], [text(e.verdict.replace('_', ' '))]],
      ],
    ),
  ];
  if (e.appliesWhen) nodes.push(...traceSection('Applies when', e.appliesWhen, sourceOf));
  if (e.row) nodes.push(heading(2, text('Row traced')), paragraph(text('The first failing row, '), code(`${e.row.file}:${e.row.line}`), text(`: ${Object.entries(e.row.values).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`)));
  if (e.test) nodes.push(...traceSection('Test', e.test, sourceOf));
  else if (r.records) nodes.push(heading(2, text('Test')), paragraph(text(`Per-record rule: ${r.records.failed} of ${r.records.checked} rows failed (tolerance ${(r.records.tolerance * 100).toFixed(2)} %).`)));
  else if (!e.test && r.status === 'not_evidenced') nodes.push(heading(2, text('Test')), paragraph(text('Per-record rule: no dataset in the evidence provides its rows.')));

  nodes.push(heading(2, text('Parameters resolved')));
  if (r.parameters.length === 0) nodes.push(paragraph(text('None.')));
  else
    nodes.push(
      table(
        ['Parameter', 'Value', 'Region series', 'In force from', 'As of', 'Announced', 'Source', 'Set by'],
        r.parameters.map((p) => [
          [code(p.name), text(` ${p.title}`)],
          [text(`${formatValue(p.value)}${p.unit ? ` ${p.unit}` : ''}`)],
          [text(p.region)],
          [text(p.from)],
          [text(p.asOf)],
          [text(p.announced ?? '')],
          [text(p.source ?? '')],
          [text(p.overridden ? 'specification' : 'library')],
        ]),
      ),
    );

  nodes.push(heading(2, text('Evidence read')));
  if (r.seen.length === 0 && r.missing.length === 0) nodes.push(paragraph(text('None.')));
  if (r.seen.length > 0) nodes.push(table(['Path', 'Value', 'Source'], r.seen.map((s) => [[code(s.path)], [text(formatValue(s.value))], [text(s.source ?? '')]])));
  if (r.missing.length > 0) nodes.push(paragraph(strong('Missing:'), text(' '), ...r.missing.flatMap((m, i) => [...(i > 0 ? [text(', ')] : []), code(m)])));

  nodes.push(heading(2, text('Waiver')));
  if (!r.waiver) nodes.push(paragraph(text('No waiver for this rule in the evidence.')));
  else {
    const w = r.waiver;
    const effect =
      w.status === 'applied' ? 'applied: the rule is waived' : w.status === 'expired' ? `expired on ${w.expires}: not applied` : w.status === 'not_yet_approved' ? `approved only from ${w.approved_on}: not applied` : 'not needed: the rule is met';
    nodes.push(list([[strong('Effect:'), text(' ' + effect)], [strong('Approved by:'), text(' ' + `${w.approved_by} on ${w.approved_on}, expires ${w.expires}`)], [strong('Justification:'), text(' ' + w.justification)]]));
  }

  nodes.push(heading(2, text('Status')), paragraph(strong(STATUS_TEXT[r.status]), text(`: ${statusReason(r, e)}`)));
  if (r.error) nodes.push(paragraph(strong('Error:'), text(' ' + r.error)));
  if (r.status !== 'pass' && r.status !== 'not_applicable') nodes.push(paragraph(strong('Remediation:'), text(' ' + r.remediation)));
  return stringify(nodes);
}

function statusReason(r: RuleResult, e: Explanation): string {
  switch (r.status) {
    case 'pass':
      return r.records ? 'the share of failing rows is within the tolerance' : 'the test is true';
    case 'fail':
      return r.records ? 'more rows failed than the tolerance allows' : 'the test is false';
    case 'not_evidenced':
      return `a value the rule needs is absent (${r.missing.join(', ') || 'its dataset'}), so it is neither passed nor failed`;
    case 'not_applicable':
      return e.appliesWhen ? 'its applies_when condition is false' : 'it does not apply';
    case 'waived':
      return 'it would not pass, and a waiver was in force on the reference date';
    case 'error':
      return 'the rule could not be evaluated';
  }
}
