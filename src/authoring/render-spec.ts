/**
 * `carespec render`: the specification as a human-readable document for a
 * tender pack. Clause text comes from the markdown; every rule is stated in
 * plain words generated from its JSON Logic, with its severity, the parameter
 * values in force over the contract period and their effective dates, so the
 * document cannot drift from what `check` tests. Built as an mdast tree.
 */
import type { PhrasingContent, RootContent } from 'mdast';
import type { Clause, Group, ParameterValue } from '../model/types.js';
import { formatValue } from '../evaluate/messages.js';
import type { ParameterEntry } from '../runtime/parameters.js';
import type { Plan, PlannedRule } from '../validate/assemble.js';
import { parametersReadBy } from './lint/index.js';
import { code, emphasis, heading, list, paragraph, strong, stringify, table, text, type Item } from './md.js';
import { say, sentence, type Vocabulary } from './plain.js';

const SEVERITY_WORDS = {
  must: 'Must — mandatory: a failure makes the provider not compliant',
  should: 'Should — expected: a failure is reported as a warning',
} as const;

/** The values of a series in force at some time during [start, end]: the one in force at the start, then each change. */
export function valuesDuring(series: readonly ParameterValue[], start: string, end: string): ParameterValue[] {
  const inForceAtStart = [...series].reverse().find((v) => v.from <= start);
  const later = series.filter((v) => v.from > start && v.from <= end);
  return [...(inForceAtStart ? [inForceAtStart] : []), ...later];
}

function parameterSummary(parameter: ParameterEntry, start: string, end: string): string {
  const unit = parameter.unit ? ` ${parameter.unit}` : '';
  const regions = Object.keys(parameter.values).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a < b ? -1 : 1));
  return regions
    .map((region) => {
      const values = valuesDuring(parameter.values[region] ?? [], start, end);
      const words = values.length === 0 ? 'no value in the contract period' : values.map((v) => `${formatValue(v.value)}${unit} from ${v.from}`).join(', then ');
      return `${region === 'default' ? 'everywhere' + (regions.length > 1 ? ' else' : '') : region}: ${words}`;
    })
    .join('; ');
}

function ruleStatement(planned: PlannedRule, plan: Plan): RootContent[] {
  const { rule } = planned;
  const { start, end } = plan.spec.contractPeriod;
  const vocabulary: Vocabulary = {
    facts: plan.facts,
    metrics: plan.metrics,
    parameters: plan.parameters,
    ...(rule.per_record ? (plan.datasetKinds.get(rule.per_record.dataset) ? { row: plan.datasetKinds.get(rule.per_record.dataset)! } : {}) : {}),
  };
  const items: Item[] = [[strong('Severity:'), text(` ${SEVERITY_WORDS[rule.severity]}`)]];
  if (rule.applies_when !== undefined) items.push([strong('Applies when:'), text(` ${sentence(rule.applies_when, vocabulary)}`)]);
  if (rule.per_record) {
    const dataset = plan.datasetKinds.get(rule.per_record.dataset);
    const scope = rule.per_record.where === undefined ? '' : ` where ${say(rule.per_record.where, vocabulary)}`;
    const tolerance = rule.per_record.tolerance ?? 0;
    items.push([
      strong('Checked on:'),
      text(` every record of ${dataset ? `the ${dataset.title.replace(/^[A-Z][a-z]/, (m) => m.toLowerCase())}` : `dataset ${rule.per_record.dataset}`}${scope}; ${tolerance === 0 ? 'no record may fail' : `at most ${formatValue(tolerance * 100)} % of records may fail`}`),
    ]);
  }
  items.push([strong('Requirement:'), text(` ${sentence(rule.test, vocabulary)}${rule.every_window ? ', in every month or quarter the measures are reported for' : ''}`)]);
  if (rule.requires.length > 0) items.push([strong('Also requires:'), text(' '), ...rule.requires.flatMap((p, i): PhrasingContent[] => [...(i > 0 ? [text(', ')] : []), code(p)])]);
  for (const name of parametersReadBy(rule)) {
    const parameter = plan.parameters.get(name);
    if (!parameter) continue;
    items.push([
      strong('Threshold:'),
      text(` ${parameter.title} (`),
      code(name),
      text(`): ${parameterSummary(parameter, start, end)}${parameter.overridden ? ' — set by this specification' : ''}`),
    ]);
  }
  if (rule.rationale) items.push([strong('Why:'), text(` ${rule.rationale}`)]);
  if (rule.remediation) items.push([strong('If not met:'), text(` ${rule.remediation}`)]);
  const library = plan.libraries.find((l) => l.id === rule.origin);
  const references = rule.references.map((id) => library?.references.find((r) => r.id === id)).filter((r) => r !== undefined);
  if (references.length > 0) items.push([strong('Sources:'), text(` ${references.map((r) => `${r.title}${r.locator ? `, ${r.locator}` : ''}${r.url ? ` (${r.url})` : ''}`).join('; ')}`)]);
  if (rule.clause) items.push([strong('Source clause:'), text(` ${rule.clause}`)]);
  return [paragraph(strong(`${rule.title}`), text(' '), code(rule.id)), list(items)];
}

function groupStatement(group: Group, selected: ReadonlySet<string>): Item {
  const members = (ids: readonly string[]) => ids.filter((id) => selected.has(id));
  if (group.policy === 'stages') {
    return {
      children: [strong(group.title), text(' — attained stage by stage: a stage is attained when every rule of it and of all earlier stages is met')],
      nested: list((group.stages ?? []).map((s) => [text(`${s.name}: `), ...members(s.rules).flatMap((id, i): PhrasingContent[] => [...(i > 0 ? [text(', ')] : []), code(id)])])),
    };
  }
  if (group.policy === 'bands') {
    return {
      children: [strong(group.title), text(` — scored as the share of its ${members(group.rules ?? []).length} rules met: ${(group.bands ?? []).map((b) => `${b.label} from ${b.min} %`).join(', ')}`)],
    };
  }
  return { children: [strong(group.title), text(` — met when all of its ${members(group.rules ?? []).length} rules are met`)] };
}

export function renderSpecification(plan: Plan): string {
  const { spec } = plan;
  const byId = new Map(plan.rules.map((p) => [p.rule.id, p] as const));
  const nodes: RootContent[] = [];
  const titleClause = spec.clauses[0]?.depth === 1 ? spec.clauses[0] : undefined;
  nodes.push(heading(1, text(titleClause?.title ?? spec.title)));
  nodes.push(
    paragraph(
      emphasis(`Generated by carespec render from ${spec.file} (sha256 ${spec.sha256.slice(0, 12)}…). Each requirement below is stated from the rule that checks it; regenerate rather than edit.`),
    ),
  );
  nodes.push(
    table(
      ['Item', 'Value'],
      [
        [[text('Specification')], [text(`${spec.title} `), code(spec.id), text(` version ${spec.version}`)]],
        [[text('Commissioner')], [text(spec.commissioner)]],
        [[text('Contract period')], [text(`${spec.contractPeriod.start} to ${spec.contractPeriod.end}`)]],
        [[text('Verdict')], [text(spec.verdictPolicy === 'must' ? 'compliant when every must requirement is met, waived or does not apply' : 'compliant when every requirement is met, waived or does not apply')]],
        [[text('Rule libraries')], [text(plan.libraries.map((l) => `${l.title} (${l.id} ${l.version})`).join('; ') || 'none')]],
        ...(spec.illustrative ? [[[text('Note')], [text(spec.illustrative)]]] : []),
      ],
    ),
  );

  const placed = new Set<string>();
  const clauses: Clause[] = titleClause ? spec.clauses.slice(1) : spec.clauses;
  if (titleClause?.text) for (const para of titleClause.text.split(/\n\n+/)) nodes.push(paragraph(text(para)));
  for (const clause of clauses) {
    nodes.push(heading(clause.depth, text(/^\d+(\.\d+)*$/.test(clause.id) ? `${clause.id} ${clause.title}` : clause.title)));
    for (const para of clause.text.split(/\n\n+/).filter((p) => p.trim() !== '')) nodes.push(paragraph(text(para)));
    for (const id of clause.rules) {
      const planned = byId.get(id);
      if (!planned || placed.has(id)) continue;
      placed.add(id);
      nodes.push(...ruleStatement(planned, plan));
    }
  }
  const unplaced = plan.rules.filter((p) => !placed.has(p.rule.id));
  if (unplaced.length > 0) {
    nodes.push(heading(2, text('Further requirements')), paragraph(text('Requirements the specification selects from its rule libraries without a clause of their own.')));
    for (const planned of unplaced) nodes.push(...ruleStatement(planned, plan));
  }

  const selected = new Set(plan.rules.map((p) => p.rule.id));
  const groups = plan.groups.filter((g) => [...(g.rules ?? []), ...(g.stages ?? []).flatMap((s) => s.rules)].some((id) => selected.has(id)));
  if (groups.length > 0) nodes.push(heading(2, text('Graded outcomes')), list(groups.map((g) => groupStatement(g, selected))));

  const read = [...new Set(plan.rules.flatMap((p) => parametersReadBy(p.rule)))].sort();
  const { start, end } = spec.contractPeriod;
  if (read.length > 0) {
    nodes.push(
      heading(2, text('Parameters')),
      paragraph(text(`Values in force during the contract period (${start} to ${end}), by region. A provider's region selects its series; any other region uses the default.`)),
      table(
        ['Parameter', 'Region', 'Value', 'In force from', 'Announced', 'Source'],
        read.flatMap((name) => {
          const parameter = plan.parameters.get(name);
          if (!parameter) return [];
          return Object.entries(parameter.values).flatMap(([region, series]) =>
            valuesDuring(series, start, end).map((v) => [
              [code(name), text(` ${parameter.title}${parameter.overridden ? ' (set by this specification)' : ''}`)],
              [text(region)],
              [text(`${formatValue(v.value)}${parameter.unit ? ` ${parameter.unit}` : ''}`)],
              [text(v.from)],
              [text(v.announced ?? '')],
              [text(v.source ?? parameter.reference ?? '')],
            ]),
          );
        }),
      ),
    );
  }
  return stringify(nodes);
}
