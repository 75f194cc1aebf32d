/**
 * The data phase: read the evidence's datasets (CSV or XLSX, through mapping
 * profiles) in one streaming pass per file and produce the metrics,
 * per-record outcomes, input hashes and findings the evaluate phase reads.
 * Every where/match/test is compiled once here (or in the plan); the per-row
 * work lives in scan.ts.
 */
import { collectVars, truthy } from '../logic/index.js';
import type { DatasetKind, DatasetRef, Evidence, Finding, InputHash, JsonObject, Logic, Metric } from '../model/types.js';
import { readFacts, type DataEvidence, type MetricValue, type RecordOutcome } from '../evaluate/context.js';
import type { Plan, PlannedRule } from '../validate/assemble.js';
import { manifestBeside } from '../load/memory.js';
import { loadProfile, type Profile, type ProfileOutcome } from './reading/profile.js';
import type { ProgressTarget } from './scanning/progress.js';
import { createPseudonymiser } from './judgements/pseudonymise.js';
import { reconcile } from './judgements/reconcile.js';
import type { RecordRunner } from './scanning/records.js';
import { inlineParameters } from './scanning/specialise.js';
import { createRuntime, withRuntime } from '../runtime/operations.js';
import { buildConsumers, type KindConsumers, type MetricFeed, type ScanJob } from './scanning/consumers.js';
import { parallelSettings, type ParallelPlan } from './scanning/parallel.js';
import { scanFile, type FileScan } from './scanning/scan.js';
import { assessKind } from './judgements/sufficiency.js';
import { periodFrame, windowCount, windowLabel } from './scanning/windows.js';

export interface ReadDataOptions {
  /** Show identifier columns as they are in failures (default: pseudonymised). */
  showIdentifiers?: boolean;
  /** Where to draw a progress bar (only when interactive). */
  progress?: ProgressTarget;
  /** Reference date for parameters that rows do not date themselves (default: period end). */
  asOf?: string;
  /** Pseudonymisation key; default: derived from the evidence manifest (reproducible). */
  pseudonymKey?: string | Buffer;
  /** Failing rows listed per per-record rule (all are counted); default 1,000. */
  maxFailures?: number;
  /**
   * Reading large CSV files in parts on worker threads (parallel.ts): files of at least
   * `minBytes`, with up to `workers` worker threads. Defaults from CARESPEC_PARALLEL_MIN_BYTES
   * and CARESPEC_WORKERS, else 32 MiB and one per spare core. The result is the same either way.
   */
  parallel?: { minBytes?: number; workers?: number; observe?: ParallelPlan['observe']; pool?: ParallelPlan['pool'] };
  /**
   * Generate each pass's per-row step as one function (kernel.ts). Default: on, unless
   * CARESPEC_KERNEL=0. The result is the same either way.
   */
  kernel?: boolean;
}

export const DEFAULT_MAX_FAILURES = 1000;

interface MetricPlan {
  metric: Metric;
  reason?: string;
  feed?: MetricFeed;
  columns: string[];
}

interface RulePlan {
  planned: PlannedRule;
  reason?: string;
  runner?: RecordRunner;
  columns: string[];
}

/** 1234567 → "1,234,567" (row counts): what toLocaleString('en-GB') gives, without loading ICU's locale data (~10 ms). */
const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Root-level columns a row expression reads (`prefix` "row." for per-record rules); defaults make a read optional. */
function columnsRead(logic: Logic | undefined, prefix: string): string[] {
  if (logic === undefined) return [];
  return collectVars(logic)
    .filter((v) => !v.dynamic && !v.hasDefault && v.path.startsWith(prefix))
    .map((v) => v.path.slice(prefix.length).split('.')[0]!)
    .filter((c) => c.length > 0);
}

export async function readDatasets(plan: Plan, evidence: Evidence, options: ReadDataOptions = {}): Promise<DataEvidence> {
  const frame = periodFrame(evidence.period.start, evidence.period.end);
  const findings: Finding[] = [];
  const inputs: InputHash[] = [];
  const metrics = new Map<string, MetricValue>();
  const records = new Map<string, RecordOutcome>();
  const pseudonymise = options.showIdentifiers ? undefined : createPseudonymiser(options.pseudonymKey, evidence.pseudonymSeed);
  // Per-record tests resolve parameters for the provider's region, as of the period end unless a row passes its own date.
  // The run's own settings, never written to the plan: one plan may serve several reads at once.
  const run = { region: evidence.provider.region, asOf: options.asOf ?? evidence.period.end };

  // --- What each kind must feed: metrics and per-record rules, checked against the kind's columns.
  const metricPlans: MetricPlan[] = [...plan.metrics.values()].map((metric) => planMetric(metric, plan));
  const rulePlans: RulePlan[] = plan.rules.filter((p) => p.rule.per_record).map((planned) => planRule(planned, plan));
  const base: JsonObject = baseContext(evidence, plan);

  const kindsNeeded = new Set([...metricPlans.map((m) => m.metric.dataset), ...rulePlans.map((r) => r.planned.rule.per_record!.dataset)]);
  const refsByKind = new Map<string, DatasetRef[]>();
  for (const ref of evidence.datasets) {
    if (!plan.datasetKinds.has(ref.kind)) {
      findings.push({ code: 'data/undeclared-kind', kind: 'sufficiency', severity: 'warning', dataset: ref.id, file: ref.path, message: `Dataset ${ref.id} (${ref.path}) is of kind "${ref.kind}", which no imported rule library declares; it was not read` });
      continue;
    }
    if (!kindsNeeded.has(ref.kind)) continue; // nothing in this specification reads it
    refsByKind.set(ref.kind, [...(refsByKind.get(ref.kind) ?? []), ref]);
  }

  const profileCache = new Map<string, ProfileOutcome>();
  const beside = manifestBeside(evidence);
  const seenProfiles = new Set<string>();

  for (const kindName of kindsNeeded) {
    const kind = plan.datasetKinds.get(kindName);
    const kindMetrics = metricPlans.filter((m) => m.metric.dataset === kindName && m.reason === undefined);
    const kindRules = rulePlans.filter((r) => r.planned.rule.per_record!.dataset === kindName && r.reason === undefined);
    const refs = refsByKind.get(kindName) ?? [];
    let kindReason: string | undefined;
    let present = new Set<string>();
    let source = '';
    if (!kind) kindReason = `no imported rule library declares a dataset kind "${kindName}"`;
    else if (refs.length === 0) kindReason = `no dataset of kind ${kindName} in the evidence`;
    else {
      const kernel = options.kernel ?? true;
      const job = scanJob(kind, kindMetrics, kindRules, frame, plan, run, base, options.maxFailures ?? DEFAULT_MAX_FAILURES, kernel);
      const consumers = buildConsumers(job, pseudonymise ? { pseudonymise } : {});
      attachConsumers(consumers, kindMetrics, kindRules);
      const settings = parallelSettings(options.parallel);
      const { observe, pool } = options.parallel ?? {};
      const parallel = settings.workers > 0 ? { job, ...settings, ...(observe ? { observe } : {}), ...(pool ? { pool } : {}) } : undefined;
      const scans: FileScan[] = [];
      let tolerance = 1;
      for (const ref of refs) {
        const loaded = loadProfile(ref.profile, beside, profileCache);
        if (!loaded.ok) {
          const reason = `dataset ${ref.id}: ${loaded.reason}`;
          findings.push({ code: 'data/profile-unusable', kind: 'sufficiency', severity: 'error', dataset: ref.id, file: ref.path, message: reason });
          kindReason ??= reason;
          continue;
        }
        const profile: Profile = loaded.profile;
        if (!seenProfiles.has(profile.input.path)) {
          seenProfiles.add(profile.input.path);
          inputs.push(profile.input);
        }
        if (profile.kind !== undefined && profile.kind !== kindName) {
          const reason = `dataset ${ref.id}: mapping profile "${profile.shownAs}" is for ${profile.kind} data, not ${kindName}`;
          findings.push({ code: 'data/profile-kind-mismatch', kind: 'sufficiency', severity: 'error', dataset: ref.id, file: ref.path, message: reason });
          kindReason ??= reason;
          continue;
        }
        tolerance = Math.max(tolerance, profile.coverageToleranceDays);
        const scan = await scanFile(ref, consumers, { kind, profile, frame, base, ...(options.progress ? { progress: options.progress } : {}), ...(parallel ? { parallel } : {}) });
        if (scan.sha256) inputs.push({ role: 'dataset', path: ref.path, sha256: scan.sha256 });
        scans.push(scan);
      }
      const assessment = assessKind(kindName, scans, evidence.period, {
        maxBadRowShare: plan.spec.maxBadRowShare ?? 0.01,
        toleranceDays: tolerance,
        ...(kind.date_column === undefined ? {} : { dateColumn: kind.date_column }),
      });
      findings.push(...assessment.findings);
      kindReason ??= assessment.reason;
      present = assessment.present;
      const used = scans.reduce((n, s) => n + s.used, 0);
      source = `${scans.map((s) => s.ref.path).join(', ')} (${fmt(used)} rows${kind.date_column === undefined ? '' : ' in the period'})`;
    }

    for (const m of metricPlans.filter((p) => p.metric.dataset === kindName)) {
      const absent = m.columns.filter((c) => !present.has(c));
      const reason = m.reason ?? kindReason ?? m.feed?.error ?? (absent.length > 0 ? `${source.replace(/ \(.*$/, '')} has no column ${absent.join(', ')}, which metric ${m.metric.name} reads` : undefined);
      metrics.set(m.metric.name, metricValue(m, reason, source, frame));
    }
    for (const r of rulePlans.filter((p) => p.planned.rule.per_record!.dataset === kindName)) {
      const absent = r.columns.filter((c) => !present.has(c));
      const reason = r.reason ?? kindReason ?? (absent.length > 0 ? `${source.replace(/ \(.*$/, '')} has no column ${absent.join(', ')}, which this rule reads` : undefined);
      if (reason !== undefined || !r.runner) records.set(r.planned.rule.id, { checked: 0, failed: 0, failures: [], reason: reason ?? 'not checked', source });
      else records.set(r.planned.rule.id, r.runner.outcome(source));
    }
  }
  findings.push(...reconcile(plan, evidence, metrics));
  return { metrics, records, inputs, findings };
}

function planMetric(metric: Metric, plan: Plan): MetricPlan {
  const kind = plan.datasetKinds.get(metric.dataset);
  const columns = [...new Set([
    ...columnsRead(metric.where, ''),
    ...columnsRead(metric.match, ''),
    ...[metric.column, metric.group_by, metric.distinct].filter((c): c is string => c !== undefined),
  ])];
  if (!kind) return { metric, columns };
  const needs: Partial<Record<Metric['aggregate'], (keyof Metric)[]>> = {
    sum: ['column'], mean: ['column'], min: ['column'], max: ['column'], percentile: ['column'], distinct_per_group: ['group_by', 'distinct'], share: ['match'],
  };
  const lacking = (needs[metric.aggregate] ?? []).filter((key) => metric[key] === undefined);
  if (lacking.length > 0) return { metric, columns, reason: `metric ${metric.name} (${metric.aggregate}) needs ${lacking.join(' and ')}` };
  const undeclared = columns.filter((c) => !Object.hasOwn(kind.columns, c));
  if (undeclared.length > 0) return { metric, columns, reason: `metric ${metric.name} reads ${undeclared.join(', ')}, which dataset kind ${kind.name} does not declare` };
  return { metric, columns };
}

function planRule(planned: PlannedRule, plan: Plan): RulePlan {
  const perRecord = planned.rule.per_record!;
  const kind = plan.datasetKinds.get(perRecord.dataset);
  const columns = [...new Set([...columnsRead(perRecord.where, 'row.'), ...columnsRead(planned.rule.test, 'row.')])];
  if (!kind) return { planned, columns };
  const undeclared = columns.filter((c) => !Object.hasOwn(kind.columns, c));
  if (undeclared.length > 0) return { planned, columns, reason: `rule ${planned.rule.id} reads row.${undeclared.join(', row.')}, which dataset kind ${kind.name} does not declare` };
  return { planned, columns };
}

function baseContext(evidence: Evidence, plan: Plan): JsonObject {
  // Facts as their declarations read them (a fact of the wrong type is absent here, as in the evaluate phase).
  const { facts } = readFacts(Object.fromEntries(Object.entries(evidence.facts).map(([name, fact]) => [name, fact.value])), plan.facts);
  const attestations: JsonObject = {};
  for (const id of Object.keys(evidence.attestations)) attestations[id] = true;
  const provider: JsonObject = {};
  for (const [key, value] of Object.entries(evidence.provider)) if (value !== undefined) provider[key] = value;
  return { provider, period: { start: evidence.period.start, end: evidence.period.end }, facts, attestations };
}

/** The kind's metrics and applicable per-record rules as plain data (consumers.ts), parameters inlined. */
function scanJob(
  kind: DatasetKind,
  metricPlans: MetricPlan[],
  rulePlans: RulePlan[],
  frame: ReturnType<typeof periodFrame>,
  plan: Plan,
  run: { region: string; asOf: string },
  base: JsonObject,
  maxFailures: number,
  kernel: boolean,
): ScanJob {
  const runtime = createRuntime(run.region, run.asOf);
  const inline = (logic: Logic | undefined) => (logic === undefined ? undefined : inlineParameters(logic, plan, runtime));
  const metrics: ScanJob['metrics'] = metricPlans.map(({ metric }) => {
    const window = metric.window ?? 'period';
    const windowed = kind.date_column !== undefined && window !== 'period';
    const where = inline(metric.where);
    const match = inline(metric.match);
    // A `{ param }` threshold is run-constant like the parameters above: resolved once, as of the reference date.
    const threshold = typeof metric.threshold === 'object' ? inlineParameters({ param: metric.threshold.param }, plan, runtime) : metric.threshold;
    return {
      metric: {
        ...metric,
        ...(where === undefined ? {} : { where }),
        ...(match === undefined ? {} : { match }),
        ...(typeof threshold === 'number' ? { threshold } : {}),
      },
      months: !windowed ? 0 : window === 'month' ? 1 : 3,
      windows: windowed ? windowCount(frame, window) : 0,
    };
  });
  const rules: ScanJob['rules'] = [];
  for (const r of rulePlans) {
    // A rule that does not apply (applies_when false on the evidence) is not run row by row:
    // evaluateRule gives it not_applicable (or not_evidenced) without reading the outcome.
    if (r.planned.appliesWhen) {
      let applies: boolean;
      try {
        applies = truthy(r.planned.appliesWhen(withRuntime(base, runtime)));
      } catch {
        applies = true; // let evaluateRule report the error
      }
      if (!applies) continue;
    }
    const where = inline(r.planned.rule.per_record!.where);
    rules.push({ ruleId: r.planned.rule.id, ...(where === undefined ? {} : { where }), test: inline(r.planned.rule.test)! });
  }
  return {
    metrics,
    rules,
    identifiers: Object.entries(kind.columns).filter(([, c]) => c.identifier).map(([name]) => name),
    maxFailures,
    parameters: plan.parameters,
    region: run.region,
    asOf: run.asOf,
    kernel,
  };
}

/** Give each metric and rule plan its feed or runner (or the reason it has none). */
function attachConsumers(consumers: KindConsumers, metricPlans: MetricPlan[], rulePlans: RulePlan[]): void {
  metricPlans.forEach((m, i) => {
    const feed = consumers.feeds[i];
    const error = consumers.compileErrors[i];
    if (feed) m.feed = feed;
    else if (error !== undefined) m.reason = error;
  });
  let next = 0;
  for (const r of rulePlans) {
    const runner = consumers.runners[next];
    // Rules left out of the job (not applicable) have no runner, as before.
    if (runner && runner.ruleId === r.planned.rule.id) {
      r.runner = runner;
      next++;
    }
  }
}

function metricValue(m: MetricPlan, reason: string | undefined, source: string, frame: ReturnType<typeof periodFrame>): MetricValue {
  if (reason !== undefined || !m.feed) return { value: null, source, reason: reason ?? 'not computed' };
  const result = m.feed.agg.finish();
  const window = m.metric.window ?? 'period';
  return {
    value: result.value,
    ...(result.windows ? { windows: result.windows.map((value, i) => ({ label: windowLabel(frame, window, i), value })) } : {}),
    source,
    ...(result.value === null ? { reason: `no rows of ${source.replace(/ \(.*$/, '')} are in scope for metric ${m.metric.name}` } : {}),
  };
}
