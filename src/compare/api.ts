/**
 * `diff` and `impact` as library operations over files: what changed between two runs, and what a
 * new specification version would change for existing providers. The commands are adapters.
 */
import { availableParallelism } from 'node:os';
import { fileDiagnostic } from '../load/files.js';
import { preparePlan, type Step } from '../pipeline.js';
import type { ProviderOutcome } from '../portfolio/check-one.js';
import { datasetBytes, defaultJobs, runProviders } from '../portfolio/run.js';
import type { Comparable } from './comparable.js';
import { readResultsDocument, resultsByProvider } from './documents.js';
import { diffReport, impactOf, type DiffReport, type ImpactReport } from './reports.js';

/** Two results of one provider, or two portfolios, compared rule by rule and KPI by KPI. */
export function diffFiles(baseFile: string, headFile: string): Step<DiffReport> {
  const base = readResultsDocument(baseFile);
  const head = readResultsDocument(headFile);
  if (!base.ok || !head.ok) return { ok: false, diagnostics: [...(base.ok ? [] : base.diagnostics), ...(head.ok ? [] : head.diagnostics)] };
  if (base.value.kind !== head.value.kind) {
    return { ok: false, diagnostics: [fileDiagnostic(headFile, 'diff/unlike', `Unexpected ${head.value.kind === 'result' ? 'single result' : 'portfolio'}: ${baseFile} is a ${base.value.kind === 'result' ? 'single result' : 'portfolio'}; compare like with like`)] };
  }
  const before = resultsByProvider(base.value), after = resultsByProvider(head.value);
  if (base.value.kind === 'result' && ![...before.keys()].every((p) => after.has(p))) {
    return { ok: false, diagnostics: [fileDiagnostic(headFile, 'diff/provider', `Unexpected provider ${[...after.keys()][0]}: ${baseFile} is of ${[...before.keys()][0]}; the results are of different providers`)] };
  }
  return { ok: true, value: diffReport(baseFile, headFile, before, after), warnings: [] };
}

export interface ImpactOptions {
  /** The new specification version. */
  spec: string;
  /** The old specification (run on the same evidence) or results already published (`.json`). */
  baseline: string;
  asOf?: string;
  jobs?: number;
}

/** A dry run of a new specification version against each provider's existing evidence, compared with the baseline. */
export async function assessImpact(evidence: readonly string[], options: ImpactOptions): Promise<Step<ImpactReport>> {
  const run = { jobs: options.jobs ?? defaultJobs(availableParallelism(), evidence.length, datasetBytes(evidence)), ...(options.asOf ? { asOf: options.asOf } : {}) };
  const plan = preparePlan(options.spec);
  if (!plan.ok) return plan;
  let baseline: (index: number, head: Comparable) => Comparable | undefined;
  if (/\.json$/i.test(options.baseline)) {
    const doc = readResultsDocument(options.baseline);
    if (!doc.ok) return doc;
    const byProvider = resultsByProvider(doc.value);
    baseline = (_i, head) => byProvider.get(head.provider);
  } else {
    const old = preparePlan(options.baseline);
    if (!old.ok) return old;
    const outcomes = await runProviders(old.value, options.baseline, evidence, run);
    baseline = (i) => { const o = outcomes[i]!; return o.ok ? o.summary : undefined; };
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
    const base = baseline(i, outcome.summary);
    if (!base) {
      report.notAssessed.push({ evidence: file, reason: `no baseline result for ${outcome.summary.provider}`, diagnostics: [] });
      return;
    }
    report.providers.push(impactOf(file, base, outcome.summary));
  });
  return { ok: true, value: report, warnings: plan.warnings };
}
