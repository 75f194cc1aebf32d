/**
 * Evaluate one planned rule against the evaluation context and give it a
 * status. Missing evidence is its own status: a `var` that reads an absent or
 * null value makes the rule `not_evidenced`, never a silent pass or fail.
 */
import { collectVars, truthy, walkLogic, type Evaluator, type Tracer, type Visit } from '../logic/index.js';
import type { JsonValue, ResolvedParameter, RuleResult, RuleStatus, SeenValue, Waiver, WaiverNote } from '../model/types.js';
import type { PlannedRule, Plan } from '../validate/assemble.js';
import { readPath, type EvaluationContext, type RecordOutcome } from './context.js';
import { fillMessage } from './messages.js';
import { addResolved, resolveParameter } from '../runtime/parameters.js';
import { createRuntime, withRuntime } from '../runtime/operations.js';
import { judgeWindows, windowMessageData, type WindowVerdict } from './windows.js';
import { rowsSummary } from '../text/words.js';

interface Reads {
  seen: Map<string, JsonValue>;
  missing: Set<string>;
}

function recordingTracer(reads: Reads): Tracer {
  return {
    read(path, value, found, hasDefault) {
      if (!reads.seen.has(path)) reads.seen.set(path, (value ?? null) as JsonValue);
      if (!hasDefault && (!found || value === null || value === undefined)) reads.missing.add(path);
    },
  };
}

export function waiverNote(waiver: Waiver, asOf: string, status?: WaiverNote['status']): WaiverNote {
  const computed: WaiverNote['status'] = waiver.expires < asOf ? 'expired' : waiver.approved_on > asOf ? 'not_yet_approved' : 'applied';
  return {
    rule: waiver.rule,
    justification: waiver.justification,
    approved_by: waiver.approved_by,
    approved_on: waiver.approved_on,
    expires: waiver.expires,
    status: status ?? computed,
  };
}

export interface RuleInputs {
  plan: Plan;
  context: EvaluationContext;
  waivers: readonly Waiver[];
  /** The run's reference date and the provider's region: parameters resolve for these. */
  asOf: string;
  region: string;
  record?: RecordOutcome;
}

export function evaluateRule(planned: PlannedRule, given: RuleInputs): RuleResult {
  let inputs = given;
  const { rule } = planned;
  // This rule's own runtime: the parameters it resolves are its own, and nothing is written to the shared plan.
  const runtime = createRuntime(inputs.region, inputs.asOf);
  const context: EvaluationContext = { ...inputs.context, data: withRuntime(inputs.context.data, runtime) };
  inputs = { ...inputs, context };
  const reads: Reads = { seen: new Map(), missing: new Set() };
  const tracer = recordingTracer(reads);
  let status: RuleStatus;
  let error: string | undefined;
  let detail: string | undefined;
  let records: RuleResult['records'];
  let windowed: WindowVerdict | undefined;

  const run = (evaluator: Evaluator): unknown => evaluator(context.data, tracer);
  try {
    const applies = planned.appliesWhen ? run(planned.appliesWhen) : true;
    if (reads.missing.size > 0) status = 'not_evidenced';
    else if (!truthy(applies)) status = 'not_applicable';
    else {
      for (const path of rule.requires) {
        const value = readPath(context.data, path);
        if (value === undefined || value === null) reads.missing.add(path);
        else if (!reads.seen.has(path)) reads.seen.set(path, value);
      }
      if (rule.per_record) {
        // What the rows' test reads outside the row (facts, metrics, period) is one value for every row:
        // absent or null, it would be compared as data in each row (`30 >= null` is true), so it is missing.
        for (const path of contextReads(rule)) {
          const value = readPath(context.data, path);
          if (value === undefined || value === null) reads.missing.add(path);
          else if (!reads.seen.has(path)) reads.seen.set(path, value);
        }
        if (inputs.record?.error !== undefined) throw new Error(inputs.record.error);
        if (reads.missing.size > 0) status = 'not_evidenced';
        else ({ status, detail, records } = perRecordStatus(rule.per_record.tolerance ?? 0, inputs.record, reads));
      } else {
        const passed = truthy(run(planned.test));
        status = reads.missing.size > 0 ? 'not_evidenced' : passed ? 'pass' : 'fail';
        if (rule.every_window && status !== 'not_evidenced') {
          // The windows decide, not the whole-period figure (a quarter's distinct count is not a month's).
          const metricsRead = [...reads.seen.keys()].filter((p) => p.startsWith('metrics.')).map((p) => p.slice('metrics.'.length));
          windowed = judgeWindows(planned.test, rule.test, metricsRead, context);
          if (windowed) status = windowed.status;
        }
      }
    }
  } catch (e) {
    status = 'error';
    error = e instanceof Error ? e.message : String(e);
  }

  // A waiver only matters for a rule that would not pass; an expired one is reported, not applied.
  const waiver = inputs.waivers.find((w) => w.rule === rule.id);
  let note: WaiverNote | undefined;
  if (waiver) {
    note = waiverNote(waiver, inputs.asOf);
    if (status === 'pass' || status === 'not_applicable') note = { ...note, status: 'unused' };
    else if (note.status === 'applied') status = 'waived';
  }

  if (rule.per_record && inputs.record) resolveRunConstants(planned, inputs);
  const parameters: ResolvedParameter[] = [...runtime.used];
  // A per-record rule's rows resolved their own parameters (by each row's date, if it passes one).
  for (const p of inputs.record?.parameters ?? []) addResolved(parameters, p);
  const seen: SeenValue[] = [...reads.seen.entries()]
    .filter(([path]) => !reads.missing.has(path))
    .map(([path, value]) => {
      const source = context.sourceOf(path);
      return { path, value, ...(source === undefined ? {} : { source }) };
    });
  const missing = [...reads.missing].sort();
  if (windowed) {
    // The whole-period value of a windowed metric is stated as such; each window's value is data in `windows`.
    for (const s of seen) if (s.path.startsWith('metrics.') && context.windowsOf?.(s.path.slice(8))?.length) s.source = `${s.source ?? 'computed'}; over the whole period`;
  }
  const message = messageFor(status, planned, inputs, parameters, { missing, ...(error === undefined ? {} : { error }), ...(detail === undefined ? {} : { detail }) }, windowed)
    + (windowed === undefined || status === 'waived' ? '' : ` (${windowed.note})`)
    // A per-record rule that passes within its tolerance still says how many rows failed.
    + (records && (status === 'pass' || status === 'fail') ? `; ${rowsSummary(records)}` : '');

  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    status,
    message,
    clause: planned.clause,
    ...(rule.clause === undefined ? {} : { sourceClause: rule.clause }),
    origin: rule.origin,
    references: rule.references,
    remediation: rule.remediation,
    seen,
    parameters,
    missing,
    ...(note ? { waiver: note } : {}),
    ...(error === undefined ? {} : { error }),
    ...(records ? { records } : {}),
    ...(windowed ? { windows: windowed.windows, ...(windowed.deciding ? { decidingWindow: windowed.deciding.label } : {}) } : {}),
  };
}

/** The paths outside `row` that a per-record rule's test and scope read without a default. */
function contextReads(rule: PlannedRule['rule']): string[] {
  const vars = [...collectVars(rule.test), ...(rule.per_record?.where === undefined ? [] : collectVars(rule.per_record.where))];
  return [...new Set(vars.filter((v) => !v.dynamic && !v.hasDefault && v.path !== '' && v.path !== 'row' && !v.path.startsWith('row.')).map((v) => v.path))];
}

function perRecordStatus(tolerance: number, record: RecordOutcome | undefined, reads: Reads) {
  if (!record || record.reason !== undefined) {
    reads.missing.add(`dataset`);
    return { status: 'not_evidenced' as const, detail: record?.reason ?? 'no dataset in the evidence provides the rows this rule checks', records: undefined };
  }
  if (record.checked === 0) {
    reads.missing.add('dataset');
    return { status: 'not_evidenced' as const, detail: 'no rows in scope', records: undefined };
  }
  const share = record.failed / record.checked;
  return {
    status: share <= tolerance ? ('pass' as const) : ('fail' as const),
    detail: undefined,
    records: { checked: record.checked, failed: record.failed, tolerance, failures: record.failures, failedLines: record.failedLines ?? [] },
  };
}

function messageFor(
  status: RuleStatus,
  planned: PlannedRule,
  inputs: RuleInputs,
  parameters: ResolvedParameter[],
  extra: { missing: string[]; error?: string; detail?: string },
  windowed?: WindowVerdict,
): string {
  const { rule } = planned;
  const fill = (template: string) => {
    // {{params.x}} is the value in force at the reference date, whatever other values rows met.
    const atReference: ResolvedParameter[] = [];
    for (const [, name] of template.matchAll(/\{\{\s*params\.([a-z0-9_]+)\s*\}\}/g)) {
      if (!name || atReference.some((p) => p.name === name)) continue;
      const resolution = resolveParameter(inputs.plan.parameters, name, inputs.region, inputs.asOf);
      // An unresolvable parameter shows as "(parameter not resolved)".
      if (!resolution.ok) continue;
      const resolved = resolution.value;
      atReference.push(resolved);
      // A parameter only the message names is still stated in the result.
      addResolved(parameters, resolved);
    }
    const unitOf = (path: string) => {
      const [root, name] = path.split('.');
      if (!name) return undefined;
      return root === 'facts' ? inputs.plan.facts.get(name)?.unit : root === 'metrics' ? inputs.plan.metrics.get(name)?.unit : undefined;
    };
    return fillMessage(template, windowMessageData(inputs.context.data, windowed?.deciding), atReference, unitOf);
  };
  switch (status) {
    case 'pass':
      return rule.messages.pass ? fill(rule.messages.pass) : 'Requirement met';
    case 'fail':
      return rule.messages.fail ? fill(rule.messages.fail) : 'Requirement not met';
    case 'not_evidenced': {
      const reasons = extra.missing.map((p) => inputs.context.reasonMissing(p) ?? `${p} is absent`);
      if (extra.detail) reasons.unshift(extra.detail);
      return `Not evidenced: ${[...new Set(reasons)].filter((r) => !r.startsWith('dataset is absent')).join('; ')}`;
    }
    case 'not_applicable':
      return 'Does not apply to this provider or period';
    case 'waived':
      return `Waived: ${inputs.waivers.find((w) => w.rule === rule.id)?.justification ?? ''}`;
    case 'error':
      return `The rule could not be evaluated: ${extra.error ?? 'unknown error'}`;
  }
}

/**
 * The data phase inlines parameters that every row shares (no date argument) before it runs the
 * rows, so they are resolved here, at the reference date, for the result to state them.
 */
function resolveRunConstants(planned: PlannedRule, inputs: RuleInputs): void {
  const names = new Set<string>();
  const collect = ({ op, args }: Visit) => {
    if (op === 'param' && args.length === 1 && typeof args[0] === 'string') names.add(args[0]);
  };
  walkLogic(planned.rule.test, {}, collect);
  walkLogic(planned.rule.per_record?.where, {}, collect);
  for (const name of names) {
    try {
      inputs.plan.compileLogic({ param: name })(inputs.context.data);
    } catch {
      // Unresolvable: the rows already reported it as the rule's error.
    }
  }
}
