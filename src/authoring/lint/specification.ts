/**
 * Lints one specification for style and usage: clauses without rules and rules without clauses, a
 * selection that selects nothing or part of a group, parameters without a value at the contract
 * start, unused overrides, and its own rules' examples and constant tests. Unknown names, duplicate
 * ids and logic that does not compile are assembly's errors (the lint command assembles first).
 */
import path from 'node:path';
import type { Rule, RuleLibrary, Specification } from '../../model/types.js';
import { buildParameterTable } from '../../runtime/parameters.js';
import { varsIn, type LogicPath } from '../../logic/index.js';
import type { SourceIndex } from '../../load/positions.js';
import type { Reporter } from './codes.js';
import { lintRule, metricParameters, parametersReadBy } from './rules.js';
import { selectGroups, selectRules } from '../../validate/selection.js';
import { suggest } from '../../text/suggest.js';

/** Words that make a clause a requirement rather than information (as in RFC 2119 and UK tender documents). */
const NORMATIVE = /\b(shall|must|is required to|are required to|will ensure)\b/i;

/** `indirect`: ids of libraries reached only through another's imports (their rules are selected only when named). */
export function lintSpecification(spec: Specification, imports: readonly RuleLibrary[], sources: SourceIndex, out: Reporter, indirect: ReadonlySet<string> = new Set()): void {
  const file = path.resolve(spec.file);
  const front = (sub: LogicPath) => sources.at(file, sub);

  // Every rule by id, the first definition winning (a duplicate is assembly's error).
  const rules = new Map<string, Rule>();
  for (const rule of [...imports.flatMap((l) => l.rules), ...spec.rules]) if (!rules.has(rule.id)) rules.set(rule.id, rule);
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

  // The spec's own rules are linted for style like a library's.
  for (const rule of spec.rules) lintRule(rule, (sub) => sources.inRule(file, rule.id, sub, rule.position), undefined, out);

  // Parameters: every one a selected rule reads must have a value from the contract start, in every region series.
  const table = buildParameterTable(imports.flatMap((l) => l.parameters), spec.parameterOverrides);
  const readBy = new Map<string, Rule>();
  for (const rule of selected) for (const name of parametersReadBy(rule)) if (!readBy.has(name)) readBy.set(name, rule);
  const usedMetrics = new Set(selected.flatMap((r) => varsIn(r.test).map((v) => v.name)).filter((n) => n.startsWith('metrics.')).map((n) => n.slice(8)));
  for (const library of imports) for (const m of library.metrics) if (usedMetrics.has(m.name)) for (const p of metricParameters(m)) readBy.set(p, readBy.get(p) ?? selected[0]!);
  const start = spec.contractPeriod.start;
  for (const [name, rule] of readBy) {
    const entry = table.get(name);
    // A parameter nobody declares is assembly's error.
    if (!entry) continue;
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
