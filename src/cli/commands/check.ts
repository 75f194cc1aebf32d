/** `carespec check <spec.md> --evidence <evidence.yaml>`: the compliance check and its report. */
import path from 'node:path';
import { check } from '../../pipeline.js';
import type { InputHash } from '../../model/types.js';
import { renderJson } from '../../render/json.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { readDatasets } from '../../data/index.js';
import { prewarmScanWorkers, type ScanWorkerPool } from '../../data/parallel.js';

export interface CheckCommandOptions {
  evidence: string;
  format?: string;
  output?: string;
  asOf?: string;
  timestamp?: boolean;
  /** Show identifier columns (client, worker ids) in per-record failures instead of pseudonyms. */
  showIdentifiers?: boolean;
  /** Pool basis file for pool payments. */
  poolBasis?: string;
}

export async function checkCommand(specFile: string, options: CheckCommandOptions, io: Io): Promise<ExitCode> {
  // Format and --as-of are validated where the options are parsed (program.ts).
  const format = options.format ?? 'md';
  let pool: ScanWorkerPool | undefined;
  const result = await check(specFile, options.evidence, {
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.timestamp ? { generatedAt: new Date().toISOString() } : {}),
    ...(options.poolBasis ? { poolBasis: options.poolBasis } : {}),
    // Worker threads for large exports start loading now, on another core, while the specification loads.
    onEvidence: (evidence) => {
      pool = prewarmScanWorkers(evidence.datasets);
    },
    readData: (plan, evidence) =>
      readDatasets(plan, evidence, {
        progress: io,
        ...(options.showIdentifiers ? { showIdentifiers: true } : {}),
        ...(options.asOf ? { asOf: options.asOf } : {}),
        ...(pool ? { parallel: { pool } } : {}),
      }),
  }).finally(() => pool?.close());
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.badInput;
  }
  printDiagnostics(io, result.warnings);
  // The markdown renderer (remark-stringify) is loaded only when it is used: a JSON report does not need it.
  const report = format === 'json' ? renderJson(result.value) : (await import('../../render/markdown.js')).renderMarkdown(result.value);
  if (options.output) {
    const clash = inputAt(options.output, result.value.inputs, options.evidence);
    if (clash) {
      io.stderr(`carespec check: --output ${options.output} is one of the check's inputs (${clash}); choose another path\n`);
      return EXIT.badInput;
    }
    writeFileAtomic(options.output, report);
    io.stderr(`carespec: ${result.value.verdict.replace('_', ' ')}; report written to ${options.output}\n`);
  } else {
    io.stdout(report);
  }
  return result.value.verdict === 'compliant' ? EXIT.ok : EXIT.findings;
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
