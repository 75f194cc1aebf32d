/**
 * Reconciling an invoice: the invoiced hours against the hours delivered, and the invoiced
 * amount against the statement's total, each within the specification's declared tolerance.
 * A difference is a reconciliation finding and the check's `differs`; it changes no rule.
 */
import type { Finding, InvoiceCheck, InvoiceDeclaration } from '../model/types.js';
import { Big, moneyText, quantityText } from './money.js';
import { hoursText, PaymentContext, PaymentProblem, pounds, type PaymentInputs } from './context.js';

export function reconcileInvoice(invoice: InvoiceDeclaration, inputs: PaymentInputs, total: string | null): { check: InvoiceCheck; findings: Finding[] } {
  const ctx = new PaymentContext(inputs, 'half_up');
  const period = { label: 'period', asOf: inputs.asOf };
  const lines: InvoiceCheck['lines'] = [];
  const findings: Finding[] = [];
  try {
    if (invoice.hours && invoice.delivered) {
      const invoiced = ctx.quantity(invoice.hours, period, true);
      const delivered = ctx.quantity(invoice.delivered, period, true);
      const tolerance = new Big(String(invoice.tolerance.hours));
      const difference = invoiced.minus(delivered);
      const agrees = difference.abs().lte(tolerance);
      lines.push({ item: 'hours', invoiced: quantityText(invoiced), computed: quantityText(delivered), difference: quantityText(difference), tolerance: tolerance.toString(), agrees });
      if (!agrees) findings.push({ code: 'payments/invoice-hours', kind: 'reconciliation', severity: 'warning', message: `Invoice: ${hoursText(invoiced)} hours invoiced, ${hoursText(delivered)} delivered (a difference of ${hoursText(difference)}, tolerance ${tolerance.toString()})` });
    }
    if (invoice.amount) {
      const invoiced = ctx.quantity({ fact: invoice.amount.fact }, period, false);
      const tolerance = ctx.value(invoice.tolerance.amount!, 'invoice tolerance', inputs.asOf);
      if (total === null) {
        lines.push({ item: 'amount', invoiced: moneyText(invoiced), computed: null, difference: null, tolerance: moneyText(tolerance), agrees: null });
      } else {
        const difference = invoiced.minus(new Big(total));
        const agrees = difference.abs().lte(tolerance);
        lines.push({ item: 'amount', invoiced: moneyText(invoiced), computed: total, difference: moneyText(difference), tolerance: moneyText(tolerance), agrees });
        if (!agrees) findings.push({ code: 'payments/invoice-amount', kind: 'reconciliation', severity: 'warning', message: `Invoice: ${pounds(invoiced)} invoiced, ${pounds(new Big(total))} due by the payment statement (a difference of ${pounds(difference)}, tolerance ${pounds(tolerance)})` });
      }
    }
  } catch (e) {
    if (!(e instanceof PaymentProblem)) throw e;
    return { check: { status: 'not_evidenced', lines, reason: e.message }, findings };
  }
  const status = lines.some((l) => l.agrees === false) ? 'differs' : lines.some((l) => l.agrees === null) ? 'not_evidenced' : 'agrees';
  return { check: { status, lines, ...(status === 'not_evidenced' ? { reason: 'the statement has no total to compare' } : {}) }, findings };
}
