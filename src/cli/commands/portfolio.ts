/** `carespec portfolio <spec> <evidence...>`: every provider checked against one specification, benchmarked. */
import path from 'node:path';
import { checkPortfolio } from '../../portfolio/api.js';
import { portfolioExit } from '../../portfolio/build.js';
import { loadPortfolioManifest } from '../../portfolio/manifest.js';
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
  const jobs = options.jobs === undefined ? undefined : Number(options.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) {
    io.stderr(`carespec portfolio: --jobs expects a whole number, 1 or more (got ${options.jobs})\n`);
    return EXIT.badInput;
  }
  const checked = await checkPortfolio(specFile, evidence, {
    ...(jobs === undefined ? {} : { jobs }),
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.poolBasis === undefined ? {} : { poolBasis: options.poolBasis }),
    ...(options.resultsDir === undefined ? {} : { resultsDir: options.resultsDir }),
  });
  if (!checked.ok) {
    printDiagnostics(io, checked.diagnostics);
    return EXIT.badInput;
  }
  printDiagnostics(io, checked.warnings);
  const report = checked.value;
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
