/** Checks on rules, metrics and groups, and the parameters rules and metrics read. */
import path from 'node:path';
import { compile, isConstant, LogicError, operationsIn, paramsIn, STANDARD_OPERATIONS, truthy, varsIn, type LogicPath } from '../../logic/index.js';
import type { DatasetKind, Group, Logic, Metric, Rule, RuleLibrary, SourcePosition } from '../../model/types.js';
import { CARESPEC_OPERATIONS, createOperations } from '../../runtime/operations.js';
import { templatePaths } from '../../evaluate/messages.js';
import type { SourceIndex } from '../../load/positions.js';
import type { Reporter } from './codes.js';
import type { Scope } from './scope.js';
import { suggest } from '../../text/suggest.js';

const KNOWN_OPERATIONS: ReadonlySet<string> = new Set([...STANDARD_OPERATIONS, ...CARESPEC_OPERATIONS]);
const ALWAYS_KNOWN_ROOTS = new Set(['provider', 'period', 'attestations']);

interface RuleLogicField {
  key: readonly string[];
  logic: Logic | undefined;
}

export function logicFields(rule: Rule): RuleLogicField[] {
  return [
    { key: ['test'], logic: rule.test },
    { key: ['applies_when'], logic: rule.applies_when },
    { key: ['per_record', 'where'], logic: rule.per_record?.where },
  ];
}

/** The parameter names a rule reads, in its logic and its messages. */
export function parametersReadBy(rule: Rule): string[] {
  const names = new Set<string>();
  for (const field of logicFields(rule)) for (const p of paramsIn(field.logic)) names.add(p.name);
  for (const template of [rule.messages.pass, rule.messages.fail]) {
    for (const p of templatePaths(template)) if (p.startsWith('params.')) names.add(p.slice('params.'.length));
  }
  return [...names];
}

export function metricParameters(metric: Metric): string[] {
  return [...paramsIn(metric.where), ...paramsIn(metric.match)].map((p) => p.name);
}

/** Describe what is wrong with reading `name`, or undefined when it is fine. */
export function variableProblem(name: string, scope: Scope, row: { dataset: DatasetKind | undefined; datasetName: string } | undefined): string | undefined {
  const [root, key] = name.split('.');
  if (root === undefined || ALWAYS_KNOWN_ROOTS.has(root)) return undefined;
  if (root === 'facts') {
    if (!key) return `Unexpected variable "${name}", expected facts.<name>`;
    return scope.facts.has(key) ? undefined : `Unexpected variable "${name}": ${scope.where} declare no fact "${key}"${suggest(key, scope.facts.keys())}`;
  }
  if (root === 'metrics') {
    if (!key) return `Unexpected variable "${name}", expected metrics.<name>`;
    return scope.metrics.has(key) ? undefined : `Unexpected variable "${name}": ${scope.where} declare no metric "${key}"${suggest(key, scope.metrics.keys())}`;
  }
  if (root === 'row') {
    if (!row) return `Unexpected variable "${name}": only per-record rules read a row`;
    if (!row.dataset || !key) return undefined; // the unknown dataset is reported on its own
    return Object.hasOwn(row.dataset.columns, key) ? undefined : `Unexpected variable "${name}": dataset "${row.datasetName}" has no column "${key}"${suggest(key, Object.keys(row.dataset.columns))}`;
  }
  return `Unexpected variable "${name}", expected a path under provider, period, facts, attestations or metrics${row ? ', or row' : ''}`;
}

/** A library's `reconcile` entries: the fact and the metric must be declared in scope, or the check can never run. */
export function lintReconciliations(library: RuleLibrary, scope: Scope, out: Reporter): void {
  for (const check of library.reconcile ?? []) {
    const position = check.position ?? { file: library.file, line: 1, column: 1 };
    if (!scope.facts.has(check.fact)) {
      out.report('lint/unknown-variable', `Unexpected fact "${check.fact}" in reconciliation "${check.id}": ${scope.where} declare no such fact${suggest(check.fact, scope.facts.keys())}`, check.factPosition ?? position);
    }
    if (!scope.metrics.has(check.metric)) {
      out.report('lint/unknown-variable', `Unexpected metric "${check.metric}" in reconciliation "${check.id}": ${scope.where} declare no such metric${suggest(check.metric, scope.metrics.keys())}`, check.metricPosition ?? position);
    }
  }
}

/** Checks one rule in its scope: operations, reads, parameters, constant tests, examples, references. */
export function lintRule(rule: Rule, at: (sub: LogicPath) => SourcePosition, scope: Scope, references: ReadonlySet<string> | undefined, out: Reporter): void {
  const row = rule.per_record ? { dataset: scope.datasets.get(rule.per_record.dataset), datasetName: rule.per_record.dataset } : undefined;

  if (rule.per_record && !row?.dataset) {
    out.report('lint/unknown-dataset', `Unexpected dataset "${rule.per_record.dataset}" in rule "${rule.id}": ${scope.where} declare no such dataset kind${suggest(rule.per_record.dataset, scope.datasets.keys())}`, at(['per_record', 'dataset']));
  }

  for (const field of logicFields(rule)) {
    if (field.logic === undefined) continue;
    let compiles = true;
    for (const use of operationsIn(field.logic)) {
      if (!KNOWN_OPERATIONS.has(use.op)) {
        compiles = false;
        out.report('lint/unknown-operation', `Unexpected operation "${use.op}" in rule "${rule.id}" ${field.key.join('.')}, expected a JSON Logic or carespec operation${suggest(use.op, KNOWN_OPERATIONS)}`, at([...field.key, ...use.path]));
      }
    }
    if (compiles) {
      try {
        compile(field.logic, { operations: createOperations(new Map(), 'from-data') });
      } catch (e) {
        if (!(e instanceof LogicError)) throw e;
        out.report('lint/invalid-logic', `Rule "${rule.id}" ${field.key.join('.')}${e.pointer}: ${e.message}`, at(field.key));
      }
    }
    for (const v of varsIn(field.logic)) {
      const problem = variableProblem(v.name, scope, row);
      if (problem) out.report('lint/unknown-variable', problem, at([...field.key, ...v.path]));
    }
    for (const p of paramsIn(field.logic)) {
      if (!scope.parameters.has(p.name)) {
        out.report('lint/unknown-parameter', `Unexpected parameter "${p.name}" in rule "${rule.id}": ${scope.where} declare no such parameter${suggest(p.name, scope.parameters)}`, at([...field.key, ...p.path]));
      }
    }
  }

  rule.requires.forEach((name, i) => {
    const problem = variableProblem(name, scope, row);
    if (problem) out.report('lint/unknown-variable', problem, at(['requires', i]));
  });
  for (const key of ['pass', 'fail'] as const) {
    for (const name of templatePaths(rule.messages[key])) {
      // {{window}}: the label of the window that decided an every_window rule (src/evaluate/windows.ts).
      if (name === 'window' && rule.every_window === true) continue;
      if (name.startsWith('params.')) {
        const param = name.slice('params.'.length);
        if (!scope.parameters.has(param)) {
          out.report('lint/unknown-parameter', `Unexpected parameter "${param}" in the ${key} message of rule "${rule.id}": ${scope.where} declare no such parameter${suggest(param, scope.parameters)}`, at(['messages', key]));
        }
        continue;
      }
      const problem = variableProblem(name, scope, row);
      if (problem) out.report('lint/unknown-variable', `${problem} (in the ${key} message)`, at(['messages', key]));
    }
  }

  if (isConstant(rule.test)) {
    let value: unknown;
    try {
      value = compile(rule.test)({});
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      const always = truthy(value);
      out.report(
        'lint/constant-test',
        `Rule "${rule.id}" has a test that reads no evidence, so it is always ${always ? 'true: it can never fail' : 'false: it can never pass'}; expected a test over facts, metrics, attestations or a row`,
        at(['test']),
      );
    }
  }

  if (rule.examples.fail.length === 0) {
    out.report('lint/no-failing-example', `Rule "${rule.id}" has no failing example; add examples.fail so the test command shows it can fail`, at(rule.examples.pass.length > 0 ? ['examples'] : []));
  }
  if (rule.examples.pass.length === 0) {
    out.report('lint/no-passing-example', `Rule "${rule.id}" has no passing example; add examples.pass`, at(rule.examples.fail.length > 0 ? ['examples'] : []));
  }

  if (references) {
    rule.references.forEach((ref, i) => {
      if (!references.has(ref)) out.report('lint/unknown-reference', `Unexpected reference "${ref}" in rule "${rule.id}": the library lists no reference with that id${suggest(ref, references)}`, at(['references', i]));
    });
  }
}

/** `at`: where a path under the metric is written (in a library file, or a specification's rule block). */
export function lintMetric(metric: Metric, at: (sub: LogicPath) => SourcePosition, scope: Scope, out: Reporter): void {
  const dataset = scope.datasets.get(metric.dataset);
  if (!dataset) {
    out.report('lint/unknown-dataset', `Unexpected dataset "${metric.dataset}" in metric "${metric.name}": ${scope.where} declare no such dataset kind${suggest(metric.dataset, scope.datasets.keys())}`, at(['dataset']));
  }
  const column = (name: string, sub: LogicPath) => {
    if (dataset && !Object.hasOwn(dataset.columns, name)) {
      out.report('lint/unknown-variable', `Unexpected column "${name}" in metric "${metric.name}": dataset "${metric.dataset}" has no such column${suggest(name, Object.keys(dataset.columns))}`, at(sub));
    }
  };
  for (const key of ['column', 'group_by', 'distinct'] as const) {
    const name = metric[key];
    if (name !== undefined) column(name, [key]);
  }
  for (const key of ['where', 'match'] as const) {
    const logic = metric[key];
    if (logic === undefined) continue;
    for (const use of operationsIn(logic)) {
      if (!KNOWN_OPERATIONS.has(use.op)) {
        out.report('lint/unknown-operation', `Unexpected operation "${use.op}" in metric "${metric.name}" ${key}, expected a JSON Logic or carespec operation${suggest(use.op, KNOWN_OPERATIONS)}`, at([key, ...use.path]));
      }
    }
    for (const v of varsIn(logic)) {
      // A metric's logic reads the row itself: `{"var": "status"}` (a `row.` prefix is tolerated).
      const name = v.name.startsWith('row.') ? v.name.slice(4) : v.name;
      column(name.split('.')[0]!, [key, ...v.path]);
    }
    for (const p of paramsIn(logic)) {
      if (!scope.parameters.has(p.name)) out.report('lint/unknown-parameter', `Unexpected parameter "${p.name}" in metric "${metric.name}": ${scope.where} declare no such parameter`, at([key, ...p.path]));
    }
  }
}

export function lintGroups(groups: readonly Group[], known: ReadonlySet<string>, file: string, sources: SourceIndex, out: Reporter, inSpec: boolean): void {
  groups.forEach((group, gi) => {
    const at = (sub: LogicPath) =>
      inSpec ? group.position ?? { file, line: 0, column: 0 } : sources.at(path.resolve(file), ['groups', gi, ...sub], group.position);
    (group.rules ?? []).forEach((id, i) => {
      if (!known.has(id)) out.report('lint/unknown-rule', `Group "${group.id}" names unknown rule "${id}"${suggest(id, known)}`, at(['rules', i]));
    });
    (group.stages ?? []).forEach((stage, si) =>
      stage.rules.forEach((id, i) => {
        if (!known.has(id)) out.report('lint/unknown-rule', `Group "${group.id}" (${stage.name}) names unknown rule "${id}"${suggest(id, known)}`, at(['stages', si, 'rules', i]));
      }),
    );
  });
}
