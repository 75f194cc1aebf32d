/**
 * Windowed KPIs for the reports: each metric with windows that a selected rule reads, the rule that
 * decides about it, and the threshold that rule compares it with. The result carries no logic, so
 * the threshold is the rule's numeric parameter in the metric's own unit: a parameter in another unit
 * (a tolerance in percent beside a metric in hours) is not a threshold for it, and no threshold is
 * stated rather than a wrong one.
 */
import type { CheckResult, MetricResult, ResolvedParameter, RuleResult, WindowOutcome } from '../model/types.js';

export interface Kpi {
  metric: MetricResult;
  /** The rule that reads it: the one testing it window by window if any, must before should. */
  rule: RuleResult;
  threshold?: ResolvedParameter & { value: number };
  /** Read by a must rule: charted in the markdown report, and kept in the board report. */
  must: boolean;
  /** Each window's status under `rule`, when the rule tests it window by window. */
  statusOf: ReadonlyMap<string, WindowOutcome['status']>;
}

/** Whether a rule reads a metric: in what it saw, what it missed, or its windows. */
function reads(rule: RuleResult, metric: string): boolean {
  const path = `metrics.${metric}`;
  return rule.seen.some((s) => s.path === path) || rule.missing.includes(path) || (rule.windows ?? []).some((w) => metric in w.values);
}

export function thresholdFor(metric: MetricResult, rule: RuleResult): (ResolvedParameter & { value: number }) | undefined {
  const numeric = rule.parameters.filter((p): p is ResolvedParameter & { value: number } => typeof p.value === 'number');
  const sameUnit = numeric.filter((p) => p.unit === metric.unit);
  return sameUnit.length === 1 ? sameUnit[0] : undefined;
}

const failing = (r: RuleResult) => r.status === 'fail' || r.status === 'error';

/** Windowed KPIs in report order: failing must-rules' first, then must, failing should, the rest; metric order within. */
export function windowedKpis(result: CheckResult): Kpi[] {
  const rank = (k: Kpi) => (k.must ? 0 : 2) + (failing(k.rule) ? 0 : 1);
  return result.metrics
    .filter((m) => m.window !== 'period' && m.windows.length > 0)
    .flatMap((metric, index): { kpi: Kpi; index: number }[] => {
      const readers = result.rules.filter((r) => reads(r, metric.name));
      if (readers.length === 0) return [];
      const windowed = readers.filter((r) => (r.windows ?? []).some((w) => metric.name in w.values));
      const pick = (list: RuleResult[]) => list.find((r) => r.severity === 'must') ?? list[0];
      const rule = pick(windowed) ?? pick(readers)!;
      const threshold = thresholdFor(metric, rule);
      const statusOf = new Map((rule.windows ?? []).filter((w) => metric.name in w.values).map((w): [string, WindowOutcome['status']] => [w.label, w.status]));
      return [{ kpi: { metric, rule, must: readers.some((r) => r.severity === 'must'), ...(threshold ? { threshold } : {}), statusOf }, index }];
    })
    .sort((a, b) => rank(a.kpi) - rank(b.kpi) || a.index - b.index)
    .map(({ kpi }) => kpi);
}
