/**
 * The portfolio report (`carespec portfolio`, format portfolio/2): every provider checked against
 * one specification, benchmarked by a stated method. Each provider is kept as a summary (what the
 * report and `carespec diff` need), never its whole CheckResult: memory stays flat in the number of
 * providers, and whole results go to `--results-dir` instead.
 */
import type { Verdict } from '../model/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Comparable } from '../compare/comparable.js';

export type Rag = 'green' | 'amber' | 'red' | 'none';

/** A KPI: a rule that compares a metric with a parameter (`{ ">=": [metrics.x, param] }`). */
export interface KpiDefinition {
  rule: string;
  metric: string;
  title: string;
  /** Which way passes: the metric must be at least (`>=`, `>`) or at most (`<=`, `<`) the threshold. */
  comparison: '>=' | '>' | '<=' | '<';
  parameter: string;
  unit?: string;
  amberMargin: number;
}

export interface KpiStatus {
  rule: string;
  metric: string;
  /** The value judged: the deciding window's for an every-window rule, else the period's. */
  value: number | null;
  /** The window `value` is from ("period" for the whole period). */
  window: string;
  threshold: number | null;
  rag: Rag;
  /** Why the RAG status is what it is, in words. */
  reason: string;
}

/** One provider's check, reduced to what the portfolio reports: built where the check ran (a worker), so the whole result never crosses threads. */
export interface ProviderSummary extends Comparable {
  region: string;
  period: { start: string; end: string };
  /** The check's reference date. */
  asOf: string;
  verdictReason: string;
  mustFailures: string[];
  /** Rules that were not evidenced. */
  evidenceGaps: string[];
  kpis: KpiStatus[];
  score: ScoreParts;
  /** Total due from the payment statement (decimal string), null when not computed; absent without payments. */
  paymentTotal?: string | null;
  /** The provider's share of each pool payment (needs `--pool-basis`). */
  pools?: PoolAmount[];
  /** Volume of care (spec `portfolio.volume`), null when the provider did not give it. */
  volume?: number | null;
  /** The provider's whole CheckResult, written to `--results-dir` (as `check --format json` writes it). */
  resultFile?: string;
}

export interface PoolAmount {
  payment: string;
  title: string;
  status: 'computed' | 'not_evidenced' | 'error';
  amount: string | null;
  reason?: string;
}

export interface ProviderRow extends ProviderSummary {
  /** The evidence manifest, as given. */
  evidence: string;
}

export interface ScoreParts {
  /** Percent of applicable must rules met (pass or waived); 100 when none applies. */
  must: number;
  should: number;
  /** Percent of KPI points: green 2, amber 1, red 0, over KPIs with a RAG status; 100 when none has one. */
  kpi: number;
}

export interface LeagueEntry {
  position: number;
  provider: string;
  score: ScoreParts;
}

export interface MetricBenchmark {
  metric: string;
  title: string;
  unit?: string;
  /** Which way is better: `higher` or `lower` (from the KPI's comparison). */
  better: 'higher' | 'lower';
  /** Providers with a value. */
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  positions: { provider: string; value: number | null; rank: number | null; quartile: string }[];
}

export interface FailedProvider {
  evidence: string;
  diagnostics: Diagnostic[];
}

export interface AccreditationEntry {
  provider: string;
  accredited: boolean;
  verdict: Verdict;
  /** The check's reference date. */
  checked: string;
  /** The day the accreditation lapses (absent when not accredited). */
  expires?: string;
}

export interface Concentration {
  status: 'computed' | 'not_computed';
  reason?: string;
  source: string;
  total: number | null;
  shares: { provider: string; volume: number | null; share: number | null }[];
  largest: { provider: string; share: number } | null;
  hhi: number | null;
  band: string | null;
}

export interface PoolTotal {
  payment: string;
  title: string;
  /** The sum of the providers' shares; null when any provider's could not be computed. */
  total: string | null;
  reason?: string;
}

/** The pool basis the portfolio was run with, against the providers checked. */
export interface PoolBasisUse {
  file: string;
  sha256: string;
  pool: string;
  measure: string;
  /** Providers the basis shares the pool with that are not in this portfolio. */
  notInPortfolio: string[];
  /** Providers checked that the basis does not list (their pool payment is an error). */
  notInBasis: string[];
}

export interface PortfolioPayments {
  total: string | null;
  reason?: string;
  pools?: PoolTotal[];
  poolBasis?: PoolBasisUse;
}

export interface PortfolioReport {
  format: 'portfolio/2';
  engine: { name: 'carespec'; version: string };
  spec: { id: string; title: string; version: string; commissioner: string; file: string; sha256: string };
  /** The benchmarking method in words: two councils using the same spec and method get comparable figures. */
  method: { score: string; rag: string; quantiles: string; concentration: string; exit: string };
  kpis: KpiDefinition[];
  providers: ProviderRow[];
  failed: FailedProvider[];
  league: LeagueEntry[];
  benchmarks: MetricBenchmark[];
  payments?: PortfolioPayments;
  accreditation?: { validForMonths: number; register: AccreditationEntry[] };
  concentration?: Concentration;
}
