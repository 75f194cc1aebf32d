/**
 * What one pass over a dataset kind's rows feeds: the metrics' aggregators
 * and the per-record rules' runners, built from a ScanJob. The job is plain
 * data (expressions with run-constant parameters already inlined, the
 * parameter table, region and reference date), so a worker thread reading
 * part of a file (parallel.ts) builds exactly the consumers the main thread
 * builds, with no access to the Plan's closures.
 */
import { compile, type Evaluator } from '../../logic/index.js';
import type { JsonPrimitive, Logic, Metric } from '../../model/types.js';
import { createOperations, createRuntime } from '../../runtime/operations.js';
import type { ParameterTable } from '../../runtime/parameters.js';
import { createAggregator, type Aggregator, type AggregatorState } from '../judgements/aggregate.js';
import { RecordRunner, type RunnerState } from './records.js';

export interface ScanJob {
  /** Metrics of the kind, `where`/`match` with run-constant parameters inlined. */
  metrics: { metric: Metric; months: 0 | 1 | 3; windows: number }[];
  /** Per-record rules that apply to this evidence, `where`/`test` with parameters inlined. */
  rules: { ruleId: string; where?: Logic; test: Logic }[];
  /** Identifier columns of the kind (pseudonymised in failures). */
  identifiers: string[];
  maxFailures: number;
  parameters: ParameterTable;
  region: string;
  asOf: string;
  /** Generate each file's per-row step as one function (kernel.ts); false keeps the closure path throughout. */
  kernel: boolean;
}

export interface MetricFeed {
  name: string;
  /** Index into the shared predicate table, or -1. */
  where: number;
  match: number;
  /** 0: whole period only; 1: months; 3: quarters. */
  months: 0 | 1 | 3;
  agg: Aggregator;
  error?: string;
}

/** Feeds sharing one `where` (most metrics of a kind share `status == completed`): a row out of scope skips them all at once. */
export interface FeedGroup {
  where: number;
  feeds: MetricFeed[];
}

export interface KindConsumers {
  /** Distinct compiled where/match expressions of the kind's metrics, evaluated at most once a row. */
  predicates: Evaluator[];
  /** The logic of each predicate, for kernel.ts. */
  predicateLogic: Logic[];
  /** One per metric of the job that compiled, in job order. */
  feeds: (MetricFeed | undefined)[];
  groups: FeedGroup[];
  /** One per rule of the job, in job order. */
  runners: RecordRunner[];
  /** Each runner's where/test logic (parameters inlined), for kernel.ts. */
  ruleLogic: { where?: Logic; test: Logic }[];
  /** Whether passes over this kind generate their per-row step (ScanJob.kernel). */
  kernel: boolean;
  /** Why a metric of the job could not be compiled, by job index. */
  compileErrors: (string | undefined)[];
}

export interface ConsumerOptions {
  /** Turns an identifier into its pseudonym in failures; parts read in parallel leave it to the merge. */
  pseudonymise?: (value: JsonPrimitive) => JsonPrimitive;
}

export function buildConsumers(job: ScanJob, options: ConsumerOptions = {}): KindConsumers {
  const operations = createOperations(job.parameters, createRuntime(job.region, job.asOf));
  const compileLogic = (logic: Logic) => compile(logic, { operations });
  // Identical where/match expressions (e.g. status == completed) are compiled and evaluated once per row.
  const predicates: Evaluator[] = [];
  const predicateLogic: Logic[] = [];
  const byText = new Map<string, number>();
  const predicate = (logic: Logic | undefined): number => {
    if (logic === undefined) return -1;
    const text = JSON.stringify(logic);
    let index = byText.get(text);
    if (index === undefined) {
      const evaluator = compileLogic(logic);
      index = predicates.length;
      predicates.push(evaluator);
      predicateLogic.push(logic);
      byText.set(text, index);
    }
    return index;
  };
  const feeds: (MetricFeed | undefined)[] = [];
  const compileErrors: (string | undefined)[] = [];
  const groups: FeedGroup[] = [];
  for (const { metric, months, windows } of job.metrics) {
    try {
      const feed: MetricFeed = {
        name: metric.name,
        where: predicate(metric.where),
        match: metric.aggregate === 'share' ? predicate(metric.match) : -1,
        months,
        agg: createAggregator(metric, windows),
      };
      feeds.push(feed);
      compileErrors.push(undefined);
      let group = groups.find((g) => g.where === feed.where);
      if (!group) groups.push((group = { where: feed.where, feeds: [] }));
      group.feeds.push(feed);
    } catch (e) {
      feeds.push(undefined);
      compileErrors.push(`metric ${metric.name} could not be compiled: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const identifiers = new Set(job.identifiers);
  const runners = job.rules.map((rule) => {
    // A runtime of its own, so the parameter values a rule's rows resolved (by each row's date) are its own.
    const runtime = createRuntime(job.region, job.asOf);
    const ruleOperations = createOperations(job.parameters, runtime);
    const compileRule = (logic: Logic) => compile(logic, { operations: ruleOperations });
    return new RecordRunner({
      ruleId: rule.ruleId,
      ...(rule.where !== undefined ? { where: compileRule(rule.where) } : {}),
      test: compileRule(rule.test),
      identifiers,
      maxFailures: job.maxFailures,
      parametersUsed: runtime.used,
      ...(options.pseudonymise ? { pseudonymise: options.pseudonymise } : {}),
    });
  });
  const ruleLogic = job.rules.map(({ where, test }) => (where === undefined ? { test } : { where, test }));
  return { predicates, predicateLogic, feeds, groups, runners, ruleLogic, kernel: job.kernel, compileErrors };
}

/** The consumers' state after a part of a file, in job order (structured-clonable). */
export interface ConsumersState {
  feeds: ({ agg: AggregatorState; error: string | undefined } | undefined)[];
  runners: RunnerState[];
}

export function snapshotConsumers(consumers: KindConsumers): ConsumersState {
  return {
    feeds: consumers.feeds.map((feed) => (feed ? { agg: feed.agg.snapshot(), error: feed.error } : undefined)),
    runners: consumers.runners.map((runner) => runner.snapshot()),
  };
}

/** Fold in a LATER part's state, as if its rows had been fed here: a metric that failed stops counting, as in one pass. */
export function mergeConsumers(consumers: KindConsumers, part: ConsumersState): void {
  consumers.feeds.forEach((feed, i) => {
    const state = part.feeds[i];
    if (!feed || !state || feed.error !== undefined) return;
    feed.agg.merge(state.agg);
    if (state.error !== undefined) feed.error = state.error;
  });
  consumers.runners.forEach((runner, i) => runner.merge(part.runners[i]!));
}
