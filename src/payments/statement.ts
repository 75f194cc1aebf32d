/**
 * The payment statement: every planned payment calculated by its primitive, lines rounded by
 * the payment's declared rule, subtotals per window, the total, the parameters used, and the
 * invoice reconciled. A payment that cannot be calculated has a named status and reason, and
 * the statement then has no total (never a total that leaves a payment out).
 */
import type { CheckResult, Finding, PaymentDefinition, PaymentResult, PaymentStatement, PoolBasis, ResolvedParameter } from '../model/types.js';
import type { DataEvidence } from '../evaluate/context.js';
import type { Evidence } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { addResolved } from '../runtime/parameters.js';
import { Big, moneyText, sum, ZERO } from './money.js';
import { PaymentContext, PaymentProblem, toLine, type PaymentInputs, type Step } from './context.js';
import { readPackageRows, type PackageRows } from './packages.js';
import { rate } from './rate.js';
import { tiered } from './tiered.js';
import { banded } from './banded.js';
import { uplift } from './uplift.js';
import { gainShare } from './gain-share.js';
import { credit } from './credit.js';
import { pool } from './pool.js';
import { reconcileInvoice } from './invoice.js';

const PRIMITIVES: Record<PaymentDefinition['type'], (payment: PaymentDefinition, ctx: PaymentContext) => Step[]> = {
  rate, tiered, banded, uplift, gain_share: gainShare, credit, pool,
};

export interface StatementOptions {
  poolBasis?: PoolBasis;
}

/** The statement for a checked result, or undefined when the specification has no payments. */
export function buildStatement(plan: Plan, evidence: Evidence, data: DataEvidence, result: CheckResult, options: StatementOptions = {}): { statement: PaymentStatement; findings: Finding[] } | undefined {
  const planned = plan.payments;
  if (!planned) return undefined;
  const packageCache = new Map<string, PackageRows>();
  const inputs: PaymentInputs = {
    parameters: plan.parameters,
    metrics: plan.metrics,
    metricValues: data.metrics,
    evidence,
    asOf: result.asOf,
    statuses: new Map(result.rules.map((r) => [r.id, r.status])),
    packages: (kind) => {
      let rows = packageCache.get(kind);
      if (!rows) packageCache.set(kind, (rows = readPackageRows(plan.datasetKinds.get(kind)!, evidence)));
      return rows;
    },
    ...(options.poolBasis ? { poolBasis: options.poolBasis } : {}),
  };
  const findings: Finding[] = [];
  const payments = planned.payments.map(({ payment, clause }): PaymentResult => {
    const ctx = new PaymentContext(inputs, payment.rounding);
    const base = { id: payment.id, title: payment.title, type: payment.type, clause, rounding: payment.rounding };
    try {
      const steps = PRIMITIVES[payment.type](payment, ctx);
      for (const message of ctx.findings) findings.push({ code: 'payments/note', kind: 'reconciliation', severity: 'warning', ruleId: payment.id, message });
      const windows = subtotals(steps);
      return { ...base, status: 'computed', amount: moneyText(sum(steps.map((s) => s.amount ?? ZERO))), windows, lines: steps.map(toLine), parameters: ctx.used };
    } catch (e) {
      if (!(e instanceof PaymentProblem)) throw e;
      return { ...base, status: e.status, reason: e.message, amount: null, windows: [], lines: [], parameters: ctx.used };
    }
  });
  const complete = payments.every((p) => p.status === 'computed');
  const parameters: ResolvedParameter[] = [];
  for (const p of payments) for (const used of p.parameters) addResolved(parameters, used);
  const total = complete ? moneyText(sum(payments.map((p) => new Big(p.amount!)))) : null;
  const statement: PaymentStatement = {
    format: 'payments/1',
    currency: 'GBP',
    total,
    status: complete ? 'complete' : 'incomplete',
    windows: mergeWindows(payments),
    payments,
    parameters,
    ...(options.poolBasis ? { poolBasis: { file: options.poolBasis.file, sha256: options.poolBasis.sha256 } } : {}),
  };
  if (planned.invoice) {
    const invoice = reconcileInvoice(planned.invoice, inputs, total);
    statement.invoice = invoice.check;
    findings.push(...invoice.findings);
  }
  return { statement, findings };
}

/** Subtotals per window, in the order the windows first appear (months, then the period). */
function subtotals(steps: readonly Step[]): { label: string; amount: string }[] {
  const totals = new Map<string, Big>();
  for (const s of steps) if (s.amount) totals.set(s.window, (totals.get(s.window) ?? ZERO).plus(s.amount));
  return sortWindows([...totals.entries()].map(([label, amount]) => ({ label, amount: moneyText(amount) })));
}

function mergeWindows(payments: readonly PaymentResult[]): { label: string; amount: string }[] {
  const totals = new Map<string, Big>();
  for (const p of payments) for (const w of p.windows) totals.set(w.label, (totals.get(w.label) ?? ZERO).plus(new Big(w.amount)));
  return sortWindows([...totals.entries()].map(([label, amount]) => ({ label, amount: moneyText(amount) })));
}

/** Months in order, then "period" (amounts decided over the whole period: outcomes, credits, pools). */
const sortWindows = <T extends { label: string }>(list: T[]): T[] =>
  list.sort((a, b) => (a.label === 'period' ? 1 : b.label === 'period' ? -1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
