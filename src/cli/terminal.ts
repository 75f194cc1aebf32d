/**
 * What `check` prints on a terminal when no --output is given: the verdict, the stage ladders, each
 * failing must-rule and each evidence gap on one line, and how to get the full report. Colour only
 * when asked for (a terminal, no NO_COLOR, no --no-color), and always beside words.
 */
import type { CheckResult, RuleResult } from '../model/types.js';
import { STAGE_WORDS, VERDICT_WORDS } from '../render/words.js';

export interface TerminalOptions {
  color: boolean;
  /** The command that writes the full report, for the closing hint. */
  fullReport: string;
  /** Terminal width for one-line items (default 100). */
  width?: number;
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

/**
 * Evidence text on a terminal: C0 and C1 controls (ESC, CSI) and line separators become spaces,
 * so a value cannot move the cursor, recolour the screen or forge a line.
 */
export function terminalText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function clip(value: string, width: number): string {
  const chars = [...value];
  return chars.length <= width ? value : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

export function renderTerminalSummary(result: CheckResult, options: TerminalOptions): string {
  const paint = (code: keyof typeof CODES, text: string) => (options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text);
  const width = options.width ?? 100;
  const line = (text: string) => clip(terminalText(text), width);
  const verdictColour = result.verdict === 'compliant' ? 'green' : result.verdict === 'not_compliant' ? 'red' : 'yellow';
  const symbol = result.verdict === 'compliant' ? '✓' : result.verdict === 'not_compliant' ? '✗' : '?';
  const out: string[] = [
    `${paint(verdictColour, paint('bold', `${symbol} ${VERDICT_WORDS[result.verdict]}`))}  ${line(`${result.spec.title} (${result.spec.id} ${result.spec.version})`)}`,
    `  ${line(`${result.provider.name}, ${result.period.start} to ${result.period.end}; ${result.rules.length} rules: ${result.counts.pass} pass, ${result.counts.fail} fail, ${result.counts.not_evidenced} not evidenced, ${result.counts.error} error, ${result.counts.waived} waived, ${result.counts.not_applicable} not applicable`)}`,
  ];
  for (const group of result.groups.filter((g) => g.stages && g.stages.length > 0)) {
    const stages = (group.stages ?? []).map((s) => `${s.name} ${STAGE_WORDS[s.status]}`).join('; ');
    out.push(`  ${line(`${group.title}: ${group.stage ? `stage ${group.stage.attained} of ${group.stage.of} attained` : group.outcome} (${stages})`)}`);
  }
  const item = (mark: string, colour: keyof typeof CODES, rule: RuleResult, text: string) => `  ${paint(colour, mark)} ${line(`${rule.id}: ${text}`)}`;
  const must = result.rules.filter((r) => r.severity === 'must' && (r.status === 'fail' || r.status === 'error'));
  if (must.length > 0) {
    out.push('', paint('bold', `Must-rules failing (${must.length}):`));
    for (const r of must) out.push(item('✗', 'red', r, r.status === 'error' && r.error ? r.error : r.message));
  }
  const gaps = result.rules.filter((r) => r.status === 'not_evidenced');
  if (gaps.length > 0) {
    out.push('', paint('bold', `Evidence gaps (${gaps.length}):`));
    for (const r of gaps) out.push(item('?', 'yellow', r, r.missing.length > 0 ? `supply ${r.missing.join(', ')}` : r.message));
  }
  out.push('', paint('dim', `Full report: ${options.fullReport}`));
  return `${out.join('\n')}\n`;
}
