/**
 * The evaluate phase: every selected rule against the evidence, groups rolled
 * up, the verdict decided. Pure: the same plan, evidence and data give the
 * same result (a timestamp only when the caller passes one).
 */
import type { CheckResult, Evidence, GroupResult, InputHash, MetricResult, RuleResult, RuleStatus, SourcePosition } from '../model/types.js';
import type { Problem } from '../model/diagnostic.js';
import type { Plan } from '../validate/assemble.js';
import { ENGINE_VERSION } from '../version.js';
import { collectVars } from '../logic/index.js';
import { suggest } from '../text/suggest.js';
import { buildContext, NO_DATA, type DataEvidence } from './context.js';
import { rollUpGroup } from './groups.js';
import { evaluateRule, waiverNote } from './rule.js';
import { decideVerdict } from './verdict.js';

export interface CheckOptions {
  /** Reference date for waivers and parameters; default: the end of the assessment period. */
  asOf?: string;
  /** ISO timestamp to print in the report; omitted by default so reports are reproducible. */
  generatedAt?: string;
  /** The day of the run (YYYY-MM-DD), for attestations dated in the future; default: the clock's date. */
  today?: string;
}

export const STATUSES: readonly RuleStatus[] = ['pass', 'fail', 'not_evidenced', 'not_applicable', 'waived', 'error'];

export function runCheck(plan: Plan, evidence: Evidence, data: DataEvidence = NO_DATA, options: CheckOptions = {}): CheckResult {
  const asOf = options.asOf ?? evidence.period.end;
  const context = buildContext(evidence, data, plan.facts, options.today);

  const rules: RuleResult[] = plan.rules.map((planned) => {
    const record = data.records.get(planned.rule.id);
    return evaluateRule(planned, { plan, context, waivers: evidence.waivers, asOf, region: evidence.provider.region, ...(record ? { record } : {}) });
  });

  const statuses = new Map(rules.map((r) => [r.id, r.status] as const));
  const groups = plan.groups.map((g) => rollUpGroup(g, statuses)).filter((g): g is GroupResult => g !== undefined);

  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RuleStatus, number>;
  for (const r of rules) counts[r.status] += 1;

  const warnings: Problem[] = [];
  // Each warning points where the user would fix it: the rule's definition, the waiver, the manifest.
  const warn = (code: string, message: string, where: { file: string; position?: SourcePosition | undefined; ruleId?: string }) => {
    warnings.push({ code, severity: 'warning', message, ...positionOf(where.position, where.file), ...(where.ruleId === undefined ? {} : { ruleId: where.ruleId }) });
  };
  const { contractPeriod } = plan.spec;
  if (evidence.period.start < contractPeriod.start || evidence.period.end > contractPeriod.end) {
    warn('check/period-outside-contract', `The assessment period ${evidence.period.start} to ${evidence.period.end} falls partly outside the contract period ${contractPeriod.start} to ${contractPeriod.end}.`, { file: evidence.file });
  }
  const waiverAt = new Map(evidence.waivers.map((w) => [w.rule, w.position] as const));
  const definedAt = new Map(plan.rules.map((p) => [p.rule.id, p.rule.position] as const));
  for (const r of rules) {
    if (r.severity === 'should' && (r.status === 'fail' || r.status === 'not_evidenced' || r.status === 'error')) {
      const how = r.status === 'fail' ? 'fails' : r.status === 'error' ? 'could not be evaluated' : 'is not evidenced';
      warn('check/should-rule', `Should-rule ${r.id} (${r.title}) ${how}.`, { ruleId: r.id, file: plan.spec.file, position: definedAt.get(r.id) });
    }
    if (r.waiver?.status === 'expired') warn('check/waiver-expired', `The waiver for ${r.id} expired on ${r.waiver.expires} and was not applied.`, { ruleId: r.id, file: evidence.file, position: waiverAt.get(r.id) });
    if (r.waiver?.status === 'not_yet_approved') warn('check/waiver-not-yet-approved', `The waiver for ${r.id} is approved only from ${r.waiver.approved_on} and was not applied.`, { ruleId: r.id, file: evidence.file, position: waiverAt.get(r.id) });
  }
  for (const waiver of evidence.waivers) {
    if (!statuses.has(waiver.rule)) warn('check/waiver-unknown-rule', `The waiver for ${waiver.rule} names no rule of this specification (${waiverNote(waiver, asOf).status}).`, { file: evidence.file, position: waiver.position });
  }
  warnings.push(...unreadFactWarnings(plan, evidence));

  const decision = decideVerdict(rules, plan.spec.verdictPolicy, plan.spec.verdictGate);

  const inputs: InputHash[] = [
    { role: 'specification', path: plan.spec.file, sha256: plan.spec.sha256 },
    ...plan.libraries.map((l) => ({ role: 'library' as const, path: l.file, sha256: l.sha256 })),
    { role: 'evidence', path: evidence.file, sha256: evidence.sha256 },
    ...data.inputs,
  ];

  return {
    schemaVersion: '2.0',
    engine: { name: 'carespec', version: ENGINE_VERSION },
    ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
    spec: { id: plan.spec.id, title: plan.spec.title, version: plan.spec.version, commissioner: plan.spec.commissioner, file: plan.spec.file },
    provider: { name: evidence.provider.name, region: evidence.provider.region },
    period: evidence.period,
    asOf,
    verdict: decision.verdict,
    verdictPolicy: plan.spec.verdictPolicy,
    verdictReason: decision.reason,
    ...(decision.gate ? { gate: decision.gate } : {}),
    counts,
    groups,
    rules,
    metrics: metricResults(plan, data),
    warnings,
    findings: [...data.findings],
    inputs,
  };
}

/**
 * A fact the evidence gives that no selected rule (nor a reconciliation) reads: a typo such as
 * `cqc_ratng` would otherwise leave the rule that needs `cqc_rating` unevidenced with no hint why.
 */
function unreadFactWarnings(plan: Plan, evidence: Evidence): Problem[] {
  const read = new Set<string>();
  const note = (path: string) => {
    if (path.startsWith('facts.')) read.add(path.slice('facts.'.length).split('.')[0]!);
  };
  for (const { rule } of plan.rules) {
    for (const logic of [rule.test, rule.applies_when, rule.per_record?.where]) if (logic !== undefined) for (const v of collectVars(logic)) note(v.path);
    rule.requires.forEach(note);
  }
  for (const library of plan.libraries) for (const r of library.reconcile ?? []) read.add(r.fact);
  const known = new Set([...read, ...plan.facts.keys()]);
  return Object.keys(evidence.facts)
    .filter((name) => !read.has(name))
    .sort()
    .map((name): Problem => ({
      code: 'check/unread-fact',
      severity: 'warning',
      message: `The evidence gives fact "${name}", which no selected rule reads${suggest(name, [...known].filter((k) => k !== name && !Object.hasOwn(evidence.facts, k)))}.`,
      ...positionOf(evidence.facts[name]!.position, evidence.file),
      field: `facts.${name}`,
    }));
}

const positionOf = (position: SourcePosition | undefined, file: string): Pick<Problem, 'file' | 'line' | 'column'> =>
  position && position.line > 0 ? { file: position.file, line: position.line, column: position.column } : { file };
/** Every metric the data phase computed, in name order: the figures behind the rules, as data. */
function metricResults(plan: Plan, data: DataEvidence): MetricResult[] {
  return [...data.metrics.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([name, computed]): MetricResult[] => {
      const metric = plan.metrics.get(name);
      if (!metric) return [];
      return [{
        name,
        title: metric.title,
        dataset: metric.dataset,
        aggregate: metric.aggregate,
        window: computed.windows ? (metric.window ?? 'period') : 'period',
        ...(metric.unit === undefined ? {} : { unit: metric.unit }),
        value: computed.value,
        windows: computed.windows ? computed.windows.map((w) => ({ label: w.label, value: w.value })) : [],
        source: computed.source,
        ...(computed.reason === undefined ? {} : { reason: computed.reason }),
      }];
    });
}
