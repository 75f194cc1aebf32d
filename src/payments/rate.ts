/** `rate`: hours × rate, per month or for the period. */
import type { PaymentDefinition } from '../model/types.js';
import { hoursText, pounds, type PaymentContext, type Step } from './context.js';

export function rate(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  return ctx.windows(payment.per, payment.quantity).map((window) => {
    const hours = ctx.quantity(payment.quantity!, window, true);
    const rate = ctx.value(payment.rate!, 'rate', window.asOf);
    return { window: window.label, step: `${hoursText(hours)} h × ${pounds(rate)}`, quantity: hours, unit: 'hours', rate, amount: ctx.round(hours.times(rate)) };
  });
}
