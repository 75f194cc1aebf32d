/**
 * `carespec impact --spec <new.md> --baseline <old.md | old results.json> <evidence...>`: the new
 * specification checked against each provider's existing evidence and compared with the baseline.
 */
import { availableParallelism } from 'node:os';
import { preparePlan } from '../../pipeline.js';
import { readResultsDocument, resultsByProvider } from '../../compare/documents.js';
import { impactOf, type ImpactReport } from '../../compare/reports.js';
import type { Comparable } from '../../compare/comparable.js';
import { datasetBytes, defaultJobs, runProviders } from '../../portfolio/run.js';
import type { ProviderOutcome } from '../../portfolio/check-one.js';
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
  const run = { jobs: defaultJobs(availableParallelism(), evidence.length, datasetBytes(evidence)), ...(options.asOf ? { asOf: options.asOf } : {}) };
  const plan = preparePlan(options.spec);
  if (!plan.ok) {
    printDiagnostics(io, plan.diagnostics);
    return EXIT.badInput;
  }
  // The baseline: the old specification run on the same evidence, or results already published.
  let baseline: (evidenceFile: string, index: number, head: Comparable) => Comparable | undefined;
  if (/\.json$/i.test(options.baseline)) {
    const doc = readResultsDocument(options.baseline);
    if (!doc.ok) {
      io.stderr(`carespec impact: ${doc.message}\n`);
      return EXIT.badInput;
    }
    const byProvider = resultsByProvider(doc.value);
    baseline = (_file, _i, head) => byProvider.get(head.provider);
  } else {
    const old = preparePlan(options.baseline);
    if (!old.ok) {
      printDiagnostics(io, old.diagnostics);
      return EXIT.badInput;
    }
    const outcomes = await runProviders(old.value, options.baseline, evidence, run);
    baseline = (_file, i) => { const o = outcomes[i]!; return o.ok ? o.summary : undefined; };
  }
  const outcomes: ProviderOutcome[] = await runProviders(plan.value, options.spec, evidence, run);
  const spec = plan.value.spec;
  const report: ImpactReport = { format: 'impact/1', spec: { file: spec.file, id: spec.id, version: spec.version }, baseline: options.baseline, providers: [], notAssessed: [] };
  outcomes.forEach((outcome, i) => {
    const file = evidence[i]!;
    if (!outcome.ok) {
      report.notAssessed.push({ evidence: file, reason: 'the evidence could not be checked against the new specification:', diagnostics: outcome.diagnostics });
      return;
    }
    const base = baseline(file, i, outcome.summary);
    if (!base) {
      report.notAssessed.push({ evidence: file, reason: `no baseline result for ${outcome.summary.provider}`, diagnostics: [] });
      return;
    }
    report.providers.push(impactOf(file, base, outcome.summary));
  });
  for (const n of report.notAssessed) io.stderr(`carespec impact: ${n.evidence}: ${n.reason}\n`);
  const written = await renderImpact(options.format ?? 'md', report);
  if (options.output) writeFileAtomic(options.output, written);
  else io.stdout(written);
  if (report.providers.length === 0) return EXIT.badInput;
  // Exit 1 when the new version would make some provider newly fail, or someone could not be assessed.
  return report.notAssessed.length > 0 || report.providers.some((p) => p.newlyFailing.length > 0) ? EXIT.findings : EXIT.ok;
}
