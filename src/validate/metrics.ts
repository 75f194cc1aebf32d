/**
 * A metric must read a declared dataset kind and columns that kind has, and
 * its where/match must compile. A metric over an unknown dataset or column, or
 * with logic that does not compile, could never be computed, and used to
 * surface only at check time as an absent metric ("not evidenced"), as if the
 * provider had not sent the data. Assembly refuses it, with its position.
 */
import { compile, LogicError, varsIn, type CompileOptions, type LogicPath } from '../logic/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DatasetKind, Metric, SourcePosition } from '../model/types.js';
import { suggest } from '../text/suggest.js';

/** Where a path under a metric is written (its YAML path from the metric). */
export type MetricLocator = (metric: Metric, sub: LogicPath) => SourcePosition;

export function metricDiagnostics(metric: Metric, datasetKinds: ReadonlyMap<string, DatasetKind>, locate: MetricLocator, operations: NonNullable<CompileOptions['operations']>): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (code: string, message: string, sub: LogicPath, field: string) => {
    const at = locate(metric, sub);
    found.push({ code, message, severity: 'error', file: at.file, line: at.line, column: at.column, field: `metrics.${metric.name}.${field}` });
  };
  for (const key of ['where', 'match'] as const) {
    const logic = metric[key];
    if (logic === undefined) continue;
    try {
      compile(logic, { operations });
    } catch (e) {
      if (!(e instanceof LogicError)) throw e;
      report(e.code, `Metric "${metric.name}" ${key}${e.pointer}: ${e.message}`, [key], key);
    }
  }
  const kind = datasetKinds.get(metric.dataset);
  if (!kind) {
    // The columns cannot be checked against a kind nobody declares.
    report('spec/unknown-dataset', `Unexpected dataset "${metric.dataset}" in metric "${metric.name}": no imported library declares such a dataset kind${suggest(metric.dataset, datasetKinds.keys())}`, ['dataset'], 'dataset');
    return found;
  }
  const column = (name: string, sub: LogicPath, field: string) => {
    if (Object.hasOwn(kind.columns, name)) return;
    report('spec/unknown-column', `Unexpected column "${name}" in metric "${metric.name}": dataset "${metric.dataset}" has no such column${suggest(name, Object.keys(kind.columns))}`, sub, field);
  };
  for (const key of ['column', 'group_by', 'distinct'] as const) {
    const name = metric[key];
    if (name !== undefined) column(name, [key], key);
  }
  for (const key of ['where', 'match'] as const) {
    const logic = metric[key];
    if (logic === undefined) continue;
    for (const use of varsIn(logic)) {
      // A metric's logic reads the row itself (`status`); a `row.` prefix is tolerated.
      const name = (use.name.startsWith('row.') ? use.name.slice(4) : use.name).split('.')[0]!;
      column(name, [key, ...use.path], [key, ...use.path].join('.'));
    }
  }
  return found;
}
