/**
 * A portfolio as a library operation: every provider checked against one specification from one
 * plan (worker threads when it pays), benchmarked into a PortfolioReport. `carespec portfolio` is
 * an adapter over this; a council's own scheduler can call it the same way.
 */
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PoolBasis } from '../model/types.js';
import { loadPoolBasis } from '../payments/pool-basis.js';
import { preparePlan, type Step } from '../pipeline.js';
import { buildPortfolio } from './build.js';
import { datasetBytes, defaultJobs, ProviderPool, runProviders, workersFor } from './run.js';
import type { PortfolioReport } from './types.js';

export interface PortfolioOptions {
  /** Worker threads; default one per core, at most one per provider and one per 64 MiB of data. 1 runs in this thread. */
  jobs?: number;
  /** The reference date for every provider (default: each provider's period end). */
  asOf?: string;
  /** A folder for each provider's whole result (what `check --format json` writes), one file each, written whole. */
  resultsDir?: string;
  /** A pool-basis/1 file, for pool payments. */
  poolBasis?: string;
}

export async function checkPortfolio(specFile: string, evidence: readonly string[], options: PortfolioOptions = {}): Promise<Step<PortfolioReport>> {
  const jobs = options.jobs ?? defaultJobs(availableParallelism(), evidence.length, datasetBytes(evidence));
  // A bad basis would fail every provider the same way: refuse it once, before any check runs.
  let poolBasis: PoolBasis | undefined;
  if (options.poolBasis !== undefined) {
    const loaded = loadPoolBasis(options.poolBasis);
    if (!loaded.ok) return loaded;
    poolBasis = loaded.value;
  }
  if (options.resultsDir !== undefined) {
    const problem = resultsDirProblem(options.resultsDir);
    if (problem) return { ok: false, diagnostics: [problem] };
  }
  const providerOptions = {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.poolBasis === undefined ? {} : { poolBasis: options.poolBasis }),
    ...(options.resultsDir === undefined ? {} : { resultsDir: options.resultsDir }),
  };
  // Workers start first: their start-up overlaps this thread's own plan assembly.
  const workers = workersFor(jobs, evidence.length);
  const pool: ProviderPool | undefined = workers > 1 ? new ProviderPool(specFile, workers, providerOptions) : undefined;
  const plan = preparePlan(specFile);
  if (!plan.ok) {
    await pool?.close();
    return plan;
  }
  const outcomes = await runProviders(plan.value, specFile, evidence, { jobs, ...providerOptions }, pool);
  return { ok: true, value: buildPortfolio(plan.value, evidence, outcomes, poolBasis), warnings: plan.warnings };
}

/** The results folder is made when missing; anything but a folder there is refused before the checks run. */
function resultsDirProblem(dir: string): Diagnostic | undefined {
  const problem = (message: string): Diagnostic => ({ code: 'portfolio/results-dir', message, severity: 'error', file: dir, line: 0, column: 0 });
  try {
    mkdirSync(dir, { recursive: true });
    return statSync(dir).isDirectory() ? undefined : problem(`Unexpected file at ${dir}, expected a folder for the results`);
  } catch (error) {
    return problem(`Cannot make the results folder ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
