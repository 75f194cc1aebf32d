/**
 * `pool`: a fixed sum, or a percentage of a base, shared among providers by each one's share
 * of a measure such as hours delivered (BFC minutes: a 5 % bonus, a provider with 50 % of the
 * hours gets half). Every provider's measure comes from the pool basis file (`--pool-basis`);
 * the shares are allocated in pence by largest remainder (allocate.ts), so they add up to the
 * pool exactly, and this provider's share is the payment. The statement lists every share.
 */
import type { PaymentDefinition } from '../model/types.js';
import { allocate } from './allocate.js';
import { Big } from './money.js';
import { hoursText, PaymentProblem, pounds, type PaymentContext, type Step } from './context.js';
import { nearest } from '../text/suggest.js';

export function pool(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const basis = ctx.inputs.poolBasis;
  if (!basis) throw new PaymentProblem('not_evidenced', 'no pool basis was given: every provider\'s measure is needed (check --pool-basis FILE)');
  if (basis.pool !== payment.id) throw new PaymentProblem('error', `the pool basis file ${basis.file} is for pool "${basis.pool}", not "${payment.id}"`);
  const { period, provider } = ctx.inputs.evidence;
  if (basis.period.start !== period.start || basis.period.end !== period.end) {
    throw new PaymentProblem('error', `the pool basis covers ${basis.period.start} to ${basis.period.end}, not the assessment period ${period.start} to ${period.end}`);
  }
  const asOf = ctx.inputs.asOf;
  const steps: Step[] = [];
  let fund: Big;
  const spec = payment.pool!;
  if (spec.amount !== undefined) {
    fund = ctx.value(spec.amount, 'pool amount', asOf);
    steps.push({ window: 'period', step: `pool: ${pounds(fund)}` });
  } else {
    const percent = ctx.value(spec.percent!, 'pool percent', asOf);
    let base: Big;
    if (spec.of === 'basis') {
      if (basis.base === undefined) throw new PaymentProblem('error', `pool "${payment.id}" is a percentage of the basis file's base, but ${basis.file} gives no base`);
      base = new Big(basis.base);
    } else base = ctx.value(spec.of!, 'pool base', asOf);
    fund = ctx.round(base.times(percent).div(100));
    steps.push({ window: 'period', step: `pool: ${percent.toString()} % × ${pounds(base)} = ${pounds(fund)}` });
  }
  const index = basis.providers.findIndex((p) => p.name === provider.name);
  if (index === -1) {
    const near = nearest(provider.name, basis.providers.map((p) => p.name));
    throw new PaymentProblem('error', `provider "${provider.name}" is not listed in the pool basis ${basis.file}${near ? ` (did you mean "${near}"?)` : ''}`);
  }
  const byShare = basis.providers.every((p) => p.share !== undefined);
  const weights = basis.providers.map((p) => new Big(byShare ? p.share! : p.measure!));
  const total = weights.reduce((a, b) => a.plus(b), new Big(0));
  const shares = allocate(fund, weights);
  basis.providers.forEach((p, i) => {
    const share = shares[i]!;
    const of = byShare ? `share ${p.share}` : `${hoursText(new Big(p.measure!))} of ${hoursText(total)} ${basis.measure}`;
    const line = `${p.name}: ${of} × ${pounds(fund)} = ${pounds(share.amount)}${share.extraPenny ? ' (with one of the pence left over, largest remainder)' : ''}`;
    steps.push(i === index ? { window: 'period', step: line, quantity: weights[i]!, unit: byShare ? 'share' : basis.measure, amount: share.amount } : { window: 'period', step: line });
  });
  // The provider's own measure, from its evidence, should be the one the council shared by.
  if (!byShare && payment.quantity) {
    const own = ctx.quantity(payment.quantity, { label: 'period', asOf }, true);
    if (!own.eq(new Big(basis.providers[index]!.measure!))) {
      ctx.findings.push(`Pool ${payment.id}: this provider's evidence gives ${hoursText(own)} ${basis.measure}, the pool basis ${basis.file} ${hoursText(new Big(basis.providers[index]!.measure!))}; the pool is shared by the basis`);
    }
  }
  return steps;
}
