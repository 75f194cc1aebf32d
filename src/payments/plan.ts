/**
 * Payments in the plan: the specification's own payments and the library payments it `pay`s,
 * each with its clause, and every name they refer to resolved now (parameter, metric, fact,
 * rule, dataset kind), so a misspelt name is a load error with a suggestion, never a payment
 * silently left out or paid at zero.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type {
  DatasetKind, FactDeclaration, InvoiceDeclaration, Metric, MoneyInput, PaymentDefinition, QuantitySource, RuleLibrary, SourcePosition, Specification,
} from '../model/types.js';
import type { ParameterTable } from '../runtime/parameters.js';
import { suggest } from '../text/suggest.js';

export interface PlannedPayment {
  payment: PaymentDefinition;
  clause: { id: string; title: string } | null;
}

export interface PaymentPlan {
  payments: PlannedPayment[];
  invoice?: InvoiceDeclaration;
}

interface Names {
  parameters: ParameterTable;
  metrics: ReadonlyMap<string, Metric>;
  facts: ReadonlyMap<string, FactDeclaration>;
  datasetKinds: ReadonlyMap<string, DatasetKind>;
  /** Ids of the rules the specification selected. */
  rules: ReadonlySet<string>;
}

/** Units a metric may have to be read as hours (minutes are divided by 60, exactly). */
export const HOUR_UNITS = ['minutes', 'hours'];

export function planPayments(spec: Specification, libraries: readonly RuleLibrary[], names: Names): { plan: PaymentPlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, at: SourcePosition | undefined, field?: string) =>
    diagnostics.push({ code, message, severity: 'error', file: at?.file ?? spec.file, line: at?.line ?? 1, column: at?.column ?? 1, ...(field ? { field } : {}) });

  const fromLibraries = new Map<string, PaymentDefinition>();
  for (const library of libraries) {
    for (const payment of library.payments ?? []) {
      if (fromLibraries.has(payment.id)) error('payment/duplicate', `Payment "${payment.id}" is defined by more than one imported library`, payment.position);
      else fromLibraries.set(payment.id, payment);
    }
  }
  const declared = spec.payments ?? { defined: [], used: [], clauseOf: {} };
  const chosen: PaymentDefinition[] = [];
  const ids = new Set<string>();
  for (const payment of declared.defined) {
    if (ids.has(payment.id) || fromLibraries.has(payment.id)) error('payment/duplicate', `Duplicate payment id "${payment.id}"`, payment.position, 'id');
    ids.add(payment.id);
    chosen.push(payment);
  }
  for (const use of declared.used) {
    const payment = fromLibraries.get(use.id);
    if (!payment) error('payment/unknown', `Unexpected payment "${use.id}" in pay: no imported library defines it${suggest(use.id, fromLibraries.keys())}`, use.position, 'pay');
    else if (ids.has(use.id)) error('payment/duplicate', `Payment "${use.id}" is paid twice`, use.position, 'pay');
    else {
      ids.add(use.id);
      chosen.push(payment);
    }
  }
  for (const payment of chosen) diagnostics.push(...checkNames(payment, names, spec.file));
  if (spec.invoice) diagnostics.push(...checkInvoice(spec.invoice, names, spec.file));
  return {
    plan: {
      payments: chosen.map((payment) => ({ payment, clause: declared.clauseOf[payment.id] ?? null })),
      ...(spec.invoice ? { invoice: spec.invoice } : {}),
    },
    diagnostics,
  };
}

function checkNames(payment: PaymentDefinition, names: Names, specFile: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = payment.position;
  const error = (code: string, message: string, field: string) =>
    found.push({ code, message: `Payment "${payment.id}": ${message}`, severity: 'error', file: at?.file ?? specFile, line: at?.line ?? 1, column: at?.column ?? 1, field });
  const money = (value: MoneyInput | undefined, field: string) => {
    if (value !== undefined && typeof value === 'object' && !names.parameters.has(value.param)) {
      error('payment/unknown-parameter', `unknown parameter "${value.param}"${suggest(value.param, names.parameters.keys())}`, field);
    }
  };
  money(payment.rate, 'rate');
  money(payment.amount, 'amount');
  money(payment.threshold, 'threshold');
  money(payment.per_unit, 'per_unit');
  money(payment.cap, 'cap');
  money(payment.window_days, 'window_days');
  payment.tiers?.forEach((t, i) => { money(t.up_to, `tiers.${i}.up_to`); money(t.rate, `tiers.${i}.rate`); });
  payment.bands?.forEach((b, i) => { money(b.min, `bands.${i}.min`); money(b.rate, `bands.${i}.rate`); });
  if (payment.pool) {
    money(payment.pool.amount, 'pool.amount');
    money(payment.pool.percent, 'pool.percent');
    if (payment.pool.of !== 'basis') money(payment.pool.of, 'pool.of');
  }
  if (payment.quantity) checkQuantity(payment.quantity, names, (code, message) => error(code, message, 'quantity'), payment.type !== 'credit' && payment.type !== 'pool');
  if (payment.quantity && 'metric' in payment.quantity && payment.per === 'month') {
    const metric = names.metrics.get(payment.quantity.metric);
    if (metric && metric.window !== 'month') error('payment/window', `per: month needs a monthly quantity, but metric "${metric.name}" is computed per ${metric.window ?? 'period'}; give the metric window: month`, 'per');
  }
  if (payment.quantity && 'fact' in payment.quantity && payment.per === 'month') error('payment/window', `per: month needs a monthly quantity; fact "${payment.quantity.fact}" gives one value for the period`, 'per');
  for (const [i, rule] of (payment.rules ?? []).entries()) {
    if (!names.rules.has(rule)) error('payment/unknown-rule', `unknown rule "${rule}": the specification does not select it${suggest(rule, names.rules)}`, `rules.${i}`);
  }
  if (payment.dataset !== undefined && !names.datasetKinds.has(payment.dataset)) {
    error('payment/unknown-dataset', `unknown dataset kind "${payment.dataset}"${suggest(payment.dataset, names.datasetKinds.keys())}`, 'dataset');
  }
  if (payment.type === 'gain_share' && payment.dataset !== undefined) {
    const kind = names.datasetKinds.get(payment.dataset);
    const lacking = kind ? GAIN_SHARE_COLUMNS.filter((c) => !Object.hasOwn(kind.columns, c)) : [];
    if (lacking.length > 0) error('payment/dataset-columns', `dataset kind "${payment.dataset}" lacks ${lacking.join(', ')}, which a gain share reads`, 'dataset');
  }
  return found;
}

/** A care-packages dataset: one row per package event (its start, and each change of weekly hours). */
export const GAIN_SHARE_COLUMNS = ['package_id', 'event_date', 'event', 'weekly_hours'];

function checkQuantity(quantity: QuantitySource, names: Names, error: (code: string, message: string) => void, hours: boolean): void {
  if ('metric' in quantity) {
    const metric = names.metrics.get(quantity.metric);
    if (!metric) return error('payment/unknown-metric', `unknown metric "${quantity.metric}"${suggest(quantity.metric, names.metrics.keys())}`);
    if (hours && !HOUR_UNITS.includes(metric.unit ?? '')) error('payment/unit', `metric "${metric.name}" is in ${metric.unit ?? 'no declared unit'}; an hours quantity needs a metric in minutes or hours`);
    if (hours && metric.aggregate !== 'sum') error('payment/unit', `metric "${metric.name}" is a ${metric.aggregate}; hours to pay need a sum`);
  } else if (!names.facts.has(quantity.fact)) {
    error('payment/unknown-fact', `unknown fact "${quantity.fact}"${suggest(quantity.fact, names.facts.keys())}`);
  }
}

function checkInvoice(invoice: InvoiceDeclaration, names: Names, specFile: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = invoice.position;
  const error = (code: string, message: string) => found.push({ code, message: `Invoice: ${message}`, severity: 'error', file: at?.file ?? specFile, line: at?.line ?? 1, column: at?.column ?? 1, field: 'invoice' });
  if (invoice.hours) checkQuantity(invoice.hours, names, error, true);
  if (invoice.delivered) checkQuantity(invoice.delivered, names, error, true);
  if (invoice.amount && !names.facts.has(invoice.amount.fact)) error('payment/unknown-fact', `unknown fact "${invoice.amount.fact}"${suggest(invoice.amount.fact, names.facts.keys())}`);
  if ((invoice.hours === undefined) !== (invoice.delivered === undefined)) error('payment/invoice', 'hours and delivered go together: the invoiced hours are compared with the hours delivered');
  if (invoice.hours && invoice.tolerance.hours === undefined) error('payment/invoice', 'tolerance.hours is needed to compare hours');
  if (invoice.amount && invoice.tolerance.amount === undefined) error('payment/invoice', 'tolerance.amount is needed to compare amounts');
  if (invoice.tolerance.amount !== undefined && typeof invoice.tolerance.amount === 'object' && !names.parameters.has(invoice.tolerance.amount.param)) error('payment/unknown-parameter', `unknown parameter "${invoice.tolerance.amount.param}"${suggest(invoice.tolerance.amount.param, names.parameters.keys())}`);
  return found;
}

/** Every parameter a payment reads (for lint's unused-parameter check). */
export function paymentParameters(payment: PaymentDefinition): string[] {
  const values: (MoneyInput | 'basis' | undefined)[] = [
    payment.rate, payment.amount, payment.threshold, payment.per_unit, payment.cap, payment.window_days,
    ...(payment.tiers ?? []).flatMap((t) => [t.up_to, t.rate]),
    ...(payment.bands ?? []).flatMap((b) => [b.min, b.rate]),
    payment.pool?.amount, payment.pool?.percent, payment.pool?.of,
  ];
  return values.flatMap((v) => (v !== undefined && typeof v === 'object' ? [v.param] : []));
}
