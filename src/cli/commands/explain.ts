/**
 * `carespec explain <rule-id> --spec <spec.md> --evidence <evidence.yaml>`:
 * the full reasoning for one rule (JSON Logic steps with values, parameters,
 * evidence read, waiver, status). Exit 0 when the rule passes (or does not
 * apply, or is waived), 1 otherwise, 2 for bad input or an unknown rule.
 */
import { explainRule, renderExplanation } from '../../authoring/explain.js';
import { check, prepareCheck } from '../../pipeline.js';
import type { PaymentResult } from '../../model/types.js';
import { suggest } from '../../text/suggest.js';
import { runCheck } from '../../evaluate/check.js';
import { readDatasets } from '../../data/index.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface ExplainCommandOptions {
  spec: string;
  evidence: string;
  asOf?: string;
  format?: string;
  output?: string;
  /** The id names a payment (issue #15): explain its calculation. */
  payment?: boolean;
  poolBasis?: string;
}

export async function explainCommand(ruleId: string, options: ExplainCommandOptions, io: Io): Promise<ExitCode> {
  // Format and --as-of are validated where the options are parsed (program.ts).
  const format = options.format ?? 'md';
  if (options.payment) return explainPayment(ruleId, options, io);
  const prepared = prepareCheck(options.spec, options.evidence);
  if (!prepared.ok) {
    printDiagnostics(io, prepared.diagnostics);
    return EXIT.badInput;
  }
  const { plan, evidence } = prepared.value;
  const planned = plan.rules.find((p) => p.rule.id === ruleId);
  if (!planned) {
    const ids = plan.rules.map((p) => p.rule.id);
    const near = ids.filter((id) => id.includes(ruleId) || ruleId.includes(id)).slice(0, 5);
    io.stderr(`carespec explain: the specification selects no rule "${ruleId}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}\n`);
    return EXIT.badInput;
  }
  // The same evaluation as `check`, datasets included, so the status is the one check reports.
  const data = await readDatasets(plan, evidence, { progress: io, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const result = runCheck(plan, evidence, data, options.asOf ? { asOf: options.asOf } : {});
  const explanation = explainRule(plan, evidence, result, planned, data);
  const output = format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation);
  if (options.output) writeFileAtomic(options.output, output);
  else io.stdout(output);
  const status = explanation.result.status;
  return status === 'pass' || status === 'not_applicable' || status === 'waived' ? EXIT.ok : EXIT.findings;
}

/** `explain <id> --payment`: one payment's calculation, as the check computes it. */
async function explainPayment(id: string, options: ExplainCommandOptions, io: Io): Promise<ExitCode> {
  const result = await check(options.spec, options.evidence, {
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.poolBasis ? { poolBasis: options.poolBasis } : {}),
    readData: (plan, evidence) => readDatasets(plan, evidence, { progress: io, ...(options.asOf ? { asOf: options.asOf } : {}) }),
  });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.badInput;
  }
  const payments = result.value.payments?.payments ?? [];
  const payment = payments.find((p) => p.id === id);
  if (!payment) {
    io.stderr(`carespec explain: the specification has no payment "${id}"${suggest(id, payments.map((p) => p.id))}${payments.length === 0 ? ' (it defines no payments)' : ''}\n`);
    return EXIT.badInput;
  }
  const output = options.format === 'json' ? `${JSON.stringify(payment, null, 2)}\n` : await renderPaymentExplanation(payment);
  if (options.output) writeFileAtomic(options.output, output);
  else io.stdout(output);
  return payment.status === 'computed' ? EXIT.ok : EXIT.findings;
}

async function renderPaymentExplanation(payment: PaymentResult): Promise<string> {
  const [{ unified }, { default: remarkGfm }, { default: remarkStringify }, { paymentNodes, parameterTable }] = await Promise.all([
    import('unified'), import('remark-gfm'), import('remark-stringify'), import('../../render/payments-md.js'),
  ]);
  const children = [...paymentNodes(payment, 2), ...(payment.parameters.length > 0 ? [parameterTable(payment.parameters)] : [])];
  return unified().use(remarkGfm).use(remarkStringify, { bullet: '-', fences: true, rule: '-' }).stringify({ type: 'root', children });
}
