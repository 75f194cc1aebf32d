/**
 * A hash of each rule's method, added to the result after evaluation (like withPositions): the
 * rule's logic, scope, windows and severity, the definitions of the metrics its logic reads, and
 * the parameters as resolved for this run. Two runs whose hashes differ did not measure the same
 * thing, so `carespec diff` reports a change of status there as "method changed", not as a change
 * of performance. Positions, titles, messages and remediation are left out: rewording a rule or
 * moving it in its file is not a change of method.
 */
import { createHash } from 'node:crypto';
import type { CheckResult, JsonValue, Logic, Metric, ResolvedParameter, Rule, RuleResult } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { walkLogic } from '../logic/index.js';

export function withDefinitionHashes(result: CheckResult, plan: Plan): CheckResult {
  const rules = new Map(plan.rules.map((p) => [p.rule.id, p.rule]));
  return {
    ...result,
    rules: result.rules.map((r): RuleResult => {
      const rule = rules.get(r.id);
      // A result names only planned rules; a missing one would be a bug, not something to hash around.
      if (!rule) throw new Error(`definition hash: rule "${r.id}" is in the result but not in the plan`);
      return { ...r, definitionHash: definitionHash(rule, r.severity, plan.metrics, r.parameters) };
    }),
  };
}

export function definitionHash(rule: Rule, severity: string, metrics: ReadonlyMap<string, Metric>, parameters: readonly ResolvedParameter[]): string {
  const logic: Logic[] = [rule.test, rule.applies_when ?? null, rule.per_record?.where ?? null];
  const read = [...new Set(logic.flatMap(metricNames))].sort();
  const method = {
    test: rule.test,
    applies_when: rule.applies_when ?? null,
    per_record: rule.per_record ? { dataset: rule.per_record.dataset, where: rule.per_record.where ?? null, tolerance: rule.per_record.tolerance ?? 0 } : null,
    every_window: rule.every_window ?? false,
    requires: [...rule.requires].sort(),
    severity,
    metrics: read.map((name) => metricMethod(name, metrics.get(name))),
    parameters: parameters.map((p) => ({ name: p.name, value: p.value, region: p.region, from: p.from })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
  return `sha256:${createHash('sha256').update(canonical(method as unknown as JsonValue)).digest('hex')}`;
}

function metricMethod(name: string, metric: Metric | undefined): JsonValue {
  if (!metric) return { name, declared: false };
  const { position: _position, title: _title, ...method } = metric;
  return method as unknown as JsonValue;
}

/** Metric names read by `{ "var": "metrics.x" }` (or `["metrics.x", default]`) anywhere in the logic, scoped bodies included. */
function metricNames(logic: Logic): string[] {
  const names: string[] = [];
  walkLogic(logic, {}, ({ op, args }) => {
    const path = args[0];
    if (op === 'var' && typeof path === 'string' && path.startsWith('metrics.')) names.push(path.slice('metrics.'.length).split('.')[0] ?? '');
  });
  return names;
}

/** JSON with object keys sorted, so the hash does not depend on the order keys were written in. */
export function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
