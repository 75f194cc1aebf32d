/**
 * Where each rule result was written, added to the result after evaluation: the line of the clause
 * heading that uses the rule in the specification, and the file and line that define the rule.
 * CI formats (SARIF, GitHub annotations) need a position for every result; the evaluator does not.
 */
import type { CheckResult, RuleResult } from './model/types.js';
import type { Plan } from './validate/assemble.js';

export function withPositions(result: CheckResult, plan: Plan): CheckResult {
  const clauseLines = new Map(plan.spec.clauses.map((c) => [c.id, c.position.line]));
  const defined = new Map(plan.rules.map((p) => [p.rule.id, p.rule.position]));
  const rules = result.rules.map((rule): RuleResult => {
    const line = rule.clause ? clauseLines.get(rule.clause.id) : undefined;
    const position = defined.get(rule.id);
    return {
      ...rule,
      clause: rule.clause && line !== undefined && line > 0 ? { ...rule.clause, line } : rule.clause,
      ...(position && position.line > 0 ? { definedAt: { file: position.file, line: position.line } } : {}),
    };
  });
  return { ...result, rules };
}
