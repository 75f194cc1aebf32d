/**
 * One provider's CheckResult reduced to its portfolio summary, where the check ran. The summary is
 * small whatever the provider's data (no per-record failures, findings or payment lines), so a
 * portfolio of any size holds only summaries, and a worker posts back kilobytes, not the result.
 */
import { comparable } from '../compare/comparable.js';
import type { CheckResult } from '../model/types.js';
import { kpiStatus } from './kpis.js';
import { scoreParts } from './score.js';
import type { KpiDefinition, PoolAmount, ProviderSummary } from './types.js';

export function summarise(result: CheckResult, kpiDefinitions: readonly KpiDefinition[], volume?: number | null): ProviderSummary {
  const kpis = kpiDefinitions.map((k) => kpiStatus(k, result));
  const pools = result.payments?.payments
    .filter((p) => p.type === 'pool')
    .map((p): PoolAmount => ({ payment: p.id, title: p.title, status: p.status, amount: p.amount, ...(p.reason === undefined ? {} : { reason: p.reason }) }));
  return {
    ...comparable(result),
    region: result.provider.region,
    period: { start: result.period.start, end: result.period.end },
    asOf: result.asOf,
    verdictReason: result.verdictReason,
    mustFailures: result.rules.filter((r) => r.severity === 'must' && (r.status === 'fail' || r.status === 'error')).map((r) => r.id),
    evidenceGaps: result.rules.filter((r) => r.status === 'not_evidenced').map((r) => r.id),
    kpis,
    score: scoreParts(result, kpis),
    ...(result.payments ? { paymentTotal: result.payments.total } : {}),
    ...(pools && pools.length > 0 ? { pools } : {}),
    ...(volume === undefined ? {} : { volume }),
  };
}
