/** Lints one specification against the libraries it imports: rules, clauses, selection and parameters. */
import path from 'node:path';
import type { Rule, RuleLibrary, SourcePosition, Specification } from '../../model/types.js';
import { buildParameterTable } from '../../runtime/parameters.js';
import { varsIn, type LogicPath } from '../../logic/index.js';
import type { SourceIndex } from '../../load/positions.js';
import type { Reporter } from './codes.js';
import { lintGroups, lintMetric, lintReconciliations, lintRule, logicFields, metricParameters, parametersReadBy, variableProblem } from './rules.js';
import { scopeOf } from './scope.js';
import { isGroupPattern, selectGroups, selectionMatches, selectRules } from '../../validate/selection.js';
import { suggest } from '../../text/suggest.js';

/** Words that make a clause a requirement rather than information (as in RFC 2119 and UK tender documents). */
const NORMATIVE = /\b(shall|must|is required to|are required to|will ensure)\b/i;

/** `indirect`: ids of libraries reached only through another's imports (their rules are selected only when named). */
export function lintSpecification(spec: Specification, imports: readonly RuleLibrary[], sources: SourceIndex, out: Reporter, indirect: ReadonlySet<string> = new Set()): void {
  const file = path.resolve(spec.file);
  const front = (sub: LogicPath) => sources.at(file, sub);
  const scope = scopeOf(imports, spec.parameterOverrides, `the libraries ${spec.id} imports`, spec.facts, spec.metrics);

  // Duplicates across the imported libraries and the spec's own rules.
  const rules = new Map<string, Rule>();
  for (const rule of [...imports.flatMap((l) => l.rules), ...spec.rules]) {
    const first = rules.get(rule.id);
    if (first) {
      const at = rule.origin === spec.id ? sources.inRule(file, rule.id, ['id'], rule.position) : rule.position ?? front(['imports']);
      out.report('lint/duplicate-rule', `Duplicate rule id "${rule.id}" in specification ${spec.id} (also defined at ${first.position?.file ?? first.origin}:${first.position?.line ?? 0})`, at);
      continue;
    }
    rules.set(rule.id, rule);
  }
  const owners = { dataset: new Map<string, string>(), metric: new Map<string, string>(), parameter: new Map<string, string>() };
  for (const library of imports) {
    const declared: [keyof typeof owners, string, SourcePosition | undefined][] = [
      ...library.datasets.map((d) => ['dataset', d.name, undefined] as [keyof typeof owners, string, SourcePosition | undefined]),
      ...library.metrics.map((m) => ['metric', m.name, m.position] as [keyof typeof owners, string, SourcePosition | undefined]),
      ...library.parameters.map((p) => ['parameter', p.name, p.position] as [keyof typeof owners, string, SourcePosition | undefined]),
    ];
    for (const [kind, name, position] of declared) {
      const owner = owners[kind].get(name);
      if (owner && owner !== library.file) {
        const at = sources.at(path.resolve(library.file), [`${kind}s`, name], position);
        out.report('lint/duplicate-declaration', `The ${kind} "${name}" is declared by both ${owner} and ${library.file}, which ${spec.id} imports together`, at);
      } else owners[kind].set(name, library.file);
    }
  }

  // Clause references, tailoring and selection.
  for (const clause of spec.clauses) {
    for (const id of clause.rules) {
      if (!rules.has(id)) out.report('lint/unknown-rule', `Clause ${clause.id} uses unknown rule "${id}"${suggest(id, rules.keys())}`, sources.useOf(file, id) ?? clause.position);
    }
  }
  for (const id of Object.keys(spec.tailoring)) {
    if (!rules.has(id)) out.report('lint/unknown-rule', `Tailoring names unknown rule "${id}"${suggest(id, rules.keys())}`, sources.inBlock(file, ['tailor', id]) ?? front([]));
  }
  lintGroups(spec.groups, new Set(rules.keys()), spec.file, sources, out, true);

  for (const [key, patterns] of [['include', spec.include ?? []], ['exclude', spec.exclude]] as const) {
    patterns.forEach((pattern, i) => {
      const groupNamed = isGroupPattern(pattern) && [...imports.flatMap((l) => l.groups), ...spec.groups].some((g) => `group:${g.id}` === pattern);
      if (!groupNamed && ![...rules.values()].some((r) => selectionMatches(pattern, r))) {
        out.report('lint/unknown-selection', `Selection "${pattern}" (select.${key}) names no rule of the imported libraries${suggest(pattern, rules.keys())}`, front(['select', key, i]));
      }
    });
  }
  const inClause = new Set(spec.clauses.flatMap((c) => c.rules));
  const selected = selectRules(spec, rules.values(), indirect);
  if (selected.length === 0) {
    out.report('lint/no-rules', `Specification ${spec.id} selects no rule: no clause uses one${spec.include === undefined ? '' : ' and select.include matches none'}, so a check can only report an empty result`, front(spec.include === undefined ? [] : ['select', 'include']));
  }
  // A roll-up over members that were never selected would count them as unknown: say so before a check does.
  const selectedIds = new Set(selected.map((r) => r.id));
  for (const group of selectGroups(spec, [...imports.flatMap((l) => l.groups), ...spec.groups])) {
    // An `all` group rolls up what was selected and says what was left out; stages and bands cannot.
    if (group.policy === 'all') continue;
    const members = [...(group.rules ?? []), ...(group.stages ?? []).flatMap((s) => s.rules)];
    const chosen = members.filter((id) => selectedIds.has(id));
    const left = members.filter((id) => !selectedIds.has(id));
    if (chosen.length === 0 || left.length === 0) continue;
    out.report(
      'lint/unselected-group-member',
      `Group "${group.id}" rolls up ${members.length} rules but ${spec.id} selects ${chosen.length}; ${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} not selected, so ${group.policy === 'stages' ? 'the stages holding them are' : 'the group is'} "not assessed". Select ${left.length === 1 ? 'it' : 'them'} (a clause's "use:" or select.include), or leave the group out with select.exclude: ["group:${group.id}"]`,
      group.position ?? front(['select']),
    );
  }

  // Clauses without rules (numbered leaf clauses with text) and rules without clauses.
  spec.clauses.forEach((clause, i) => {
    const next = spec.clauses[i + 1];
    const leaf = !next || next.depth <= clause.depth;
    const normative = NORMATIVE.exec(clause.text)?.[0];
    if (leaf && clause.rules.length === 0 && normative && /^\d+(\.\d+)*$/.test(clause.id)) {
      out.report('lint/clause-without-rule', `Clause ${clause.id} "${clause.title}" states a requirement ("${normative.toLowerCase()}") but carries no rule; add a carespec block with "use:" or "rules:", or reword it if it is informative`, clause.position);
    }
  });
  for (const rule of selected) {
    if (inClause.has(rule.id)) continue;
    const importIndex = imports.findIndex((l) => l.id === rule.origin);
    out.report(
      'lint/rule-without-clause',
      `Rule "${rule.id}" (library ${rule.origin}) is selected but no clause uses it; add it to a clause's "use:" list or to select.exclude`,
      front(importIndex >= 0 ? ['imports', importIndex] : ['imports']),
    );
  }

  for (const library of imports) lintReconciliations(library, scope, out);

  for (const metric of spec.metrics) lintMetric(metric, (sub) => sources.inBlock(file, ['metrics', metric.name, ...sub]) ?? metric.position ?? front([]), scope, out);
  // The spec's own rules are linted like a library's; imported rules are checked against the spec's imports.
  for (const rule of spec.rules) lintRule(rule, (sub) => sources.inRule(file, rule.id, sub, rule.position), scope, undefined, out);
  for (const rule of selected) {
    if (rule.origin === spec.id) continue;
    const libraryFile = path.resolve(rule.position?.file ?? '');
    for (const field of logicFields(rule)) {
      for (const v of varsIn(field.logic)) {
        const [root] = v.name.split('.');
        if (root !== 'facts' && root !== 'metrics') continue;
        const problem = variableProblem(v.name, scope, undefined);
        if (problem) out.report('lint/unknown-variable', `${problem} (rule "${rule.id}" is selected by ${spec.id})`, sources.inRule(libraryFile, rule.id, [...field.key, ...v.path], rule.position));
      }
    }
    if (rule.per_record && !scope.datasets.has(rule.per_record.dataset)) {
      out.report('lint/unknown-dataset', `Rule "${rule.id}" reads dataset "${rule.per_record.dataset}", which no library ${spec.id} imports declares`, sources.inRule(libraryFile, rule.id, ['per_record', 'dataset'], rule.position));
    }
  }
  for (const library of imports) {
    for (const metric of library.metrics) {
      if (!scope.datasets.has(metric.dataset)) {
        out.report('lint/unknown-dataset', `Metric "${metric.name}" reads dataset "${metric.dataset}", which no library ${spec.id} imports declares`, metric.position ?? front(['imports']));
      }
    }
  }

  // Parameters: every one a selected rule reads must have a value from the contract start, in every region series.
  const table = buildParameterTable(imports.flatMap((l) => l.parameters), spec.parameterOverrides);
  const readBy = new Map<string, Rule>();
  for (const rule of selected) for (const name of parametersReadBy(rule)) if (!readBy.has(name)) readBy.set(name, rule);
  const usedMetrics = new Set(selected.flatMap((r) => varsIn(r.test).map((v) => v.name)).filter((n) => n.startsWith('metrics.')).map((n) => n.slice(8)));
  for (const library of imports) for (const m of library.metrics) if (usedMetrics.has(m.name)) for (const p of metricParameters(m)) readBy.set(p, readBy.get(p) ?? selected[0]!);
  const start = spec.contractPeriod.start;
  for (const [name, rule] of readBy) {
    const entry = table.get(name);
    if (!entry) {
      if (rule.origin !== spec.id) {
        out.report('lint/unknown-parameter', `Unexpected parameter "${name}" read by rule "${rule.id}": no library ${spec.id} imports declares it`, rule.position ?? front(['imports']));
      }
      continue;
    }
    const declaredIn = imports.find((l) => l.parameters.some((q) => q.name === name));
    const at = entry.overridden || !declaredIn ? front(['parameters', name]) : sources.at(path.resolve(declaredIn.file), ['parameters', name], entry.position);
    if (!Object.hasOwn(entry.values, 'default')) {
      out.report('lint/parameter-no-value', `Parameter "${name}" has no "default" series, so it has no value for a provider outside ${Object.keys(entry.values).join(', ')}`, at);
    }
    for (const [region, series] of Object.entries(entry.values)) {
      const first = series[0];
      if (first && first.from > start) {
        out.report('lint/parameter-no-value', `Parameter "${name}" has no value for region "${region}" at the contract start ${start} (its first value is from ${first.from})`, at);
      }
    }
  }
  for (const override of spec.parameterOverrides) {
    if (!readBy.has(override.name)) {
      out.report('lint/unused-parameter', `Parameter override "${override.name}" is read by no rule this specification selects${suggest(override.name, readBy.keys())}`, front(['parameters', override.name]));
    }
  }
}
