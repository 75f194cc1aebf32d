/**
 * Payment definitions from YAML (schema-validated) into the model, with the checks a schema
 * cannot make, each at file:line:column: money written as text with a pound sign, tiers out of
 * order or overlapping, volume bands that do not start at 0, negative rates and hours. A
 * parameter's value is checked when it is resolved (payment status `error`).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { JsonValue, MoneyInput, NumberInput, PaymentDefinition, QuantitySource, RuleStatus } from '../model/types.js';
import type { YamlFile, YamlPath } from '../load/yaml.js';
import { asList, asRaw, positionOf } from '../load/rule.js';
import { parseDecimal, type Big } from './money.js';

type Raw = Record<string, JsonValue>;

const isParam = (value: JsonValue | undefined): value is { param: string } =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.param === 'string';

const input = (value: JsonValue | undefined): MoneyInput | undefined =>
  value === undefined ? undefined : isParam(value) ? { param: value.param } : (value as number | string);

function quantity(value: JsonValue | undefined): QuantitySource | undefined {
  const raw = asRaw(value);
  if (typeof raw.metric === 'string') return { metric: raw.metric };
  if (typeof raw.fact === 'string') return { fact: raw.fact };
  return undefined;
}

export function toPayment(raw: Raw, yaml: YamlFile, path: YamlPath): PaymentDefinition {
  const pool = raw.pool === undefined ? undefined : asRaw(raw.pool);
  const def: PaymentDefinition = {
    id: String(raw.id),
    title: String(raw.title),
    type: raw.type as PaymentDefinition['type'],
    rounding: raw.rounding as PaymentDefinition['rounding'],
    position: positionOf(yaml, path),
  };
  if (raw.description !== undefined) def.description = String(raw.description);
  if (raw.per === 'month' || raw.per === 'period') def.per = raw.per;
  const q = quantity(raw.quantity);
  if (q) def.quantity = q;
  const set = <K extends 'rate' | 'amount' | 'threshold' | 'per_unit' | 'cap' | 'window_days'>(key: K) => {
    const value = input(raw[key]);
    if (value !== undefined) def[key] = value;
  };
  (['rate', 'amount', 'threshold', 'per_unit', 'cap', 'window_days'] as const).forEach(set);
  if (raw.tiers !== undefined) def.tiers = asList(raw.tiers).map((t) => ({ ...(asRaw(t).up_to === undefined ? {} : { up_to: input(asRaw(t).up_to)! }), rate: input(asRaw(t).rate)! }));
  if (raw.bands !== undefined) def.bands = asList(raw.bands).map((b) => ({ min: input(asRaw(b).min)!, rate: input(asRaw(b).rate)! }));
  if (raw.rules !== undefined) def.rules = asList(raw.rules).map(String);
  if (raw.missed_when !== undefined) def.missed_when = asList(raw.missed_when).map((s) => String(s) as RuleStatus);
  if (raw.dataset !== undefined) def.dataset = String(raw.dataset);
  if (pool) {
    def.pool = {};
    if (pool.amount !== undefined) def.pool.amount = input(pool.amount)!;
    if (pool.percent !== undefined) def.pool.percent = input(pool.percent)!;
    if (pool.of !== undefined) def.pool.of = pool.of === 'basis' ? 'basis' : input(pool.of)!;
  }
  return def;
}

/** Checks beyond the schema for the `payments` list at `base` in `yaml`. */
export function paymentDiagnostics(yaml: YamlFile, payments: JsonValue | undefined, base: YamlPath): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (code: string, message: string, path: YamlPath) =>
    found.push({ code, message, severity: 'error', file: yaml.file, ...yaml.locate(path), field: path.join('.') });
  /** A literal number or money value: plain decimal, and not negative. Parameters are checked when resolved. */
  const literal = (value: JsonValue | undefined, path: YamlPath, what: string): Big | undefined => {
    if (value === undefined || isParam(value)) return undefined;
    const parsed = parseDecimal(value, what);
    if (!parsed.ok) {
      report('payment/money', `Unexpected ${parsed.reason}`, path);
      return undefined;
    }
    if (parsed.value.lt(0)) report('payment/negative', `Unexpected negative ${what} ${parsed.value.toString()}, expected 0 or more`, path);
    return parsed.value;
  };
  const ids = new Map<string, number>();
  asList(payments).forEach((entry, i) => {
    const raw = asRaw(entry);
    const at = (...rest: (string | number)[]): YamlPath => [...base, i, ...rest];
    const id = String(raw.id);
    if (ids.has(id)) report('payment/duplicate', `Duplicate payment id "${id}" (the first is entry ${ids.get(id)! + 1})`, at('id'));
    else ids.set(id, i);
    for (const key of ['rate', 'amount', 'per_unit', 'cap', 'threshold', 'window_days'] as const) literal(raw[key], at(key), key.replace('_', ' '));
    const pool = asRaw(raw.pool);
    for (const key of ['amount', 'percent'] as const) literal(pool[key], at('pool', key), `pool ${key}`);
    if (pool.of !== 'basis') literal(pool.of, at('pool', 'of'), 'pool base');
    if (raw.type === 'pool' && (pool.amount === undefined) === (pool.percent === undefined)) {
      report('payment/pool', `Unexpected pool "${id}": give either pool.amount or pool.percent (with pool.of), not ${pool.amount === undefined ? 'neither' : 'both'}`, at('pool'));
    }
    if (raw.type === 'pool' && pool.percent !== undefined && pool.of === undefined) report('payment/pool', `Unexpected pool "${id}" with a percent but no base: add pool.of (an amount, a parameter or "basis")`, at('pool'));
    if (raw.type === 'credit' && (raw.rules === undefined) === (raw.threshold === undefined)) {
      report('payment/credit', `Unexpected credit "${id}": give either rules with amount (a deduction per KPI missed) or quantity, threshold and per_unit (a deduction per unit below the threshold)`, at('type'));
    }
    if (raw.type === 'credit' && raw.rules !== undefined && raw.amount === undefined) report('payment/credit', `Unexpected credit "${id}" without amount, the deduction per KPI missed`, at('rules'));
    if (raw.type === 'credit' && raw.threshold !== undefined && (raw.per_unit === undefined || raw.quantity === undefined)) report('payment/credit', `Unexpected credit "${id}" with a threshold but no ${raw.per_unit === undefined ? 'per_unit' : 'quantity'}`, at('threshold'));
    // Tiers: each upper bound above the last; only the last band is open.
    let previous: Big | undefined;
    const tiers = asList(raw.tiers);
    tiers.forEach((t, j) => {
      const tier = asRaw(t);
      literal(tier.rate, at('tiers', j, 'rate'), 'tier rate');
      if (tier.up_to === undefined) {
        if (j !== tiers.length - 1) report('payment/tiers', `Unexpected open tier ${j + 1} of ${tiers.length} (no up_to) before the last; only the last tier may be open`, at('tiers', j));
        return;
      }
      const bound = literal(tier.up_to, at('tiers', j, 'up_to'), 'tier bound');
      if (bound && previous && !bound.gt(previous)) report('payment/tiers', `Unexpected tier bound ${bound.toString()} after ${previous.toString()}: tiers overlap or are out of order; list them by increasing up_to`, at('tiers', j, 'up_to'));
      if (bound && bound.eq(0)) report('payment/tiers', 'Unexpected tier bound 0: a band up to 0 holds no quantity', at('tiers', j, 'up_to'));
      if (bound) previous = bound;
    });
    if (raw.type === 'tiered' && tiers.length > 0 && asRaw(tiers[tiers.length - 1]).up_to !== undefined) {
      report('payment/tiers', `Unexpected last tier with up_to: quantities above it would be paid nothing; leave the last tier open`, at('tiers', tiers.length - 1));
    }
    let lastMin: Big | undefined;
    asList(raw.bands).forEach((b, j) => {
      const band = asRaw(b);
      literal(band.rate, at('bands', j, 'rate'), 'band rate');
      const min = literal(band.min, at('bands', j, 'min'), 'band minimum');
      if (j === 0 && min && !min.eq(0)) report('payment/bands', `Unexpected first band from ${min.toString()}: quantities below it would have no rate; start the first band at 0`, at('bands', j, 'min'));
      if (min && lastMin && !min.gt(lastMin)) report('payment/bands', `Unexpected band minimum ${min.toString()} after ${lastMin.toString()}: list bands by increasing min, without repeats`, at('bands', j, 'min'));
      if (min) lastMin = min;
    });
  });
  return found;
}

export type { NumberInput };
