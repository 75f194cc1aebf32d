/**
 * `credit`: a deduction (a negative amount) for each KPI missed, or for each unit a measure
 * falls below a threshold (per month or for the period), with an optional cap on the period's
 * deductions. A KPI counts as missed when its status is in `missed_when` (default `fail` and
 * `not_evidenced`: a KPI nobody evidenced is not a KPI met); waived and not applicable never are.
 */
import type { PaymentDefinition, RuleStatus } from '../model/types.js';
import { Big, sum, ZERO } from './money.js';
import { hoursText, pounds, type PaymentContext, type Step } from './context.js';

export const DEFAULT_MISSED: readonly RuleStatus[] = ['fail', 'not_evidenced'];

export function credit(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const steps = payment.rules ? perKpi(payment, ctx) : shortfall(payment, ctx);
  if (payment.cap === undefined) return steps;
  const cap = ctx.value(payment.cap, 'cap', ctx.inputs.asOf);
  const deducted = sum(steps.map((s) => s.amount ?? ZERO)).abs();
  if (deducted.lte(cap)) {
    steps.push({ window: 'period', step: `credits ${pounds(deducted.times(-1))} are within the cap of ${pounds(cap)}` });
  } else {
    steps.push({ window: 'period', step: `credits ${pounds(deducted.times(-1))} capped at ${pounds(cap)} for the period`, amount: deducted.minus(cap) });
  }
  return steps;
}

function perKpi(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const missedWhen = payment.missed_when ?? DEFAULT_MISSED;
  const amount = ctx.value(payment.amount!, 'credit per KPI', ctx.inputs.asOf);
  return payment.rules!.map((rule): Step => {
    const status = ctx.inputs.statuses.get(rule) ?? 'error';
    const missed = missedWhen.includes(status);
    return {
      window: 'period',
      step: missed ? `${rule} missed (${status.replace('_', ' ')}): credit ${pounds(amount)}` : `${rule} ${status.replace('_', ' ')}: no credit`,
      amount: missed ? amount.times(-1) : ZERO,
      rule,
      status,
    };
  });
}

function shortfall(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  return ctx.windows(payment.per, payment.quantity).map((window): Step => {
    const value = ctx.quantity(payment.quantity!, window, false);
    const threshold = ctx.value(payment.threshold!, 'threshold', window.asOf);
    const perUnit = ctx.value(payment.per_unit!, 'credit per unit', window.asOf);
    const gap: Big = threshold.gt(value) ? threshold.minus(value) : ZERO;
    const name = 'metric' in payment.quantity! ? payment.quantity.metric : payment.quantity!.fact;
    if (gap.eq(0)) return { window: window.label, step: `${name} ${hoursText(value)} is not below ${hoursText(threshold)}: no credit`, quantity: value, amount: ZERO };
    return {
      window: window.label,
      step: `${name} ${hoursText(value)} is ${hoursText(gap)} below ${hoursText(threshold)}: ${hoursText(gap)} × ${pounds(perUnit)}`,
      quantity: gap,
      unit: 'units below threshold',
      rate: perUnit,
      amount: ctx.round(gap.times(perUnit)).times(-1),
    };
  });
}
