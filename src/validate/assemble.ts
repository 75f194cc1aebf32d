/**
 * Assemble a specification and its rule libraries into a Plan: the selected
 * rules with their clauses, tailoring applied, the parameter table, groups,
 * and every JSON Logic expression compiled once. Cross-references that do not
 * resolve (unknown rules, duplicate ids, unknown operations) are diagnostics.
 */
import { compile, LogicError, type Evaluator } from '../logic/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type {
  DatasetKind, FactDeclaration, Group, Logic, Metric, Rule, RuleLibrary, SourcePosition, Specification, Tailoring,
} from '../model/types.js';
import { metricDiagnostics } from './metrics.js';
import { metricParameterDiagnostics, ruleDiagnostics } from './rules.js';
import { createOperations } from '../runtime/operations.js';
import { buildParameterTable, type ParameterTable } from '../runtime/parameters.js';
import { isGroupPattern, selectGroups, selectionMatches, selectRules } from './selection.js';
import { suggest } from '../text/suggest.js';
import { planPayments, type PaymentPlan } from '../payments/plan.js';
import { positionIn, SourceIndex } from '../load/positions.js';
import type { YamlPath } from '../load/yaml.js';

export interface PlannedRule {
  rule: Rule;
  clause: { id: string; title: string } | null;
  test: Evaluator;
  appliesWhen?: Evaluator;
  /** Per-record rules: which rows are in scope. */
  where?: Evaluator;
}

export interface Plan {
  spec: Specification;
  libraries: RuleLibrary[];
  rules: PlannedRule[];
  parameters: ParameterTable;
  groups: Group[];
  facts: Map<string, FactDeclaration>;
  datasetKinds: Map<string, DatasetKind>;
  metrics: Map<string, Metric>;
  /**
   * Compiles logic as the plan's rules are compiled: `param` finds its region and reference date on
   * the data it is given (withRuntime), never on the plan, so one plan serves many runs at once.
   */
  compileLogic(logic: Logic): Evaluator;
  /** Contract payments (issue #15), when the specification defines or uses any. */
  payments?: PaymentPlan;
}

export type AssembleOutcome = { ok: true; plan: Plan; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export interface AssembleOptions {
  /** Ids of libraries reached only through another library's imports: their rules are selected only when named. */
  indirect?: ReadonlySet<string>;
}

export function assemble(spec: Specification, libraries: readonly RuleLibrary[], options: AssembleOptions = {}): AssembleOutcome {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, at: SourcePosition | undefined, fallbackFile: string) =>
    diagnostics.push({ code, message, severity: 'error', file: at?.file ?? fallbackFile, line: at?.line ?? 1, column: at?.column ?? 1 });

  const sources = new SourceIndex([...libraries, spec]);
  // Every rule by id, refusing duplicates across libraries and the spec.
  const allRules = new Map<string, Rule>();
  for (const rule of [...libraries.flatMap((l) => l.rules), ...spec.rules]) {
    const earlier = allRules.get(rule.id);
    if (earlier) {
      error('spec/duplicate-rule', `Duplicate rule id "${rule.id}" (also defined in ${earlier.position ? `${earlier.position.file}:${earlier.position.line}` : earlier.origin})`, rule.position, spec.file);
      continue;
    }
    allRules.set(rule.id, rule);
  }

  const facts = new Map<string, FactDeclaration>();
  const datasetKinds = new Map<string, DatasetKind>();
  const metrics = new Map<string, Metric>();
  const parameters = [];
  const seenParameters = new Map<string, string>();
  for (const library of libraries) {
    for (const fact of library.facts) if (!facts.has(fact.name)) facts.set(fact.name, fact);
    for (const kind of library.datasets) {
      if (datasetKinds.has(kind.name)) error('spec/duplicate-dataset', `Dataset kind "${kind.name}" is declared by more than one imported library`, sources.at(library.file, ['datasets', kind.name], kind.position), library.file);
      else datasetKinds.set(kind.name, kind);
    }
    for (const metric of library.metrics) {
      if (metrics.has(metric.name)) error('spec/duplicate-metric', `Metric "${metric.name}" is declared by more than one imported library`, sources.at(library.file, ['metrics', metric.name], metric.position), library.file);
      else metrics.set(metric.name, metric);
    }
    for (const parameter of library.parameters) {
      const owner = seenParameters.get(parameter.name);
      if (owner) error('spec/duplicate-parameter', `Parameter "${parameter.name}" is declared by both ${owner} and ${library.file}`, sources.at(library.file, ['parameters', parameter.name], parameter.position), library.file);
      else {
        seenParameters.set(parameter.name, library.file);
        parameters.push(parameter);
      }
    }
  }
  for (const fact of spec.facts) if (!facts.has(fact.name)) facts.set(fact.name, fact);
  for (const metric of spec.metrics) {
    const earlier = metrics.get(metric.name);
    if (earlier) error('spec/duplicate-metric', `Metric "${metric.name}" is declared by the specification and by ${earlier.position?.file ?? 'an imported library'}`, metric.position, spec.file);
    else metrics.set(metric.name, metric);
  }
  const table = buildParameterTable(parameters, spec.parameterOverrides);
  const parameterNames = new Set(table.keys());
  const operations = createOperations(table, 'from-data');
  const ownMetrics = new Set(spec.metrics);
  const locateMetric = (metric: Metric, sub: YamlPath): SourcePosition => {
    const fallback = metric.position ?? { file: spec.file, line: 1, column: 1 };
    return ownMetrics.has(metric) ? sources.inBlock(spec.file, ['metrics', metric.name, ...sub]) ?? fallback : sources.at(fallback.file, ['metrics', metric.name, ...sub], fallback);
  };
  for (const metric of metrics.values()) diagnostics.push(...metricDiagnostics(metric, datasetKinds, locateMetric, operations));
  for (const metric of metrics.values()) diagnostics.push(...metricParameterDiagnostics(metric, parameterNames, spec.file));

  // Selection: clause rules always; then include (default: everything imported); then exclude.
  const clauseOf = new Map<string, { id: string; title: string }>();
  for (const clause of spec.clauses) {
    for (const ruleId of clause.rules) {
      if (!allRules.has(ruleId)) error('spec/unknown-rule', `Clause ${clause.id} uses unknown rule "${ruleId}"${suggest(ruleId, allRules.keys())}`, sources.useOf(spec.file, ruleId) ?? clause.position, spec.file);
      else if (!clauseOf.has(ruleId)) clauseOf.set(ruleId, { id: clause.id, title: clause.title });
    }
  }
  const allGroups = [...libraries.flatMap((l) => l.groups), ...spec.groups];
  for (const key of ['include', 'exclude'] as const) {
    (key === 'include' ? spec.include ?? [] : spec.exclude).forEach((pattern, i) => {
      if (isGroupPattern(pattern) ? !allGroups.some((g) => `group:${g.id}` === pattern) : ![...allRules.values()].some((r) => selectionMatches(pattern, r))) {
        error('spec/unknown-selection', `Selection "${pattern}" names no rule`, frontPosition(spec, ['select', key, i]), spec.file);
      }
    });
  }
  for (const [ruleId, change] of Object.entries(spec.tailoring)) {
    const rule = allRules.get(ruleId);
    if (!rule) error('spec/unknown-rule', `Tailoring names unknown rule "${ruleId}"${suggest(ruleId, allRules.keys())}`, change.position, spec.file);
    else if (change.tolerance !== undefined && !rule.per_record) {
      diagnostics.push({ code: 'spec/tailor-tolerance', message: `Unexpected tolerance for rule "${ruleId}": only a per-record rule has a tolerance (the share of rows that may fail), and this rule is not one`, severity: 'error', file: change.position?.file ?? spec.file, line: change.position?.line ?? 1, column: change.position?.column ?? 1, field: `tailor.${ruleId}.tolerance` });
    }
  }

  const selected = selectRules(spec, allRules.values(), options.indirect);
  diagnostics.push(...ruleDiagnostics(selected, { datasetKinds, parameters: parameterNames, facts, metrics }, (rule, sub) => {
    const file = rule.origin === spec.id ? spec.file : rule.position?.file ?? spec.file;
    const found = sources.rulePath(file, rule.id, sub);
    return { at: found ? sources.inRule(file, rule.id, sub, rule.position) : rule.position ?? { file, line: 1, column: 1 }, field: (found ?? sub).join('.') };
  }));

  const compileLogic = (logic: Logic) => compile(logic, { operations });
  const planned: PlannedRule[] = [];
  for (const original of selected) {
    const rule = tailored(original, spec.tailoring[original.id]);
    const compileAt = (logic: Logic, field: 'test' | 'applies_when' | 'per_record.where'): Evaluator | undefined => {
      try {
        return compileLogic(logic);
      } catch (e) {
        if (e instanceof LogicError) {
          error(e.code, `Rule "${rule.id}" ${field}${e.pointer}: ${e.message}`, rule.logicPositions?.[field] ?? rule.position, spec.file);
          return undefined;
        }
        throw e;
      }
    };
    const test = compileAt(rule.test, 'test');
    const appliesWhen = rule.applies_when === undefined ? undefined : compileAt(rule.applies_when, 'applies_when');
    const where = rule.per_record?.where === undefined ? undefined : compileAt(rule.per_record.where, 'per_record.where');
    if (!test) continue;
    planned.push({
      rule,
      clause: clauseOf.get(rule.id) ?? null,
      test,
      ...(appliesWhen ? { appliesWhen } : {}),
      ...(where ? { where } : {}),
    });
  }

  const groups = selectGroups(spec, allGroups);
  // A library's group is located by its index in that library; a specification's, by its own position.
  const groupIndex = new Map(libraries.flatMap((l) => l.groups.map((g, i) => [g, { file: l.file, index: i }] as const)));
  for (const group of groups) {
    const owner = groupIndex.get(group);
    const at = (sub: YamlPath) => (owner ? sources.at(owner.file, ['groups', owner.index, ...sub], group.position) : group.position);
    const lists: [YamlPath, readonly string[]][] = [[['rules'], group.rules ?? []], ...(group.stages ?? []).map((s, si): [YamlPath, readonly string[]] => [['stages', si, 'rules'], s.rules])];
    for (const [key, members] of lists) {
      members.forEach((member, i) => {
        if (!allRules.has(member)) error('spec/unknown-rule', `Group "${group.id}" names unknown rule "${member}"${suggest(member, allRules.keys())}`, at([...key, i]), spec.file);
      });
    }
  }

  diagnostics.push(...reconcileDiagnostics(libraries, facts, metrics));
  const payments = spec.payments || spec.invoice ? planPayments(spec, libraries, { parameters: table, metrics, facts, datasetKinds, rules: new Set(planned.map((p) => p.rule.id)) }) : undefined;
  diagnostics.push(...(payments?.diagnostics ?? []));
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return {
    ok: true,
    warnings: [],
    plan: { spec, libraries: [...libraries], rules: planned, parameters: table, groups, facts, datasetKinds, metrics, compileLogic, ...(payments ? { payments: payments.plan } : {}) },
  };
}

/** Where a path of the front matter is written (a specification built in code has no front matter: its first line). */
function frontPosition(spec: Specification, path: YamlPath): SourcePosition {
  return spec.sources ? positionIn(spec.sources.front, spec.file, path) : { file: spec.file, line: 1, column: 1 };
}

/** A rule with the specification's changes applied; a tolerance replaces the per-record one. */
function tailored(rule: Rule, change: Tailoring | undefined): Rule {
  if (!change) return rule;
  const { tolerance, position: _position, ...fields } = change;
  const perRecord = rule.per_record && tolerance !== undefined ? { per_record: { ...rule.per_record, tolerance } } : {};
  return { ...rule, ...fields, ...perRecord };
}

/**
 * Hardening: a `reconcile` entry naming a metric or fact that no imported library (or the
 * specification) declares could never run, and said nothing: the check it promised was silently
 * skipped on every run. Both names must resolve.
 */
function reconcileDiagnostics(libraries: readonly RuleLibrary[], facts: ReadonlyMap<string, FactDeclaration>, metrics: ReadonlyMap<string, Metric>): Diagnostic[] {
  const found: Diagnostic[] = [];
  libraries.forEach((library) => {
    (library.reconcile ?? []).forEach((check, i) => {
      const report = (key: 'fact' | 'metric', name: string, known: Iterable<string>, at: SourcePosition | undefined) =>
        found.push({ code: 'spec/unknown-reconcile-name', message: `Unexpected ${key} "${name}" in reconciliation "${check.id}": no imported library declares such a ${key}${suggest(name, known)}`, severity: 'error', file: at?.file ?? library.file, line: at?.line ?? 1, column: at?.column ?? 1, field: `reconcile.${i}.${key}` });
      if (!metrics.has(check.metric)) report('metric', check.metric, metrics.keys(), check.metricPosition ?? check.position);
      if (!facts.has(check.fact)) report('fact', check.fact, facts.keys(), check.factPosition ?? check.position);
    });
  });
  return found;
}
