/**
 * What `diff` and `impact` compare: a provider's verdict, stages, rule outcomes (status, method hash,
 * resolved parameters) and metric values. A CheckResult reduces to it, and a portfolio row carries
 * it, so a portfolio can be compared without holding any provider's whole result.
 */
import type { CheckResult, ResolvedParameter, RuleStatus, Severity, Verdict } from '../model/types.js';

export type ParameterValue = Pick<ResolvedParameter, 'name' | 'value' | 'region' | 'from'>;

export interface RuleOutcome {
  id: string;
  severity: Severity;
  status: RuleStatus;
  definitionHash?: string;
  parameters: ParameterValue[];
}

export interface MetricValues {
  name: string;
  unit?: string;
  value: number | null;
  windows: { label: string; value: number | null }[];
}

export interface StageAttained {
  group: string;
  attained: number;
  of: number;
}

export interface Comparable {
  provider: string;
  spec: { id: string; version: string };
  verdict: Verdict;
  stages: StageAttained[];
  rules: RuleOutcome[];
  metrics: MetricValues[];
}

export function comparable(result: CheckResult): Comparable {
  return {
    provider: result.provider.name,
    spec: { id: result.spec.id, version: result.spec.version },
    verdict: result.verdict,
    stages: stagesOf(result),
    rules: result.rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      status: r.status,
      ...(r.definitionHash === undefined ? {} : { definitionHash: r.definitionHash }),
      parameters: r.parameters.map((p) => ({ name: p.name, value: p.value, region: p.region, from: p.from })),
    })),
    metrics: result.metrics.map((m) => ({ name: m.name, ...(m.unit ? { unit: m.unit } : {}), value: m.value, windows: m.windows.map((w) => ({ label: w.label, value: w.value })) })),
  };
}

export function stagesOf(result: CheckResult): StageAttained[] {
  return result.groups.flatMap((g) => (g.stage ? [{ group: g.id, attained: g.stage.attained, of: g.stage.of }] : []));
}
