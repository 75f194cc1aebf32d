/**
 * The portfolio report from every provider's outcome: rows, league table, benchmarks, payments,
 * accreditation register and concentration. Pure: the same outcomes give the same report.
 */
import { ENGINE_VERSION } from '../version.js';
import type { PoolBasis } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { Big, sum } from '../payments/money.js';
import type { ProviderOutcome } from './check-one.js';
import { kpiDefinitions } from './kpis.js';
import { CONCENTRATION_METHOD, concentration, register } from './market.js';
import { league, SCORE_METHOD } from './score.js';
import { benchmark, QUANTILE_METHOD } from './stats.js';
import type { FailedProvider, PoolBasisUse, PoolTotal, PortfolioPayments, PortfolioReport, ProviderRow } from './types.js';

export const RAG_METHOD =
  'A KPI is a rule comparing a metric with a parameter. Its threshold is the parameter as resolved for the provider\'s own check (region and date). Red: the rule fails or errs, or the value judged is on the failing side. Amber: the value is on the passing side but within the amber margin of the threshold (front matter portfolio.amber_margin, in the metric\'s unit; default 0). Green: clear of the margin. None: not evidenced or not applicable. The value judged is the period\'s, or for a rule tested every month or quarter, the window the check named (the worst failing one, or on a pass the closest to the threshold).';

export const EXIT_METHOD =
  'Exit 0: every provider was checked and is compliant. Exit 1: some provider is not compliant or has insufficient evidence, or some evidence bundle could not be checked (listed under "Not checked"). Exit 2: the specification is unusable, or no provider could be checked.';

export function buildPortfolio(plan: Plan, evidence: readonly string[], outcomes: readonly ProviderOutcome[], poolBasis?: PoolBasis): PortfolioReport {
  const kpis = kpiDefinitions(plan);
  const rows: ProviderRow[] = [];
  const failed: FailedProvider[] = [];
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) {
      failed.push({ evidence: evidence[i]!, diagnostics: outcome.diagnostics });
      return;
    }
    // The evidence right after the name, so a reader of the JSON sees whose row it is first.
    const { provider, ...summary } = outcome.summary;
    rows.push({ provider, evidence: evidence[i]!, ...summary });
  });

  const benchmarkedMetrics = [...new Map(kpis.map((k) => [k.metric, k])).values()];
  const spec = plan.spec;
  const report: PortfolioReport = {
    format: 'portfolio/2',
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
        rows.map((r) => ({ provider: r.provider, value: r.metrics.find((m) => m.name === k.metric)?.value ?? null })),
      ),
    ),
  };
  if (rows.some((r) => r.paymentTotal !== undefined) || poolBasis) report.payments = payments(rows, poolBasis);
  if (spec.accreditation) report.accreditation = { validForMonths: spec.accreditation.valid_for_months, register: register(rows, spec.accreditation.valid_for_months) };
  if (spec.portfolio?.volume) report.concentration = concentration(spec.portfolio.volume, rows, failed.length);
  return report;
}

/** Payment totals, each exact: none when any provider's could not be computed (never a partial sum). */
function payments(rows: readonly ProviderRow[], poolBasis: PoolBasis | undefined): PortfolioPayments {
  const out: PortfolioPayments = exactSum(rows.map((r) => ({ provider: r.provider, amount: r.paymentTotal })), 'portfolio total');
  const ids = [...new Set(rows.flatMap((r) => (r.pools ?? []).map((p) => p.payment)))];
  if (ids.length > 0) {
    out.pools = ids.map((id): PoolTotal => {
      const title = rows.flatMap((r) => r.pools ?? []).find((p) => p.payment === id)!.title;
      return { payment: id, title, ...exactSum(rows.map((r) => ({ provider: r.provider, amount: r.pools?.find((p) => p.payment === id)?.amount })), 'pool total') };
    });
  }
  if (poolBasis) out.poolBasis = poolBasisUse(poolBasis, rows);
  return out;
}

function exactSum(amounts: readonly { provider: string; amount: string | null | undefined }[], what: string): { total: string | null; reason?: string } {
  const missing = amounts.filter((a) => a.amount === null || a.amount === undefined).map((a) => a.provider);
  if (missing.length > 0) return { total: null, reason: `no amount for ${missing.join(', ')}, so no ${what} is given` };
  return { total: sum(amounts.map((a) => new Big(a.amount!))).toFixed(2) };
}

/** Who the basis shares the pool with against who was checked: a pool is shared over the basis, not over the portfolio. */
function poolBasisUse(basis: PoolBasis, rows: readonly ProviderRow[]): PoolBasisUse {
  const listed = new Set(basis.providers.map((p) => p.name));
  const checked = new Set(rows.map((r) => r.provider));
  return {
    file: basis.file,
    sha256: basis.sha256,
    pool: basis.pool,
    measure: basis.measure,
    notInPortfolio: basis.providers.map((p) => p.name).filter((name) => !checked.has(name)),
    notInBasis: rows.map((r) => r.provider).filter((name) => !listed.has(name)),
  };
}

/** Exit code of a portfolio run (EXIT_METHOD). */
export function portfolioExit(report: PortfolioReport): 0 | 1 | 2 {
  if (report.providers.length === 0) return 2;
  return report.failed.length === 0 && report.providers.every((r) => r.verdict === 'compliant') ? 0 : 1;
}
