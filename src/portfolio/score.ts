/** The league table's score: carespec's own, stated in every report (SCORE_METHOD). */
import type { CheckResult, RuleResult, Severity } from '../model/types.js';
import type { KpiStatus, LeagueEntry, ProviderRow, ScoreParts } from './types.js';
import { round } from './stats.js';

export const SCORE_METHOD =
  'Providers are ordered by three shares, compared in turn (the second only breaks ties in the first, and so on): (1) must rules met: pass or waived, over the must rules that apply (not "not applicable"); (2) the same for should rules; (3) KPI points: green 2, amber 1, red 0, over the KPIs with a RAG status, as a percentage of the most possible. A share with nothing to count is 100 %. Equal scores share a position and are listed by provider name.';

const MET = new Set<RuleResult['status']>(['pass', 'waived']);

function share(rules: readonly RuleResult[], severity: Severity): number {
  const applicable = rules.filter((r) => r.severity === severity && r.status !== 'not_applicable');
  return applicable.length === 0 ? 100 : round((100 * applicable.filter((r) => MET.has(r.status)).length) / applicable.length, 2);
}

export function scoreParts(result: CheckResult, kpis: readonly KpiStatus[]): ScoreParts {
  const rated = kpis.filter((k) => k.rag !== 'none');
  const points = rated.reduce((sum, k) => sum + (k.rag === 'green' ? 2 : k.rag === 'amber' ? 1 : 0), 0);
  return {
    must: share(result.rules, 'must'),
    should: share(result.rules, 'should'),
    kpi: rated.length === 0 ? 100 : round((100 * points) / (2 * rated.length), 2),
  };
}

const order = (a: ScoreParts, b: ScoreParts) => b.must - a.must || b.should - a.should || b.kpi - a.kpi;

export function league(rows: readonly ProviderRow[]): LeagueEntry[] {
  const sorted = [...rows].sort((a, b) => order(a.score, b.score) || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
  return sorted.map((row) => ({
    position: 1 + sorted.filter((other) => order(other.score, row.score) < 0).length,
    provider: row.provider,
    score: row.score,
  }));
}
