/**
 * A metric must read a declared dataset kind and columns that kind has. A
 * metric over an unknown dataset or column could never be computed, and used
 * to surface only at check time as an absent metric ("not evidenced"), as if
 * the provider had not sent the data. Assembly refuses it, with its position.
 */
import { collectVars } from '../logic/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DatasetKind, Metric } from '../model/types.js';
import { suggest } from '../text/suggest.js';

export function metricDiagnostics(metric: Metric, datasetKinds: ReadonlyMap<string, DatasetKind>, fallbackFile: string): Diagnostic[] {
  const at = { file: metric.position?.file ?? fallbackFile, line: metric.position?.line ?? 1, column: metric.position?.column ?? 1 };
  const kind = datasetKinds.get(metric.dataset);
  if (!kind) {
    return [{ code: 'spec/unknown-dataset', message: `Unexpected dataset "${metric.dataset}" in metric "${metric.name}": no imported library declares such a dataset kind${suggest(metric.dataset, datasetKinds.keys())}`, severity: 'error', ...at, field: `metrics.${metric.name}.dataset` }];
  }
  const found: Diagnostic[] = [];
  const column = (name: string, field: string) => {
    if (Object.hasOwn(kind.columns, name)) return;
    found.push({ code: 'spec/unknown-column', message: `Unexpected column "${name}" in metric "${metric.name}": dataset "${metric.dataset}" has no such column${suggest(name, Object.keys(kind.columns))}`, severity: 'error', ...at, field: `metrics.${metric.name}.${field}` });
  };
  for (const key of ['column', 'group_by', 'distinct'] as const) {
    const name = metric[key];
    if (name !== undefined) column(name, key);
  }
  for (const key of ['where', 'match'] as const) {
    const logic = metric[key];
    if (logic === undefined) continue;
    for (const use of collectVars(logic)) {
      if (use.dynamic || use.path === '') continue;
      // A metric's logic reads the row itself (`status`); a `row.` prefix is tolerated, as lint does.
      const name = (use.path.startsWith('row.') ? use.path.slice(4) : use.path).split('.')[0]!;
      column(name, `${key}${use.pointer}`);
    }
  }
  return found;
}
