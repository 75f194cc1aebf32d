/** `carespec portfolio <spec> <evidence...>`: every provider checked against one specification, benchmarked. */
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { PoolBasis } from '../../model/types.js';
import { loadPoolBasis } from '../../payments/pool-basis.js';
import { preparePlan } from '../../pipeline.js';
import { buildPortfolio, portfolioExit } from '../../portfolio/build.js';
import { loadPortfolioManifest } from '../../portfolio/manifest.js';
import { datasetBytes, defaultJobs, ProviderPool, runProviders, workersFor } from '../../portfolio/run.js';
import { renderPortfolio, type PortfolioFormatName } from '../../render/portfolio-formats.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface PortfolioCommandOptions {
  manifest?: string;
  format?: PortfolioFormatName;
  output?: string;
  /** Worker threads (default: one per core, at most one per provider and one per 64 MiB of data); 1 runs in this thread. */
  jobs?: string;
  asOf?: string;
  /** Folder for each provider's whole result (`check --format json`), one file each. */
  resultsDir?: string;
  /** A pool-basis/1 file, for pool payments (as `check --pool-basis`). */
  poolBasis?: string;
}

export async function portfolioCommand(specArg: string | undefined, evidenceArgs: string[], options: PortfolioCommandOptions, io: Io): Promise<ExitCode> {
  let specFile = specArg;
  let evidence = evidenceArgs;
  if (options.manifest) {
    if (evidence.length > 0) {
      io.stderr('carespec portfolio: give the evidence manifests either on the command line or in --manifest, not both\n');
      return EXIT.badInput;
    }
    const manifest = loadPortfolioManifest(options.manifest);
    if (!manifest.ok) {
      printDiagnostics(io, manifest.diagnostics);
      return EXIT.badInput;
    }
    if (manifest.value.spec && specFile && path.resolve(manifest.value.spec) !== path.resolve(specFile)) {
      io.stderr(`carespec portfolio: the manifest names ${manifest.value.spec} but the command line ${specFile}; give one\n`);
      return EXIT.badInput;
    }
    specFile ??= manifest.value.spec;
    evidence = manifest.value.evidence;
  }
  if (!specFile || evidence.length === 0) {
    io.stderr('carespec portfolio: expected a specification and at least one evidence manifest (or --manifest)\n');
    return EXIT.badInput;
  }
  const jobs = options.jobs === undefined ? defaultJobs(availableParallelism(), evidence.length, datasetBytes(evidence)) : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    io.stderr(`carespec portfolio: --jobs expects a whole number, 1 or more (got ${options.jobs})\n`);
    return EXIT.badInput;
  }
  // A bad basis would fail every provider the same way: refuse it once, before any check runs.
  let poolBasis: PoolBasis | undefined;
  if (options.poolBasis !== undefined) {
    const loaded = loadPoolBasis(options.poolBasis);
    if (!loaded.ok) {
      printDiagnostics(io, loaded.diagnostics);
      return EXIT.badInput;
    }
    poolBasis = loaded.value;
  }
  if (options.resultsDir !== undefined) {
    const problem = resultsDirProblem(options.resultsDir);
    if (problem) {
      io.stderr(`carespec portfolio: ${problem}\n`);
      return EXIT.badInput;
    }
  }
  const providerOptions = {
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.poolBasis === undefined ? {} : { poolBasis: options.poolBasis }),
    ...(options.resultsDir === undefined ? {} : { resultsDir: options.resultsDir }),
  };
  // Workers start first: their start-up overlaps this thread's own plan assembly.
  const workers = workersFor(jobs, evidence.length);
  const pool: ProviderPool | undefined = workers > 1 ? new ProviderPool(specFile, workers, providerOptions) : undefined;
  const plan = preparePlan(specFile);
  if (!plan.ok) {
    await pool?.close();
    printDiagnostics(io, plan.diagnostics);
    return EXIT.badInput;
  }
  printDiagnostics(io, plan.warnings);
  const outcomes = await runProviders(plan.value, specFile, evidence, { jobs, ...providerOptions }, pool);
  const report = buildPortfolio(plan.value, evidence, outcomes, poolBasis);
  // Each bundle that could not be checked is also said on stderr, so a log shows it without opening the report.
  for (const failed of report.failed) {
    io.stderr(`carespec portfolio: ${failed.evidence} could not be checked:\n`);
    printDiagnostics(io, failed.diagnostics);
  }
  const unlisted = report.payments?.poolBasis?.notInBasis ?? [];
  if (unlisted.length > 0) io.stderr(`carespec portfolio: the pool basis ${options.poolBasis} does not list ${unlisted.join(', ')}; their pool payment is an error\n`);
  const written = await renderPortfolio(options.format ?? 'md', report);
  if (options.output) {
    writeFileAtomic(options.output, written);
    io.stderr(`carespec: ${report.providers.length} provider(s) checked, ${report.failed.length} not checked; report written to ${options.output}\n`);
  } else io.stdout(written);
  return portfolioExit(report);
}

/** The results folder is made when missing; anything but a folder there is refused before the checks run. */
function resultsDirProblem(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    return statSync(dir).isDirectory() ? undefined : `--results-dir ${dir} is not a folder`;
  } catch (error) {
    return `cannot make the --results-dir ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}
