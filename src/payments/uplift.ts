/**
 * `uplift`: an amount per hour for each outcome rule that passes (BFC: five outcomes at 20p an
 * hour each, up to £1.00 an hour). Only `pass` earns; a waived, not applicable, not evidenced
 * or erring outcome earns nothing and is listed with its status, so nobody is paid for an
 * outcome that was not shown.
 */
import type { PaymentDefinition } from '../model/types.js';
import { ZERO } from './money.js';
import { hoursText, pounds, type PaymentContext, type Step } from './context.js';

export function uplift(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const window = ctx.windows('period')[0]!;
  const hours = ctx.quantity(payment.quantity!, window, true);
  const rate = ctx.value(payment.rate!, 'uplift rate', window.asOf);
  const steps: Step[] = [];
  let earned = 0;
  for (const rule of payment.rules!) {
    const status = ctx.inputs.statuses.get(rule) ?? 'error';
    if (status === 'pass') {
      earned++;
      steps.push({ window: window.label, step: `${rule} passed: ${hoursText(hours)} h × ${pounds(rate)}`, quantity: hours, unit: 'hours', rate, amount: ctx.round(hours.times(rate)), rule, status });
    } else {
      steps.push({ window: window.label, step: `${rule} is ${status.replace('_', ' ')}: earns nothing`, amount: ZERO, rule, status });
    }
  }
  steps.push({ window: window.label, step: `${earned} of ${payment.rules!.length} outcomes earned: ${pounds(rate.times(earned))} an hour` });
  return steps;
}
