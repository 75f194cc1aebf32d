/**
 * `tiered`: marginal bands, like income tax: the first band's hours at its rate, the next
 * band's hours at the next rate. Per month, the bands restart each month (Lambeth: £17.50 for
 * the first 1,000 hours a month, £14.00 after). Each band's amount is rounded on its own, so
 * the payment is the sum of its bands to the penny.
 */
import type { PaymentDefinition } from '../model/types.js';
import { Big, ZERO } from './money.js';
import { hoursText, PaymentProblem, pounds, type PaymentContext, type Step } from './context.js';

export interface Band {
  /** Upper bound; undefined for the open last band. */
  upTo?: Big;
  rate: Big;
}

/** The hours in each band for `hours` (bands sorted and checked by the caller). */
export function splitTiers(hours: Big, bands: readonly Band[]): { from: Big; upTo?: Big; hours: Big; rate: Big }[] {
  const parts = [];
  let from = ZERO;
  for (const band of bands) {
    const top = band.upTo && band.upTo.lt(hours) ? band.upTo : hours;
    const inBand = top.gt(from) ? top.minus(from) : ZERO;
    parts.push({ from, ...(band.upTo ? { upTo: band.upTo } : {}), hours: inBand, rate: band.rate });
    if (!band.upTo) break;
    from = band.upTo;
  }
  return parts;
}

export function tiered(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const steps: Step[] = [];
  for (const window of ctx.windows(payment.per, payment.quantity)) {
    const bands: Band[] = payment.tiers!.map((t, i) => ({
      ...(t.up_to === undefined ? {} : { upTo: ctx.value(t.up_to, `tier ${i + 1} bound`, window.asOf) }),
      rate: ctx.value(t.rate, `tier ${i + 1} rate`, window.asOf),
    }));
    // Parameters can move a bound: check the order as resolved for this date, not only as written.
    bands.forEach((b, i) => {
      const before = bands[i - 1]?.upTo;
      if (b.upTo && before && !b.upTo.gt(before)) throw new PaymentProblem('error', `tier ${i + 1} bound ${b.upTo.toString()} is not above tier ${i} bound ${before.toString()} on ${window.asOf}: the tiers overlap or are out of order`);
    });
    const hours = ctx.quantity(payment.quantity!, window, true);
    const parts = splitTiers(hours, bands);
    steps.push({ window: window.label, step: `${hoursText(hours)} h in the ${window.label === 'period' ? 'period' : 'month'}`, quantity: hours, unit: 'hours' });
    parts.forEach((part, i) => {
      const range = part.upTo ? `${hoursText(part.from)}–${hoursText(part.upTo)} h` : `above ${hoursText(part.from)} h`;
      steps.push({
        window: window.label,
        step: `band ${i + 1} (${range}): ${hoursText(part.hours)} h × ${pounds(part.rate)}`,
        quantity: part.hours,
        unit: 'hours',
        rate: part.rate,
        amount: ctx.round(part.hours.times(part.rate)),
      });
    });
  }
  return steps;
}
