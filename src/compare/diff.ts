/**
 * Two results of the same provider compared (last quarter against this one): verdict and stages,
 * each rule's transition, each metric's signed change (period and per window where both have it),
 * and whether a rule's method changed between the runs (definitionHash), so a changed rule is not
 * read as a change in performance. Changes are exact decimals of the values as published.
 */
import type { RuleStatus, Verdict } from '../model/types.js';
import type { Comparable, RuleOutcome } from './comparable.js';
import { Big } from '../payments/money.js';

/** `failing` means the rule counts against the provider: it fails, errs or is not evidenced. */
export const FAILING: ReadonlySet<RuleStatus> = new Set(['fail', 'error', 'not_evidenced']);

export type Transition = 'newly_failing' | 'fixed' | 'still_failing' | 'still_passing' | 'added' | 'removed';

export interface RuleChange {
  id: string;
  transition: Transition;
  base: RuleStatus | null;
  head: RuleStatus | null;
  /** `changed`: the definition or resolved parameters differ; `unknown`: a result has no definitionHash. */
  method: 'same' | 'changed' | 'unknown' | 'n/a';
  /** Parameters whose value or effective date differ, in words. */
  parameterChanges: string[];
}

export interface MetricChange {
  metric: string;
  unit?: string;
  base: number | null;
  head: number | null;
  /** head − base, exact decimal string; null when either is absent. */
  change: string | null;
  windows: { label: string; base: number; head: number; change: string }[];
}

export interface ResultDiff {
  provider: string;
  spec: { base: string; head: string };
  verdict: { base: Verdict; head: Verdict; change: 'better' | 'worse' | 'same' };
  stages: { group: string; base: number | null; head: number | null; of: number | null; change: 'better' | 'worse' | 'same' }[];
  rules: RuleChange[];
  metrics: MetricChange[];
  /** A rule newly failing, a worse verdict, or fewer stages attained. */
  regression: boolean;
}

const VERDICT_RANK: Record<Verdict, number> = { not_compliant: 0, insufficient_evidence: 1, compliant: 2 };
const direction = (base: number, head: number): 'better' | 'worse' | 'same' => (head > base ? 'better' : head < base ? 'worse' : 'same');

export function diffResults(base: Comparable, head: Comparable): ResultDiff {
  const baseRules = new Map(base.rules.map((r) => [r.id, r]));
  const headRules = new Map(head.rules.map((r) => [r.id, r]));
  const ids = [...new Set([...base.rules.map((r) => r.id), ...head.rules.map((r) => r.id)])];
  const rules = ids.map((id) => ruleChange(id, baseRules.get(id), headRules.get(id)));

  const groupIds = [...new Set([...base.stages, ...head.stages].map((s) => s.group))];
  const stages = groupIds.map((group) => {
    const b = base.stages.find((s) => s.group === group);
    const h = head.stages.find((s) => s.group === group);
    return { group, base: b?.attained ?? null, head: h?.attained ?? null, of: h?.of ?? b?.of ?? null, change: b && h ? direction(b.attained, h.attained) : ('same' as const) };
  });
  const verdict = { base: base.verdict, head: head.verdict, change: direction(VERDICT_RANK[base.verdict], VERDICT_RANK[head.verdict]) };
  return {
    provider: head.provider,
    spec: { base: `${base.spec.id} ${base.spec.version}`, head: `${head.spec.id} ${head.spec.version}` },
    verdict,
    stages,
    rules,
    metrics: metricChanges(base, head),
    regression: verdict.change === 'worse' || stages.some((s) => s.change === 'worse') || rules.some((r) => r.transition === 'newly_failing'),
  };
}

function ruleChange(id: string, base: RuleOutcome | undefined, head: RuleOutcome | undefined): RuleChange {
  if (!base) return { id, transition: 'added', base: null, head: head!.status, method: 'n/a', parameterChanges: [] };
  if (!head) return { id, transition: 'removed', base: base.status, head: null, method: 'n/a', parameterChanges: [] };
  const wasFailing = FAILING.has(base.status), isFailing = FAILING.has(head.status);
  const transition: Transition = wasFailing ? (isFailing ? 'still_failing' : 'fixed') : isFailing ? 'newly_failing' : 'still_passing';
  const method = base.definitionHash === undefined || head.definitionHash === undefined ? 'unknown' : base.definitionHash === head.definitionHash ? 'same' : 'changed';
  return { id, transition, base: base.status, head: head.status, method, parameterChanges: parameterChanges(base, head) };
}

export function parameterChanges(base: RuleOutcome, head: RuleOutcome): string[] {
  const changes: string[] = [];
  const before = new Map(base.parameters.map((p) => [p.name, p]));
  for (const p of head.parameters) {
    const old = before.get(p.name);
    if (!old) changes.push(`${p.name} now used (${String(p.value)} from ${p.from})`);
    else if (old.value !== p.value) changes.push(`${p.name} ${String(old.value)} → ${String(p.value)} (from ${p.from})`);
    else if (old.from !== p.from || old.region !== p.region) changes.push(`${p.name} same value, now in force from ${p.from} (${p.region}) instead of ${old.from} (${old.region})`);
    before.delete(p.name);
  }
  for (const name of before.keys()) changes.push(`${name} no longer used`);
  return changes;
}

function metricChanges(base: Comparable, head: Comparable): MetricChange[] {
  const before = new Map(base.metrics.map((m) => [m.name, m]));
  const names = [...new Set([...base.metrics.map((m) => m.name), ...head.metrics.map((m) => m.name)])];
  return names.map((name): MetricChange => {
    const b = before.get(name), h = head.metrics.find((m) => m.name === name);
    const bv = b?.value ?? null, hv = h?.value ?? null;
    const bw = new Map((b?.windows ?? []).map((w) => [w.label, w.value]));
    const windows = (h?.windows ?? []).flatMap((w) => {
      const old = bw.get(w.label);
      return old === undefined || old === null || w.value === null ? [] : [{ label: w.label, base: old, head: w.value, change: signed(old, w.value) }];
    });
    const unit = h?.unit ?? b?.unit;
    return { metric: name, ...(unit ? { unit } : {}), base: bv, head: hv, change: bv === null || hv === null ? null : signed(bv, hv), windows };
  });
}

/** head − base as an exact decimal of the two published numbers, with its sign (+0 when equal). */
export function signed(base: number, head: number): string {
  const d = new Big(String(head)).minus(new Big(String(base)));
  return d.gt(0) ? `+${d.toString()}` : d.eq(0) ? '0' : d.toString();
}
