/** Lints one rule library against what it imports (or, without imports, the libraries in its folder) and the specifications being linted. */
import { paymentParameters } from '../../payments/plan.js';
import path from 'node:path';
import type { RuleLibrary, Specification } from '../../model/types.js';
import type { SourceIndex } from '../../load/positions.js';
import type { LibraryContext } from '../workspace.js';
import type { Reporter } from './codes.js';
import { lintGroups, lintMetric, lintReconciliations, lintRule, metricParameters, parametersReadBy } from './rules.js';
import { scopeOf } from './scope.js';

export function lintLibrary(library: RuleLibrary, readWith: LibraryContext, specs: readonly Specification[], sources: SourceIndex, out: Reporter): void {
  const file = path.resolve(library.file);
  const folder = path.dirname(library.file) || '.';
  const context = readWith.libraries;
  const where = readWith.explicit ? `${library.id} and the libraries it imports` : `the libraries in ${folder}/`;
  const scope = scopeOf(context, [], where);
  const references = new Set(library.references.map((r) => r.id));

  // Duplicate ids: within the library, and against libraries earlier in the folder.
  const earlier = new Map<string, string>();
  for (const other of context) {
    if (other.file >= library.file) continue;
    for (const rule of other.rules) earlier.set(rule.id, `${other.file}:${rule.position?.line ?? 0}`);
  }
  for (const rule of library.rules) {
    const where = earlier.get(rule.id);
    if (where) out.report('lint/duplicate-rule', `Duplicate rule id "${rule.id}" (also defined at ${where})`, sources.inRule(file, rule.id, ['id'], rule.position));
  }
  const ids = new Map<string, number>();
  library.rules.forEach((rule, i) => {
    const first = ids.get(rule.id);
    if (first !== undefined) {
      out.report('lint/duplicate-rule', `Duplicate rule id "${rule.id}" (also rules[${first}] of this library)`, sources.at(file, ['rules', i, 'id'], rule.position));
    } else ids.set(rule.id, i);
  });

  library.rules.forEach((rule, i) => lintRule(rule, (sub) => sources.at(file, ['rules', i, ...sub], rule.position), scope, references, out));
  for (const metric of library.metrics) lintMetric(metric, (sub) => sources.at(file, ['metrics', metric.name, ...sub], metric.position), scope, out);
  lintReconciliations(library, scope, out);
  const allRules = new Set(context.flatMap((l) => l.rules.map((r) => r.id)));
  lintGroups(library.groups, allRules, library.file, sources, out, false);

  // Unused parameters: read by no rule or metric in the folder, nor by any specification's own rules.
  const read = new Set<string>([
    ...context.flatMap((l) => [...l.rules.flatMap(parametersReadBy), ...l.metrics.flatMap(metricParameters)]),
    ...specs.flatMap((s) => s.rules.flatMap(parametersReadBy)),
    // Payments (issue #15) read rates and thresholds as parameters too.
    ...context.flatMap((l) => (l.payments ?? []).flatMap(paymentParameters)),
    ...specs.flatMap((s) => (s.payments?.defined ?? []).flatMap(paymentParameters)),
  ]);
  for (const parameter of library.parameters) {
    if (!read.has(parameter.name)) {
      out.report('lint/unused-parameter', `Parameter "${parameter.name}" is read by no rule or metric of ${where}`, sources.at(file, ['parameters', parameter.name], parameter.position));
    }
    if (parameter.reference !== undefined && !references.has(parameter.reference)) {
      out.report('lint/unknown-reference', `Unexpected reference "${parameter.reference}" in parameter "${parameter.name}": the library lists no reference with that id`, sources.at(file, ['parameters', parameter.name, 'reference'], parameter.position));
    }
  }
}
