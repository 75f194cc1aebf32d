/**
 * Which rules are KPIs and how each provider stands on them. A KPI is a rule whose test compares a
 * metric with a parameter, `{ ">=": [{ "var": "metrics.x" }, { "param": "p" }] }` (either order);
 * its threshold is the parameter as resolved for that provider's run (region and date), so RAG uses
 * exactly the figure the check used.
 */
import type { JsonValue, Logic, RuleResult, CheckResult } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import type { KpiDefinition, KpiStatus } from './types.js';

const FLIP = { '>=': '<=', '>': '<', '<=': '>=', '<': '>' } as const;
type Comparison = keyof typeof FLIP;

export function kpiDefinitions(plan: Plan): KpiDefinition[] {
  const margins = plan.spec.portfolio?.amber_margin ?? {};
  const found: KpiDefinition[] = [];
  for (const { rule } of plan.rules) {
    const shape = comparisonShape(rule.test);
    if (!shape) continue;
    const metric = plan.metrics.get(shape.metric);
    found.push({
      rule: rule.id,
      metric: shape.metric,
      title: metric?.title ?? shape.metric,
      comparison: shape.comparison,
      parameter: shape.parameter,
      ...(metric?.unit ? { unit: metric.unit } : {}),
      amberMargin: margins[shape.metric] ?? margins.default ?? 0,
    });
  }
  return found;
}

function comparisonShape(test: Logic): { metric: string; parameter: string; comparison: Comparison } | undefined {
  if (test === null || typeof test !== 'object' || Array.isArray(test)) return undefined;
  const keys = Object.keys(test);
  if (keys.length !== 1 || !(keys[0]! in FLIP)) return undefined;
  const op = keys[0] as Comparison;
  const args = test[op];
  if (!Array.isArray(args) || args.length !== 2) return undefined;
  const [left, right] = args;
  const m = metricOf(left), p = paramOf(right);
  if (m && p) return { metric: m, parameter: p, comparison: op };
  const m2 = metricOf(right), p2 = paramOf(left);
  if (m2 && p2) return { metric: m2, parameter: p2, comparison: FLIP[op] };
  return undefined;
}

const metricOf = (v: JsonValue | undefined): string | undefined => {
  const path = isObject(v) ? v.var : undefined;
  return typeof path === 'string' && /^metrics\.[^.]+$/.test(path) ? path.slice('metrics.'.length) : undefined;
};
const paramOf = (v: JsonValue | undefined): string | undefined => (isObject(v) && typeof v.param === 'string' ? v.param : undefined);
const isObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One provider on one KPI: red when the rule fails or errs, amber when it passes within the margin, else green. */
export function kpiStatus(kpi: KpiDefinition, result: CheckResult): KpiStatus {
  const rule = result.rules.find((r) => r.id === kpi.rule);
  const base = { rule: kpi.rule, metric: kpi.metric };
  if (!rule) return { ...base, value: null, window: 'period', threshold: null, rag: 'none', reason: 'the rule is not in this result' };
  const thresholdValue = rule.parameters.find((p) => p.name === kpi.parameter)?.value;
  const threshold = typeof thresholdValue === 'number' ? thresholdValue : null;
  const { value, window } = judgedValue(rule, kpi.metric, result);
  const statusOnly = (rag: KpiStatus['rag'], reason: string): KpiStatus => ({ ...base, value, window, threshold, rag, reason });
  if (rule.status === 'fail' || rule.status === 'error') return statusOnly('red', `rule ${rule.status === 'fail' ? 'fails' : 'errs'}`);
  if (rule.status === 'not_evidenced' || rule.status === 'not_applicable') return statusOnly('none', rule.status.replace('_', ' '));
  if (value === null || threshold === null) return statusOnly('none', `${rule.status}, but ${value === null ? 'no value' : 'no numeric threshold'} to place it`);
  const passes = compare(value, kpi.comparison, threshold);
  if (!passes) return statusOnly('red', `${rule.status}, but ${value} does not meet ${kpi.comparison} ${threshold}`);
  const distance = Math.abs(value - threshold);
  return distance <= kpi.amberMargin
    ? statusOnly('amber', `within ${kpi.amberMargin} of the threshold ${threshold}`)
    : statusOnly('green', `more than ${kpi.amberMargin} clear of the threshold ${threshold}`);
}

function judgedValue(rule: RuleResult, metric: string, result: CheckResult): { value: number | null; window: string } {
  if (rule.windows && rule.decidingWindow) {
    const window = rule.windows.find((w) => w.label === rule.decidingWindow);
    return { value: window?.values[metric] ?? null, window: rule.decidingWindow };
  }
  return { value: result.metrics.find((m) => m.name === metric)?.value ?? null, window: 'period' };
}

export function compare(value: number, comparison: KpiDefinition['comparison'], threshold: number): boolean {
  switch (comparison) {
    case '>=': return value >= threshold;
    case '>': return value > threshold;
    case '<=': return value <= threshold;
    case '<': return value < threshold;
  }
}
