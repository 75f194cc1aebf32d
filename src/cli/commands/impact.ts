/**
 * `carespec impact --spec <new.md> --baseline <old.md | old results.json> <evidence...>`: the new
 * specification checked against each provider's existing evidence and compared with the baseline.
 */
import { assessImpact } from '../../compare/api.js';
import { renderImpact, type ImpactFormatName } from '../../render/compare-formats.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface ImpactCommandOptions {
  spec: string;
  baseline: string;
  format?: ImpactFormatName;
  output?: string;
  asOf?: string;
}

export async function impactCommand(evidence: string[], options: ImpactCommandOptions, io: Io): Promise<ExitCode> {
  const assessed = await assessImpact(evidence, { spec: options.spec, baseline: options.baseline, ...(options.asOf ? { asOf: options.asOf } : {}) });
  if (!assessed.ok) {
    printDiagnostics(io, assessed.diagnostics);
    return EXIT.badInput;
  }
  const report = assessed.value;
  for (const n of report.notAssessed) io.stderr(`carespec impact: ${n.evidence}: ${n.reason}\n`);
  const written = await renderImpact(options.format ?? 'md', report);
  if (options.output) writeFileAtomic(options.output, written);
  else io.stdout(written);
  if (report.providers.length === 0) return EXIT.badInput;
  // Exit 1 when the new version would make some provider newly fail, or someone could not be assessed.
  return report.notAssessed.length > 0 || report.providers.some((p) => p.newlyFailing.length > 0) ? EXIT.findings : EXIT.ok;
}
