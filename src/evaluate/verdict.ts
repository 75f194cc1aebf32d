/**
 * The verdict policy. `must` (default): compliant only if every must rule
 * passes, is waived or does not apply; `all`: the same for every rule. A rule
 * that fails or errors makes the provider not compliant; one that is only
 * missing its evidence makes the verdict `insufficient_evidence`.
 */
import type { RuleResult, Verdict, VerdictPolicy } from '../model/types.js';

export function decideVerdict(results: readonly RuleResult[], policy: VerdictPolicy): Verdict {
  const counted = policy === 'all' ? results : results.filter((r) => r.severity === 'must');
  if (counted.some((r) => r.status === 'fail' || r.status === 'error')) return 'not_compliant';
  if (counted.some((r) => r.status === 'not_evidenced')) return 'insufficient_evidence';
  return 'compliant';
}
