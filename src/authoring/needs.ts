/**
 * What evidence a specification's selected rules read: the facts,
 * attestations, provider fields and datasets (directly, for per-record rules,
 * or through the metrics computed from them). Drives `init` and the checklist.
 */
import type { DatasetKind, FactDeclaration, Metric, Rule } from '../model/types.js';
import type { Plan, PlannedRule } from '../validate/assemble.js';
import { varsIn } from '../logic/index.js';
import { templatePaths } from '../text/placeholders.js';

export interface NeededBy {
  rule: Rule;
  clause: { id: string; title: string } | null;
}

export interface EvidenceNeeds {
  facts: Map<string, { declaration?: FactDeclaration; by: NeededBy[] }>;
  attestations: Map<string, { by: NeededBy[] }>;
  provider: Map<string, { by: NeededBy[] }>;
  datasets: Map<string, { declaration?: DatasetKind; metrics: Metric[]; by: NeededBy[] }>;
}

/** Every root path a rule reads: its logic, `requires` and message placeholders. */
export function pathsReadBy(rule: Rule): string[] {
  const paths = new Set<string>();
  for (const logic of [rule.test, rule.applies_when]) for (const v of varsIn(logic)) paths.add(v.name);
  for (const p of rule.requires) paths.add(p);
  for (const template of [rule.messages.pass, rule.messages.fail]) for (const p of templatePaths(template)) if (!p.startsWith('params.')) paths.add(p);
  return [...paths];
}

export function evidenceNeeds(plan: Plan): EvidenceNeeds {
  const needs: EvidenceNeeds = { facts: new Map(), attestations: new Map(), provider: new Map(), datasets: new Map() };
  const add = <T extends { by: NeededBy[] }>(map: Map<string, T>, key: string, make: () => T, planned: PlannedRule) => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = make()));
    if (!entry.by.some((b) => b.rule.id === planned.rule.id)) entry.by.push({ rule: planned.rule, clause: planned.clause });
    return entry;
  };
  const dataset = (kind: string, planned: PlannedRule) => {
    const declaration = plan.datasetKinds.get(kind);
    return add(needs.datasets, kind, () => ({ ...(declaration ? { declaration } : {}), metrics: [], by: [] }), planned);
  };
  for (const planned of plan.rules) {
    const { rule } = planned;
    for (const path of pathsReadBy(rule)) {
      const [root, name] = path.split('.');
      if (!name) continue;
      if (root === 'facts') {
        const declaration = plan.facts.get(name);
        add(needs.facts, name, () => ({ ...(declaration ? { declaration } : {}), by: [] }), planned);
      } else if (root === 'attestations') add(needs.attestations, name, () => ({ by: [] }), planned);
      else if (root === 'provider' && name !== 'name' && name !== 'region') add(needs.provider, name, () => ({ by: [] }), planned);
      else if (root === 'metrics') {
        const metric = plan.metrics.get(name);
        if (!metric) continue;
        const entry = dataset(metric.dataset, planned);
        if (!entry.metrics.includes(metric)) entry.metrics.push(metric);
      }
    }
    if (rule.per_record) dataset(rule.per_record.dataset, planned);
  }
  return needs;
}

export function describeBy(by: readonly NeededBy[]): string {
  return by.map((b) => `${b.rule.id} (${b.rule.severity}${b.clause ? `, clause ${b.clause.id}` : ''})`).join(', ');
}

export function factType(declaration: FactDeclaration | undefined): string {
  if (!declaration) return 'undeclared (any value)';
  const values = declaration.values ? `${declaration.type === 'enum' ? '' : ':'} one of ${declaration.values.join(', ')}` : '';
  const unit = declaration.unit ? ` in ${declaration.unit}` : '';
  const shape: Record<FactDeclaration['type'], string> = {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    date: 'a date (YYYY-MM-DD)',
    enum: '',
    percent: 'a percentage (0–100)',
    list: 'a list',
  };
  return `${shape[declaration.type]}${unit}${values}`.trim();
}
