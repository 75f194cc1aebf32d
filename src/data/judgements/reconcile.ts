/**
 * Reconciliation: what the provider declares (facts) against what its own
 * data shows (metrics). Declarative: each rule library may list `reconcile:`
 * entries (fact, metric, and a tolerance or a JSON Logic test over
 * `{ fact, metric }`). A contradiction is a `reconciliation` finding: it does
 * not change a rule's status, it tells the reader which declaration to doubt.
 * A check is skipped when the fact is not declared or the metric is absent
 * (the metric's own reason already says why).
 */
import { truthy } from '../../logic/index.js';
import type { Evidence, Finding, JsonValue, Reconciliation } from '../../model/types.js';
import type { MetricValue } from '../../evaluate/context.js';
import type { Plan } from '../../validate/assemble.js';

export function reconcile(
  plan: Plan,
  evidence: Evidence,
  metrics: ReadonlyMap<string, MetricValue>,
  checks: readonly Reconciliation[] = plan.libraries.flatMap((l) => l.reconcile ?? []),
): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    const fact = Object.hasOwn(evidence.facts, check.fact) ? evidence.facts[check.fact]!.value : null;
    const metric = metrics.get(check.metric);
    if (fact === null || metric === undefined || metric.value === null) continue;
    const value = metric.value;
    let agrees: boolean;
    let expectation: string;
    try {
      if (check.test !== undefined) {
        agrees = truthy(plan.compileLogic(check.test)({ fact, metric: value }));
        expectation = 'the reconciliation test';
      } else if (typeof fact === 'number') {
        const tolerance = check.tolerance ?? 0;
        agrees = Math.abs(fact - value) <= tolerance;
        expectation = `a difference of at most ${tolerance}`;
      } else if (typeof fact === 'boolean') {
        agrees = fact === value > 0;
        expectation = fact ? `${check.metric} above 0` : `${check.metric} of 0`;
      } else {
        continue; // a string or list fact has no numeric reading; the library should give a test
      }
    } catch (e) {
      findings.push({ code: 'reconcile/not-checked', kind: 'reconciliation', severity: 'warning', ...at(check), message: `${check.title}: could not be checked (${e instanceof Error ? e.message : String(e)})` });
      continue;
    }
    if (agrees) continue;
    const shown = (v: JsonValue) => (typeof v === 'number' ? String(round(v)) : JSON.stringify(v));
    const message = check.message
      ? check.message.replace(/\{\{\s*fact\s*\}\}/g, shown(fact)).replace(/\{\{\s*metric\s*\}\}/g, shown(value))
      : `${check.title}: the evidence declares ${check.fact} = ${shown(fact)} but the data gives ${check.metric} = ${shown(value)} (${metric.source}); expected ${expectation}`;
    findings.push({ code: 'reconcile/contradiction', kind: 'reconciliation', severity: check.severity ?? 'warning', ...at(check), message });
  }
  return findings;
}

/** Where the reconciliation entry is written, so the finding points at the declaration it doubts. */
function at(check: Reconciliation): Pick<Finding, 'file' | 'line' | 'column'> {
  return check.position && check.position.line > 0 ? { file: check.position.file, line: check.position.line, column: check.position.column } : {};
}

const round = (n: number) => Math.round(n * 100) / 100;
