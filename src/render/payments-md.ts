/**
 * The payment statement as mdast nodes, for the markdown report (inserted by markdown.ts) and
 * for `carespec explain --payment`: per payment, one row per calculation step (quantity × rate
 * = amount, band boundaries, outcomes earned or not, credits and caps, pool shares), subtotals
 * per month, the total due, the invoice reconciliation, and the parameters used with their
 * dates and sources. Money prints as £1,234.56; the JSON keeps decimal strings.
 */
import type { Heading, Paragraph, PhrasingContent, RootContent, Table, TableCell, TableRow } from 'mdast';
import type { PaymentResult, PaymentStatement, ResolvedParameter } from '../model/types.js';
import { Big } from '../payments/money.js';
import { pounds } from '../payments/context.js';

const clean = (value: string) => value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' '); // eslint-disable-line no-control-regex
const text = (value: string): PhrasingContent => ({ type: 'text', value: clean(value) });
const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value: clean(value) });
const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
const heading = (depth: 2 | 3, value: string): Heading => ({ type: 'heading', depth, children: [text(value)] });
const cell = (...children: PhrasingContent[]): TableCell => ({ type: 'tableCell', children });
function table(header: string[], rows: PhrasingContent[][][], align: ('left' | 'right')[]): Table {
  return {
    type: 'table',
    align,
    children: [
      { type: 'tableRow', children: header.map((h) => cell(text(h))) } as TableRow,
      ...rows.map((r): TableRow => ({ type: 'tableRow', children: r.map((c) => cell(...c)) })),
    ],
  };
}

const money = (value: string | null | undefined) => (value === null || value === undefined ? '' : pounds(new Big(value)));
const windowText = (label: string) => (label === 'period' ? 'period' : label);
const ROUNDING: Record<PaymentResult['rounding'], string> = { half_up: 'half up', half_even: 'half to even', down: 'down (towards zero)' };

/** The whole statement: a section for the compliance report. */
export function paymentStatementNodes(statement: PaymentStatement): RootContent[] {
  const nodes: RootContent[] = [heading(2, 'Payment statement')];
  nodes.push(paragraph(
    strong(statement.total === null ? 'Total due: not computed' : `Total due: ${money(statement.total)}`),
    text(statement.total === null
      ? ` — ${statement.payments.filter((p) => p.status !== 'computed').length} payment(s) could not be computed (below); no partial total is given.`
      : ` (${statement.currency}; each line rounded to the penny by its payment's rule; the total is the sum of the lines).`),
  ));
  nodes.push(table(
    ['Payment', 'Type', 'Clause', 'Status', 'Amount'],
    statement.payments.map((p) => [[code(p.id), text(` ${p.title}`)], [text(p.type.replace('_', ' '))], [text(p.clause ? `${p.clause.id} ${p.clause.title}` : '')], [text(p.status.replace('_', ' '))], [text(money(p.amount))]]),
    ['left', 'left', 'left', 'left', 'right'],
  ));
  if (statement.windows.length > 0) {
    nodes.push(table(['Window', 'Amount'], statement.windows.map((w) => [[text(windowText(w.label))], [text(money(w.amount))]]), ['left', 'right']));
  }
  for (const payment of statement.payments) nodes.push(...paymentNodes(payment, 3));
  if (statement.invoice) {
    nodes.push(heading(3, `Invoice: ${statement.invoice.status.replace('_', ' ')}`));
    if (statement.invoice.reason) nodes.push(paragraph(text(statement.invoice.reason)));
    nodes.push(table(
      ['Item', 'Invoiced', 'Computed', 'Difference', 'Tolerance', 'Agrees'],
      statement.invoice.lines.map((l) => {
        const show = (v: string | null) => (v === null ? '' : l.item === 'amount' ? money(v) : `${v} h`);
        return [[text(l.item)], [text(show(l.invoiced))], [text(show(l.computed))], [text(show(l.difference))], [text(l.item === 'amount' ? money(l.tolerance) : `${l.tolerance} h`)], [text(l.agrees === null ? 'not compared' : l.agrees ? 'yes' : 'NO')]];
      }),
      ['left', 'right', 'right', 'right', 'right', 'left'],
    ));
  }
  if (statement.poolBasis) nodes.push(paragraph(text('Pool basis: '), code(statement.poolBasis.file), text(' (SHA-256 '), code(statement.poolBasis.sha256), text(')')));
  if (statement.parameters.length > 0) nodes.push(heading(3, 'Parameters used'), parameterTable(statement.parameters));
  return nodes;
}

/** One payment's calculation, step by step (also `explain --payment`). */
export function paymentNodes(payment: PaymentResult, depth: 2 | 3): RootContent[] {
  const nodes: RootContent[] = [heading(depth, `${payment.id}: ${payment.title}`)];
  if (payment.status !== 'computed') {
    nodes.push(paragraph(strong(`${payment.status === 'error' ? 'Error' : 'Not evidenced'}:`), text(` ${payment.reason ?? ''} — nothing is due under this payment until it is resolved, and the statement has no total.`)));
    return nodes;
  }
  nodes.push(paragraph(text(`${payment.type.replace('_', ' ')}; each line rounded ${ROUNDING[payment.rounding]} to the penny; amount `), strong(money(payment.amount))));
  nodes.push(table(
    ['Window', 'Step', 'Amount'],
    payment.lines.map((l) => [[text(windowText(l.window))], [text(l.step)], [text(l.amount === undefined ? '' : money(l.amount))]]),
    ['left', 'left', 'right'],
  ));
  if (payment.windows.length > 1) {
    nodes.push(paragraph(text(`Subtotals: ${payment.windows.map((w) => `${windowText(w.label)} ${money(w.amount)}`).join('; ')}`)));
  }
  return nodes;
}

export function parameterTable(parameters: readonly ResolvedParameter[]): Table {
  return table(
    ['Parameter', 'Value', 'Region', 'In force from', 'Source'],
    parameters.map((p) => [[code(p.name), text(` ${p.title}`)], [text(`${String(p.value)}${p.unit ? ` ${p.unit}` : ''}`)], [text(p.region)], [text(`${p.from}${p.announced ? ` (announced ${p.announced})` : ''}`)], [text(`${p.source ?? ''}${p.overridden ? ' (set by the specification)' : ''}`)]]),
    ['left', 'right', 'left', 'left', 'left'],
  );
}
