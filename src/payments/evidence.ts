/**
 * Facts a payment reads, checked when the evidence is loaded: an amount or hours written as
 * text with a pound sign or thousands separator ("£23,100.00"), or negative hours, is bad input
 * at the fact's file:line (exit 2), not a payment quietly computed from something else.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Evidence, QuantitySource } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { parseDecimal } from './money.js';

export function paymentFactDiagnostics(plan: Plan, evidence: Evidence): Diagnostic[] {
  const payments = plan.payments;
  if (!payments) return [];
  const named = new Set<string>();
  const note = (q: QuantitySource | undefined) => {
    if (q && 'fact' in q) named.add(q.fact);
  };
  for (const { payment } of payments.payments) note(payment.quantity);
  note(payments.invoice?.hours);
  if (payments.invoice?.amount) named.add(payments.invoice.amount.fact);
  const found: Diagnostic[] = [];
  for (const name of named) {
    const fact = evidence.facts[name];
    if (!fact || fact.value === null) continue;
    const parsed = parseDecimal(fact.value, `fact ${name}`);
    const problem = !parsed.ok ? parsed.reason : parsed.value.lt(0) ? `fact ${name} is negative (${parsed.value.toString()}); hours and amounts are 0 or more` : undefined;
    if (problem === undefined) continue;
    found.push({ code: 'payment/fact', message: `Unexpected ${problem}`, severity: 'error', file: fact.position?.file ?? evidence.file, line: fact.position?.line ?? 1, column: fact.position?.column ?? 1, field: `facts.${name}.value` });
  }
  return found;
}
