/**
 * Lints one rule library for style and usage (unused parameters, references, examples, constant
 * tests). What would make a check of it wrong or impossible is assembly's to say: the lint command
 * assembles the library first (src/authoring/lint/index.ts).
 */
import { paymentParameters } from '../../payments/plan.js';
import path from 'node:path';
import type { RuleLibrary, Specification } from '../../model/types.js';
import type { SourceIndex } from '../../load/positions.js';
import type { LibraryContext } from '../workspace.js';
import type { Reporter } from './codes.js';
import { lintRule, metricParameters, parametersReadBy } from './rules.js';

export function lintLibrary(library: RuleLibrary, readWith: LibraryContext, specs: readonly Specification[], sources: SourceIndex, out: Reporter): void {
  const file = path.resolve(library.file);
  const folder = path.dirname(library.file) || '.';
  const context = readWith.libraries;
  const where = readWith.explicit ? `${library.id} and the libraries it imports` : `the libraries in ${folder}/`;
  const references = new Set(library.references.map((r) => r.id));

  library.rules.forEach((rule, i) => lintRule(rule, (sub) => sources.at(file, ['rules', i, ...sub], rule.position), references, out));

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
