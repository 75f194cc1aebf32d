/** `carespec check <spec.md> --evidence <evidence.yaml>`: the compliance check and its report. */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { check } from '../../pipeline.js';
import type { CheckResult, InputHash } from '../../model/types.js';
import { AUDIENCE_FORMATS, renderReport, type Audience, type ReportFormatName } from '../../render/formats.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { readStdinEvidence, STDIN_NAME } from '../stdin-evidence.js';
import type { EvidenceSource } from '../../load/memory.js';
import { renderTerminalSummary } from '../terminal.js';
import { readDatasets } from '../../data/index.js';
import { prewarmScanWorkers, type ScanWorkerPool } from '../../data/scanning/parallel.js';
import { readEnvironment } from '../settings.js';

export interface CheckCommandOptions {
  evidence: string;
  /** A name from REPORT_FORMATS (program.ts refuses others). */
  format?: ReportFormatName;
  output?: string;
  /** md and html: `board` (one GitHub comment; two A4 pages) or `full`. */
  audience?: Audience;
  /** `--format github`: where to write the job summary (default: $GITHUB_STEP_SUMMARY when set). */
  summary?: string;
  /** False with --no-color. Colour is used only on a terminal and never when NO_COLOR is set. */
  color?: boolean;
  /** Print nothing but errors; the report still goes to --output, or to stdout when it is not a terminal. */
  quiet?: boolean;
  asOf?: string;
  timestamp?: boolean;
  /** Show identifier columns (client, worker ids) in per-record failures instead of pseudonyms. */
  showIdentifiers?: boolean;
  /** Pool basis file for pool payments. */
  poolBasis?: string;
}

export async function checkCommand(specFile: string, options: CheckCommandOptions, io: Io): Promise<ExitCode> {
  // Options that only one format reads are usage errors with another, rather than silently ignored.
  if (options.audience !== undefined && !(options.format !== undefined && AUDIENCE_FORMATS.includes(options.format))) {
    io.stderr(`carespec check: --audience applies to --format ${AUDIENCE_FORMATS.join(' and ')} only\n`);
    return EXIT.badInput;
  }
  if (options.summary !== undefined && options.format !== 'github') {
    io.stderr('carespec check: --summary applies to --format github only\n');
    return EXIT.badInput;
  }
  let evidence: EvidenceSource = options.evidence;
  if (options.evidence === STDIN_NAME) {
    try {
      evidence = await readStdinEvidence(io);
    } catch (error) {
      io.stderr(`carespec check: cannot read the evidence from standard input here (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return EXIT.badInput;
    }
  }
  return checkWith(specFile, evidence, options, io);
}

async function checkWith(specFile: string, evidence: EvidenceSource, options: CheckCommandOptions, io: Io): Promise<ExitCode> {
  // Format and --as-of are validated where the options are parsed (program.ts).
  const format = options.format ?? 'md';
  const environment = readEnvironment(process.env);
  if (!environment.ok) {
    io.stderr(`carespec check: ${environment.message}\n`);
    return EXIT.badInput;
  }
  const settings = environment.value;
  let pool: ScanWorkerPool | undefined;
  const result = await check(specFile, evidence, {
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.timestamp ? { generatedAt: new Date().toISOString() } : {}),
    ...(options.poolBasis ? { poolBasis: options.poolBasis } : {}),
    // Worker threads for large exports start loading now, on another core, while the specification loads.
    onEvidence: (evidence) => {
      pool = prewarmScanWorkers(evidence.datasets, settings.parallel);
    },
    readData: (plan, evidence) =>
      readDatasets(plan, evidence, {
        progress: io,
        ...(options.showIdentifiers ? { showIdentifiers: true } : {}),
        ...(options.asOf ? { asOf: options.asOf } : {}),
        ...(settings.kernel === undefined ? {} : { kernel: settings.kernel }),
        ...(settings.pseudonymKey ? { pseudonymKey: settings.pseudonymKey } : {}),
        parallel: { ...settings.parallel, ...(pool ? { pool } : {}) },
      }),
  }).finally(() => pool?.close());
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.badInput;
  }
  if (!options.quiet) printDiagnostics(io, result.warnings);
  // Each formatter is loaded only when it is used: a JSON report does not load remark or the HTML templates.
  const report = await renderReport(format, result.value, options.audience ? { audience: options.audience } : {});
  if (options.output) {
    const clash = inputAt(options.output, result.value.inputs, options.evidence);
    if (clash) {
      io.stderr(`carespec check: --output ${options.output} is one of the check's inputs (${clash}); choose another path\n`);
      return EXIT.badInput;
    }
    writeFileAtomic(options.output, report);
    if (!options.quiet) io.stderr(`carespec: ${result.value.verdict.replace('_', ' ')}; report written to ${options.output}\n`);
  } else if (io.terminal && options.format === undefined) {
    // A person at a terminal gets the gist; the report itself is one --output (or pipe) away.
    if (!options.quiet) {
      const color = options.color !== false && !process.env.NO_COLOR;
      io.stdout(renderTerminalSummary(result.value, { color, fullReport: fullReportHint(specFile, options.evidence) }));
    }
  } else {
    io.stdout(report);
  }
  if (format === 'github') await writeJobSummary(result.value, options.summary, io);
  return result.value.verdict === 'compliant' ? EXIT.ok : EXIT.findings;
}

/**
 * `--format github`: the job summary goes to --summary, or is appended to $GITHUB_STEP_SUMMARY
 * (GitHub gives each step its own file; appending keeps what earlier commands of the step wrote).
 */
async function writeJobSummary(result: CheckResult, target: string | undefined, io: Io): Promise<void> {
  const summary = (await import('../../render/github-summary.js')).renderGithubSummary(result);
  if (target) {
    writeFileAtomic(target, summary);
    return;
  }
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  if (!stepSummary) return;
  try {
    appendFileSync(stepSummary, summary);
  } catch (error) {
    io.stderr(`carespec check: cannot append the job summary to $GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
  }
}

function fullReportHint(specFile: string, evidence: string): string {
  const quote = (arg: string) => (/^[\w./:@%+=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  const base = `carespec check ${quote(specFile)} --evidence ${quote(evidence)}`;
  return `${base} --output report.md (or --format html --output report.html; or pipe stdout)`;
}

/** The input a report would overwrite, if `output` names one (datasets are relative to the manifest). */
function inputAt(output: string, inputs: readonly InputHash[], evidenceFile: string): string | undefined {
  const target = path.resolve(output);
  const evidenceDir = path.dirname(path.resolve(evidenceFile));
  const found = inputs.find((input) =>
    path.resolve(input.role === 'dataset' ? evidenceDir : process.cwd(), input.path) === target,
  );
  return found ? `${found.role} ${found.path}` : undefined;
}
