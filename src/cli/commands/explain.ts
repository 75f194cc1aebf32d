/**
 * `carespec explain <rule-id> --spec <spec.md> --evidence <evidence.yaml>`:
 * the full reasoning for one rule (JSON Logic steps with values, parameters,
 * evidence read, waiver, status). Exit 0 when the rule passes (or does not
 * apply, or is waived), 1 otherwise, 2 for bad input or an unknown rule.
 */
import { explainRule, renderExplanation } from '../../authoring/explain.js';
import { prepareCheck } from '../../pipeline.js';
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
}

export async function explainCommand(ruleId: string, options: ExplainCommandOptions, io: Io): Promise<ExitCode> {
  // Format and --as-of are validated where the options are parsed (program.ts).
  const format = options.format ?? 'md';
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
