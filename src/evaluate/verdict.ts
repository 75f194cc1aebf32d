/**
 * The verdict. The policy first: `must` (default) is compliant only if every
 * must rule passes, is waived or does not apply; `all` asks the same of every
 * rule. A rule that fails or errs makes the provider not compliant; one only
 * missing its evidence makes the verdict `insufficient_evidence`.
 *
 * A specification may add a gate, in the style of a threshold file: a minimum
 * compliance percentage, a maximum number of failures per severity, and
 * whether insufficient evidence fails. The result names what decided.
 */
import type { GateCheck, RuleResult, Severity, Verdict, VerdictGate, VerdictPolicy } from '../model/types.js';
import { formatNumber, plural } from '../text/words.js';

export interface VerdictDecision {
  verdict: Verdict;
  /** What decided it, in words: the rules, or the gate check, that made the difference. */
  reason: string;
  gate?: GateCheck[];
}

/** How compliance is counted, stated in every report that uses it. */
export const COMPLIANCE_FORMULA = 'compliance = (rules passed + rules waived) ÷ (rules selected − rules not applicable) × 100';

export function decideVerdict(results: readonly RuleResult[], policy: VerdictPolicy, gate?: VerdictGate): VerdictDecision {
  const counted = policy === 'all' ? results : results.filter((r) => r.severity === 'must');
  const which = policy === 'all' ? 'rule' : 'must rule';
  const ids = (rs: RuleResult[]) => rs.map((r) => r.id).join(', ');
  const failing = counted.filter((r) => r.status === 'fail' || r.status === 'error');
  const unevidenced = counted.filter((r) => r.status === 'not_evidenced');
  const checks = gate ? gateChecks(results, gate) : undefined;
  const withGate = (d: Omit<VerdictDecision, 'gate'>): VerdictDecision => (checks ? { ...d, gate: checks } : d);

  if (failing.length > 0) return withGate({ verdict: 'not_compliant', reason: `${plural(failing.length, which)} ${failing.length === 1 ? 'fails' : 'fail'} or could not be evaluated: ${ids(failing)}` });
  const broken = checks?.find((c) => !c.passed);
  if (broken) return withGate({ verdict: 'not_compliant', reason: `the specification's gate: ${broken.description}` });
  if (unevidenced.length > 0) {
    const reason = `${plural(unevidenced.length, which)} not evidenced: ${ids(unevidenced)}`;
    if (gate?.insufficient_evidence_fails) return withGate({ verdict: 'not_compliant', reason: `${reason}, and the specification's gate counts insufficient evidence as a failure` });
    return withGate({ verdict: 'insufficient_evidence', reason });
  }
  return withGate({ verdict: 'compliant', reason: `every ${which} passes, is waived or does not apply${checks ? ', and every gate check is met' : ''}` });
}

function gateChecks(results: readonly RuleResult[], gate: VerdictGate): GateCheck[] {
  const checks: GateCheck[] = [];
  if (gate.min_compliance !== undefined) {
    const scored = results.filter((r) => r.status !== 'not_applicable');
    const met = scored.filter((r) => r.status === 'pass' || r.status === 'waived').length;
    // Nothing assessed is not 100 %: with no rule to count, the gate cannot be met.
    const value = scored.length === 0 ? 0 : Math.round((met / scored.length) * 10000) / 100;
    const passed = scored.length > 0 && value >= gate.min_compliance;
    checks.push({
      name: 'min_compliance',
      value,
      limit: gate.min_compliance,
      passed,
      description: `compliance ${formatNumber(value)} % (${met} of ${scored.length}) ${passed ? 'meets' : 'is below'} the minimum ${formatNumber(gate.min_compliance)} %; ${COMPLIANCE_FORMULA}`,
    });
  }
  for (const severity of ['must', 'should'] as const satisfies readonly Severity[]) {
    const limit = gate.max_failures?.[severity];
    if (limit === undefined) continue;
    const value = results.filter((r) => r.severity === severity && (r.status === 'fail' || r.status === 'error')).length;
    const passed = value <= limit;
    checks.push({
      name: `max_failures.${severity}`,
      value,
      limit,
      passed,
      description: `${plural(value, `${severity}-rule failure`)} ${passed ? 'within' : 'over'} the maximum of ${limit}`,
    });
  }
  return checks;
}
