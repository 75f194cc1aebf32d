/** The declarations a rule may read (facts, metrics, datasets, parameters), gathered from libraries and a specification. */
import type { DatasetKind, FactDeclaration, Metric, Parameter, RuleLibrary } from '../../model/types.js';

/** What a rule may read: the declarations in scope. */
export interface Scope {
  facts: ReadonlyMap<string, FactDeclaration>;
  metrics: ReadonlyMap<string, Metric>;
  datasets: ReadonlyMap<string, DatasetKind>;
  parameters: ReadonlySet<string>;
  /** Says where declarations were looked for, for messages. */
  where: string;
}

export function scopeOf(libraries: readonly RuleLibrary[], overrides: readonly Parameter[], where: string, specFacts: readonly FactDeclaration[] = [], specMetrics: readonly Metric[] = []): Scope {
  const facts = new Map<string, FactDeclaration>();
  const metrics = new Map<string, Metric>();
  const datasets = new Map<string, DatasetKind>();
  const parameters = new Set<string>();
  for (const library of libraries) {
    for (const f of library.facts) if (!facts.has(f.name)) facts.set(f.name, f);
    for (const m of library.metrics) if (!metrics.has(m.name)) metrics.set(m.name, m);
    for (const d of library.datasets) if (!datasets.has(d.name)) datasets.set(d.name, d);
    for (const p of library.parameters) parameters.add(p.name);
  }
  for (const o of overrides) parameters.add(o.name);
  for (const f of specFacts) if (!facts.has(f.name)) facts.set(f.name, f);
  for (const m of specMetrics) if (!metrics.has(m.name)) metrics.set(m.name, m);
  return { facts, metrics, datasets, parameters, where };
}
