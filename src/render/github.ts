/**
 * GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`. GitHub shows at most
 * 10 error, 10 warning and 10 notice annotations per step, in the order printed, so carespec
 * prints the most severe first, 10 of each kind at most (9 notices), and then one notice
 * counting what it left out. The job summary (github-summary.ts) lists everything that fits.
 */
import type { CheckResult, RuleResult } from '../model/types.js';
import { datasetPath, failedRows, findingPlace, rulePlace, type Place } from './locations.js';
import { STATUS_WORDS, VERDICT_WORDS, oneLine } from './words.js';

/** GitHub shows this many annotations of each kind per step. */
export const ANNOTATIONS_PER_KIND = 10;

type Kind = 'error' | 'warning' | 'notice';

interface Annotation {
  kind: Kind;
  place: Place;
  title: string;
  message: string;
}

/** Workflow-command data: %, CR and LF are escaped (GitHub's toolkit rules); other line breaks flattened. */
export function commandData(text: string): string {
  return oneLine(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A workflow-command property value: data escaping plus `:` and `,`, which end a property. */
export function commandProperty(text: string): string {
  return commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function ruleAnnotation(result: CheckResult, rule: RuleResult): Annotation | undefined {
  const failing = rule.status === 'fail' || rule.status === 'error';
  const kind: Kind | undefined = failing ? (rule.severity === 'must' ? 'error' : 'warning') : rule.status === 'not_evidenced' ? 'warning' : rule.status === 'waived' ? 'notice' : undefined;
  if (!kind) return undefined;
  const rows = rule.status === 'fail' ? failedRows(result, rule) : [];
  const place = rows[0] ?? rulePlace(result, rule);
  const rowsNote = rule.records && rows.length > 0 ? ` (${rule.records.failed} of ${rule.records.checked} rows fail; first at this line)` : '';
  const supply = rule.status === 'not_evidenced' && rule.missing.length > 0 ? ` Supply: ${rule.missing.join(', ')}.` : '';
  return {
    kind,
    place,
    title: `${rule.id} (${rule.severity}, ${STATUS_WORDS[rule.status]})`,
    message: `${rule.title}: ${rule.status === 'error' && rule.error ? rule.error : rule.message}${rowsNote}${supply}`,
  };
}

/** Most severe first: must before should, failures before gaps. */
function rank(result: CheckResult, rule: RuleResult): number {
  const order = ['fail', 'error', 'not_evidenced', 'waived'];
  return (rule.severity === 'must' ? 0 : 10) + order.indexOf(rule.status);
}

export function annotations(result: CheckResult): Annotation[] {
  const fromRules = [...result.rules]
    .map((rule, i) => ({ rule, i }))
    .sort((a, b) => rank(result, a.rule) - rank(result, b.rule) || a.i - b.i)
    .map(({ rule }) => ruleAnnotation(result, rule))
    .filter((a): a is Annotation => a !== undefined);
  const fromFindings = result.findings.map(
    (f): Annotation => ({
      kind: f.severity === 'info' ? 'notice' : f.severity,
      place: findingPlace(result, f),
      title: `carespec ${f.kind.replace('_', ' ')}`,
      message: f.message,
    }),
  );
  return [...fromRules, ...fromFindings];
}

export function renderGithubAnnotations(result: CheckResult): string {
  const all = annotations(result);
  const limit: Record<Kind, number> = { error: ANNOTATIONS_PER_KIND, warning: ANNOTATIONS_PER_KIND, notice: ANNOTATIONS_PER_KIND - 1 };
  const shown: Annotation[] = [];
  const left: Record<Kind, number> = { error: 0, warning: 0, notice: 0 };
  for (const a of all) {
    if (shown.filter((s) => s.kind === a.kind).length < limit[a.kind]) shown.push(a);
    else left[a.kind]++;
  }
  const lines = [`carespec: ${VERDICT_WORDS[result.verdict].toLowerCase()} (${commandData(result.spec.id)}, ${result.rules.length} rules)`];
  for (const a of shown) {
    lines.push(`::${a.kind} file=${commandProperty(a.place.file)},line=${Math.max(1, a.place.line)},title=${commandProperty(a.title)}::${commandData(a.message)}`);
  }
  const leftOut = left.error + left.warning + left.notice;
  if (leftOut > 0) {
    lines.push(
      `::notice title=carespec::${leftOut} more annotations not shown (${left.error} errors, ${left.warning} warnings, ${left.notice} notices): GitHub shows ${ANNOTATIONS_PER_KIND} of each kind per step. The job summary and the full report list them all.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
