/**
 * `banded`: one rate for every hour, chosen by the volume (Redbridge: £18.30 to £17.90 an hour
 * depending on the provider's volume). The band is the last whose minimum the hours reach.
 */
import type { PaymentDefinition } from '../model/types.js';
import { hoursText, PaymentProblem, pounds, type PaymentContext, type Step } from './context.js';

export function banded(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const steps: Step[] = [];
  for (const window of ctx.windows(payment.per, payment.quantity)) {
    const bands = payment.bands!.map((b, i) => ({ min: ctx.value(b.min, `band ${i + 1} minimum`, window.asOf), rate: ctx.value(b.rate, `band ${i + 1} rate`, window.asOf) }));
    bands.forEach((b, i) => {
      if (i === 0 && !b.min.eq(0)) throw new PaymentProblem('error', `band 1 starts at ${b.min.toString()} on ${window.asOf}, not 0`);
      if (i > 0 && !b.min.gt(bands[i - 1]!.min)) throw new PaymentProblem('error', `band ${i + 1} minimum ${b.min.toString()} is not above band ${i}'s on ${window.asOf}`);
    });
    const hours = ctx.quantity(payment.quantity!, window, true);
    let chosen = 0;
    bands.forEach((b, i) => {
      if (hours.gte(b.min)) chosen = i;
    });
    const band = bands[chosen]!;
    const next = bands[chosen + 1];
    steps.push({ window: window.label, step: `${hoursText(hours)} h is in band ${chosen + 1} (from ${hoursText(band.min)} h${next ? ` to below ${hoursText(next.min)} h` : ''}): every hour at ${pounds(band.rate)}` });
    steps.push({ window: window.label, step: `${hoursText(hours)} h × ${pounds(band.rate)}`, quantity: hours, unit: 'hours', rate: band.rate, amount: ctx.round(hours.times(band.rate)) });
  }
  return steps;
}
