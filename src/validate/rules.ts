/**
 * What a selected rule reads must exist: a per-record rule's dataset kind and
 * the row columns it reads, and every parameter its logic resolves. Each used
 * to surface only at check time (a "not evidenced" reason, or an error status
 * as if the provider's evidence were at fault) or only in lint; assembly
 * refuses them, at the line of the name.
 */
import { paramsIn, varsIn, type LogicPath } from '../logic/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DatasetKind, Metric, Rule, SourcePosition } from '../model/types.js';
import { suggest } from '../text/suggest.js';

/** Where a path under a rule is written, and that path from the root of its YAML document. */
export type RuleLocator = (rule: Rule, sub: LogicPath) => { at: SourcePosition; field: string };

const LOGIC_FIELDS = [['test'], ['applies_when'], ['per_record', 'where']] as const;

function logicOf(rule: Rule, field: (typeof LOGIC_FIELDS)[number]): unknown {
  return field[0] === 'per_record' ? rule.per_record?.where : rule[field[0]];
}

export function ruleDiagnostics(rules: readonly Rule[], datasetKinds: ReadonlyMap<string, DatasetKind>, parameters: ReadonlySet<string>, locate: RuleLocator): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (code: string, message: string, rule: Rule, sub: LogicPath) => {
    const { at, field } = locate(rule, sub);
    found.push({ code, message, severity: 'error', file: at.file, line: at.line, column: at.column, field });
  };
  for (const rule of rules) {
    const dataset = rule.per_record?.dataset;
    const kind = dataset === undefined ? undefined : datasetKinds.get(dataset);
    if (dataset !== undefined && !kind) {
      report('spec/unknown-dataset', `Unexpected dataset "${dataset}" in rule "${rule.id}": no imported library declares such a dataset kind${suggest(dataset, datasetKinds.keys())}`, rule, ['per_record', 'dataset']);
    }
    for (const field of LOGIC_FIELDS) {
      const logic = logicOf(rule, field);
      if (logic === undefined) continue;
      if (kind) {
        for (const use of varsIn(logic)) {
          const [root, column] = use.name.split('.');
          if (root !== 'row' || !column || Object.hasOwn(kind.columns, column)) continue;
          report('spec/unknown-column', `Unexpected column "${column}" in rule "${rule.id}": dataset "${kind.name}" has no such column${suggest(column, Object.keys(kind.columns))}`, rule, [...field, ...use.path]);
        }
      }
      for (const use of paramsIn(logic)) {
        if (parameters.has(use.name)) continue;
        report('spec/unknown-parameter', `Unexpected parameter "${use.name}" in rule "${rule.id}": no imported library or specification override declares it${suggest(use.name, parameters)}`, rule, [...field, ...use.path]);
      }
    }
  }
  return found;
}

/** A metric's parameters (in where, match and a share_above threshold) must be declared too. */
export function metricParameterDiagnostics(metric: Metric, parameters: ReadonlySet<string>, fallbackFile: string): Diagnostic[] {
  const at = { file: metric.position?.file ?? fallbackFile, line: metric.position?.line ?? 1, column: metric.position?.column ?? 1 };
  const names: [string, string][] = [
    ...(['where', 'match'] as const).flatMap((key) => paramsIn(metric[key]).map((p): [string, string] => [p.name, `metrics.${metric.name}.${key}`])),
    ...(typeof metric.threshold === 'object' ? [[metric.threshold.param, `metrics.${metric.name}.threshold.param`] as [string, string]] : []),
  ];
  return names
    .filter(([name]) => !parameters.has(name))
    .map(([name, field]) => ({ code: 'spec/unknown-parameter', message: `Unexpected parameter "${name}" in metric "${metric.name}": no imported library or specification override declares it${suggest(name, parameters)}`, severity: 'error' as const, ...at, field }));
}
