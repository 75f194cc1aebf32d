/**
 * What a payment calculation reads: values (literal or effective-dated, regional parameters,
 * resolved for a date and recorded with their source), hours and measures from metrics or
 * facts (per month when the metric is monthly), and rule statuses. A value that cannot be
 * read stops the payment with a named status and the reason, never a wrong amount.
 */
import type { MetricValue } from '../evaluate/context.js';
import type { Evidence, Metric, MoneyInput, PaymentLine, QuantitySource, ResolvedParameter, RoundingMode, RuleStatus } from '../model/types.js';
import { addResolved, resolveParameter, type ParameterTable } from '../runtime/parameters.js';
import { Big, moneyText, parseDecimal, quantityText, toPence } from './money.js';
import type { PackageRows } from './packages.js';
import type { PoolBasis } from '../model/types.js';

/** Stops one payment: `not_evidenced` when a quantity is absent, `error` when a value is wrong. */
export class PaymentProblem extends Error {
  constructor(readonly status: 'not_evidenced' | 'error', message: string) {
    super(message);
  }
}

export interface Window {
  /** "2025-04" or "period". */
  label: string;
  /** The date parameters are resolved for: the month's last day (within the period), or the reference date. */
  asOf: string;
}

/** A line before its numbers become text. */
export interface Step {
  window: string;
  step: string;
  quantity?: Big;
  unit?: string;
  rate?: Big;
  amount?: Big;
  rule?: string;
  status?: RuleStatus;
}

export interface PaymentInputs {
  parameters: ParameterTable;
  metrics: ReadonlyMap<string, Metric>;
  metricValues: ReadonlyMap<string, MetricValue>;
  evidence: Evidence;
  asOf: string;
  statuses: ReadonlyMap<string, RuleStatus>;
  /** Care-package rows by dataset kind, read on demand. */
  packages: (kind: string) => PackageRows;
  poolBasis?: PoolBasis;
}

export class PaymentContext {
  readonly used: ResolvedParameter[] = [];
  /** Disagreements worth a reconciliation finding (e.g. a provider's own measure against the pool basis). */
  readonly findings: string[] = [];
  constructor(readonly inputs: PaymentInputs, readonly rounding: RoundingMode) {}

  /** A money or number value for a date; negative values are refused (`what` names it in the reason). */
  value(input: MoneyInput, what: string, asOf: string, allowNegative = false): Big {
    let raw: unknown = input;
    if (typeof input === 'object') {
      const resolved = resolveParameter(this.inputs.parameters, input.param, this.inputs.evidence.provider.region, asOf);
      if (!resolved.ok) throw new PaymentProblem('error', `${what}: ${resolved.reason}`);
      addResolved(this.used, resolved.value);
      raw = resolved.value.value;
      what = `${what} (parameter ${input.param}, in force from ${resolved.value.from})`;
    }
    const parsed = parseDecimal(raw, what);
    if (!parsed.ok) throw new PaymentProblem('error', parsed.reason);
    if (!allowNegative && parsed.value.lt(0)) throw new PaymentProblem('error', `${what} is negative (${parsed.value.toString()})`);
    return parsed.value;
  }

  round(amount: Big): Big {
    return toPence(amount, this.rounding);
  }

  /** The windows of a payment: each month of the period, or the period as one. */
  windows(per: 'month' | 'period' | undefined, quantity?: QuantitySource): Window[] {
    if (per !== 'month') return [{ label: 'period', asOf: this.inputs.asOf }];
    const metric = quantity && 'metric' in quantity ? this.inputs.metricValues.get(quantity.metric) : undefined;
    const { end } = this.inputs.evidence.period;
    return (metric?.windows ?? []).map((w) => ({ label: w.label, asOf: minDate(monthEnd(w.label), end) }));
  }

  /**
   * Hours (or a measure when `hours` is false) for a window. A metric in minutes is divided by
   * 60 exactly; hours must not be negative.
   */
  quantity(source: QuantitySource, window: Window, hours: boolean): Big {
    let raw: unknown;
    let what: string;
    let minutes = false;
    if ('metric' in source) {
      const value = this.inputs.metricValues.get(source.metric);
      what = `metric ${source.metric}`;
      if (!value || value.value === null) throw new PaymentProblem('not_evidenced', `${what} has no value${value?.reason ? `: ${value.reason}` : ''}`);
      raw = window.label === 'period' ? value.value : value.windows?.find((w) => w.label === window.label)?.value ?? null;
      // A month with no rows in scope delivered no hours; an unmeasured measure is not evidence.
      if (raw === null) {
        if (!hours) throw new PaymentProblem('not_evidenced', `${what} has no value in ${window.label}`);
        raw = 0;
      }
      minutes = hours && this.inputs.metrics.get(source.metric)?.unit === 'minutes';
    } else {
      const fact = this.inputs.evidence.facts[source.fact];
      what = `fact ${source.fact}`;
      if (!fact || fact.value === null) throw new PaymentProblem('not_evidenced', `${what} is not declared in the evidence`);
      raw = fact.value;
      if (fact.position) what = `${what} (${fact.position.file}:${fact.position.line})`;
    }
    const parsed = parseDecimal(raw, what);
    if (!parsed.ok) throw new PaymentProblem('error', parsed.reason);
    if (hours && parsed.value.lt(0)) throw new PaymentProblem('error', `${what} gives negative hours (${parsed.value.toString()})`);
    return minutes ? parsed.value.div(60) : parsed.value;
  }
}

export function monthEnd(label: string): string {
  const [y, m] = label.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${label}-${String(last).padStart(2, '0')}`;
}

const minDate = (a: string, b: string) => (a < b ? a : b);

/** "£1,234.56" — the statement's own text; the JSON keeps "1234.56". */
const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });
export function pounds(value: Big): string {
  // Intl takes a decimal string exactly (ES2023), so no float ever holds the amount.
  const text = moneyText(value);
  return GBP.format(text as unknown as number);
}

export function hoursText(value: Big): string {
  const [whole, fraction] = quantityText(value).split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

export function toLine(step: Step): PaymentLine {
  return {
    window: step.window,
    step: step.step,
    ...(step.quantity ? { quantity: quantityText(step.quantity) } : {}),
    ...(step.unit ? { unit: step.unit } : {}),
    ...(step.rate ? { rate: step.rate.toString() } : {}),
    ...(step.amount ? { amount: moneyText(step.amount) } : {}),
    ...(step.rule ? { rule: step.rule } : {}),
    ...(step.status ? { status: step.status } : {}),
  };
}
