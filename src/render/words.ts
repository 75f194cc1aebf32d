/** Words for statuses and verdicts shared by the non-markdown formats (markdown keeps its own, see markdown.ts). */
import type { MemberStatus, RuleStatus, StageResult, Verdict } from '../model/types.js';

export const VERDICT_WORDS: Record<Verdict, string> = {
  compliant: 'Compliant',
  not_compliant: 'Not compliant',
  insufficient_evidence: 'Insufficient evidence',
};

export const STATUS_WORDS: Record<MemberStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  not_evidenced: 'not evidenced',
  not_applicable: 'not applicable',
  waived: 'waived',
  error: 'error',
  not_selected: 'not selected',
};

export const STAGE_WORDS: Record<StageResult['status'], string> = {
  met: 'met',
  met_with_waiver: 'met with a waiver',
  met_not_applicable: 'met (some rules do not apply)',
  not_met: 'not met',
  not_evidenced: 'not evidenced',
  not_assessed: 'not assessed',
};

/** Statuses in the order reports list them: worst first. */
export const STATUS_ORDER: readonly RuleStatus[] = ['fail', 'error', 'not_evidenced', 'waived', 'not_applicable', 'pass'];

/**
 * A number for a report: at most two decimals, no locale (ICU data differs between machines,
 * and reports must be byte-identical).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Text flattened to one line (control characters and line separators become spaces) for one-line outputs (annotations, test names). */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
