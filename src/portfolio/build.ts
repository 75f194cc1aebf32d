/**
 * The portfolio report from every provider's outcome: rows, league table, benchmarks, payments,
 * accreditation register and concentration. Pure: the same outcomes give the same report.
 */
import { ENGINE_VERSION } from '../version.js';
import type { CheckResult } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { Big, sum } from '../payments/money.js';
import type { ProviderOutcome } from './check-one.js';
import { kpiDefinitions, kpiStatus } from './kpis.js';
import { CONCENTRATION_METHOD, concentration, register } from './market.js';
import { league, scoreParts, SCORE_METHOD } from './score.js';
import { benchmark, QUANTILE_METHOD } from './stats.js';
import type { FailedProvider, PortfolioReport, ProviderRow } from './types.js';

export const RAG_METHOD =
  'A KPI is a rule comparing a metric with a parameter. Its threshold is the parameter as resolved for the provider\'s own check (region and date). Red: the rule fails or errs, or the value judged is on the failing side. Amber: the value is on the passing side but within the amber margin of the threshold (front matter portfolio.amber_margin, in the metric\'s unit; default 0). Green: clear of the margin. None: not evidenced or not applicable. The value judged is the period\'s, or for a rule tested every month or quarter, the window the check named (the worst failing one, or on a pass the closest to the threshold).';

export const EXIT_METHOD =
  'Exit 0: every provider was checked and is compliant. Exit 1: some provider is not compliant or has insufficient evidence, or some evidence bundle could not be checked (listed under "Not checked"). Exit 2: the specification is unusable, or no provider could be checked.';

export function buildPortfolio(plan: Plan, evidence: readonly string[], outcomes: readonly ProviderOutcome[]): PortfolioReport {
  const kpis = kpiDefinitions(plan);
  const rows: ProviderRow[] = [];
  const failed: FailedProvider[] = [];
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) {
      failed.push({ evidence: evidence[i]!, diagnostics: outcome.diagnostics });
      return;
    }
    rows.push(row(outcome.result, evidence[i]!, kpis.map((k) => kpiStatus(k, outcome.result)), outcome.volume));
  });

  const benchmarkedMetrics = [...new Map(kpis.map((k) => [k.metric, k])).values()];
  const spec = plan.spec;
  const report: PortfolioReport = {
    format: 'portfolio/1',
    engine: { name: 'carespec', version: ENGINE_VERSION },
    spec: { id: spec.id, title: spec.title, version: spec.version, commissioner: spec.commissioner, file: spec.file, sha256: spec.sha256 },
    method: { score: SCORE_METHOD, rag: RAG_METHOD, quantiles: QUANTILE_METHOD, concentration: CONCENTRATION_METHOD, exit: EXIT_METHOD },
    kpis,
    providers: rows,
    failed,
    league: league(rows),
    benchmarks: benchmarkedMetrics.map((k) =>
      benchmark(
        { metric: k.metric, title: k.title, ...(k.unit ? { unit: k.unit } : {}), better: k.comparison.startsWith('>') ? 'higher' : 'lower' },
        rows.map((r) => ({ provider: r.provider, value: r.result.metrics.find((m) => m.name === k.metric)?.value ?? null })),
      ),
    ),
  };
  if (rows.some((r) => r.paymentTotal !== undefined)) report.payments = paymentTotal(rows);
  if (spec.accreditation) report.accreditation = { validForMonths: spec.accreditation.valid_for_months, register: register(rows, spec.accreditation.valid_for_months) };
  if (spec.portfolio?.volume) report.concentration = concentration(spec.portfolio.volume, rows, failed.length);
  return report;
}

function row(result: CheckResult, evidence: string, kpis: ProviderRow['kpis'], volume: number | null | undefined): ProviderRow {
  return {
    provider: result.provider.name,
    evidence,
    verdict: result.verdict,
    verdictReason: result.verdictReason,
    stages: result.groups.filter((g) => g.stage).map((g) => ({ group: g.id, attained: g.stage!.attained, of: g.stage!.of })),
    mustFailures: result.rules.filter((r) => r.severity === 'must' && (r.status === 'fail' || r.status === 'error')).map((r) => r.id),
    evidenceGaps: result.rules.filter((r) => r.status === 'not_evidenced').map((r) => r.id),
    kpis,
    score: scoreParts(result, kpis),
    ...(result.payments ? { paymentTotal: result.payments.total } : {}),
    ...(volume === undefined ? {} : { volume }),
    result,
  };
}

/** The sum of the providers' totals, exactly; no total when any provider's could not be computed. */
function paymentTotal(rows: readonly ProviderRow[]): { total: string | null; reason?: string } {
  const missing = rows.filter((r) => r.paymentTotal === null || r.paymentTotal === undefined).map((r) => r.provider);
  if (missing.length > 0) return { total: null, reason: `no total for ${missing.join(', ')}, so no portfolio total is given` };
  return { total: sum(rows.map((r) => new Big(r.paymentTotal!))).toFixed(2) };
}

/** Exit code of a portfolio run (EXIT_METHOD). */
export function portfolioExit(report: PortfolioReport): 0 | 1 | 2 {
  if (report.providers.length === 0) return 2;
  return report.failed.length === 0 && report.providers.every((r) => r.verdict === 'compliant') ? 0 : 1;
}
