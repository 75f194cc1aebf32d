/** Lints one evidence manifest against the libraries and specifications being linted: facts, dataset kinds, waivers. */
import path from 'node:path';
import type { Evidence, RuleLibrary, Specification } from '../../model/types.js';
import type { SourceIndex } from '../../load/positions.js';
import type { Reporter } from './codes.js';
import { suggest } from '../../text/suggest.js';
import { knownRegions, regionDiagnostic } from '../../validate/regions.js';

export function lintEvidence(evidence: Evidence, libraries: readonly RuleLibrary[], specs: readonly Specification[], sources: SourceIndex, out: Reporter): void {
  if (libraries.length === 0) return; // nothing to compare with: `carespec validate` has checked the schema
  const file = path.resolve(evidence.file);
  const where = 'the rule libraries being linted';
  const facts = new Set([...libraries.flatMap((l) => l.facts.map((f) => f.name)), ...specs.flatMap((s) => s.facts.map((f) => f.name))]);
  const datasets = new Set(libraries.flatMap((l) => l.datasets.map((d) => d.name)));
  const rules = new Set([...libraries.flatMap((l) => l.rules.map((r) => r.id)), ...specs.flatMap((s) => s.rules.map((r) => r.id))]);
  for (const name of Object.keys(evidence.facts)) {
    if (!facts.has(name)) {
      out.report('lint/undeclared-fact', `Fact "${name}" is declared by none of ${where}, so no rule reads it${suggest(name, facts)}`, sources.at(file, ['facts', name]));
    }
  }
  evidence.datasets.forEach((dataset, i) => {
    if (!datasets.has(dataset.kind)) {
      out.report('lint/unknown-dataset', `Dataset "${dataset.id}" has kind "${dataset.kind}", which none of ${where} declares${suggest(dataset.kind, datasets)}`, sources.at(file, ['datasets', i, 'kind']));
    }
  });
  const region = regionDiagnostic(evidence.provider.region, knownRegions([...libraries.flatMap((l) => l.parameters), ...specs.flatMap((s) => s.parameterOverrides)]), evidence.regionPosition, evidence.file);
  if (region) out.report('lint/unknown-region', region.message, sources.at(file, ['provider', 'region']));
  evidence.waivers.forEach((waiver, i) => {
    if (!rules.has(waiver.rule)) out.report('lint/unknown-rule', `Waiver names unknown rule "${waiver.rule}"${suggest(waiver.rule, rules)}`, sources.at(file, ['waivers', i, 'rule']));
  });
}
