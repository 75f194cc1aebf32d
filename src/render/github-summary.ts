/**
 * The GitHub job summary ($GITHUB_STEP_SUMMARY): markdown, built as an mdast tree like the
 * markdown report. GitHub refuses a step summary over 1 MiB, so items are added most severe
 * first while they fit, and a closing line counts what was left out.
 */
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import type { List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import type { CheckResult, RuleResult } from '../model/types.js';
import { STAGE_WORDS, VERDICT_WORDS, oneLine } from './words.js';

/** GitHub's cap on one step's summary. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** What carespec allows itself: room below the cap for other steps' lines and the closing note. */
export const SUMMARY_BUDGET_BYTES = SUMMARY_LIMIT_BYTES - 16 * 1024;

const text = (value: string): PhrasingContent => ({ type: 'text', value: oneLine(value) });
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value: oneLine(value) });
const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] });
const list = (items: ListItem[]): List => ({ type: 'list', ordered: false, spread: false, children: items });

const processor = unified().use(remarkGfm).use(remarkStringify, { bullet: '-' });
const stringify = (nodes: RootContent[]) => processor.stringify({ type: 'root', children: nodes } satisfies Root);
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const SECTIONS: { title: string; pick: (r: RuleResult) => boolean }[] = [
  { title: 'Must-rules failing', pick: (r) => r.severity === 'must' && r.status === 'fail' },
  { title: 'Rules that could not be evaluated', pick: (r) => r.status === 'error' },
  { title: 'Evidence gaps (what to supply)', pick: (r) => r.status === 'not_evidenced' },
  { title: 'Should-rules failing', pick: (r) => r.severity === 'should' && r.status === 'fail' },
  { title: 'Waived', pick: (r) => r.status === 'waived' },
];

function ruleItem(r: RuleResult): ListItem {
  const supply = r.status === 'not_evidenced' && r.missing.length > 0 ? [text(' Supply: '), ...r.missing.flatMap((m, i) => (i === 0 ? [code(m)] : [text(', '), code(m)]))] : [];
  return item(code(r.id), text(` ${r.title}: ${r.status === 'error' && r.error ? r.error : r.message}`), ...supply);
}

export interface SummaryOptions {
  /** Largest summary in bytes (tests use a small one). */
  budget?: number;
}

export function renderGithubSummary(result: CheckResult, options: SummaryOptions = {}): string {
  const budget = options.budget ?? SUMMARY_BUDGET_BYTES;
  const head: RootContent[] = [
    { type: 'heading', depth: 2, children: [text(`carespec: ${VERDICT_WORDS[result.verdict]}`)] },
    {
      type: 'paragraph',
      children: [strong(result.spec.title), text(` (${result.spec.id} ${result.spec.version}), ${result.provider.name}, ${result.period.start} to ${result.period.end}. `), text(
        `${result.counts.pass} pass, ${result.counts.fail} fail, ${result.counts.not_evidenced} not evidenced, ${result.counts.error} error, ${result.counts.waived} waived, ${result.counts.not_applicable} not applicable.`,
      )],
    },
    ...result.groups
      .filter((g) => g.stages && g.stages.length > 0)
      .map((g): RootContent => list([item(strong(g.title), text(`: ${(g.stages ?? []).map((s) => `${s.name} ${STAGE_WORDS[s.status]}`).join('; ')}`))])),
  ];
  let used = bytes(stringify(head));
  const body: RootContent[] = [];
  let leftOut = 0;
  for (const section of SECTIONS) {
    const rules = result.rules.filter(section.pick);
    if (rules.length === 0) continue;
    const heading: RootContent = { type: 'heading', depth: 3, children: [text(`${section.title} (${rules.length})`)] };
    const items: ListItem[] = [];
    let sectionBytes = bytes(stringify([heading])) + 2;
    for (const rule of rules) {
      const size = bytes(stringify([list([ruleItem(rule)])]));
      if (leftOut > 0 || used + sectionBytes + size > budget) {
        leftOut++;
        continue;
      }
      items.push(ruleItem(rule));
      sectionBytes += size;
    }
    if (items.length > 0) {
      body.push(heading, list(items));
      used += sectionBytes;
    }
  }
  const tail: RootContent[] = leftOut > 0 ? [{ type: 'paragraph', children: [text(`${leftOut} more rules not listed: a step summary is limited to 1 MiB. The full report lists every rule.`)] }] : [];
  return stringify([...head, ...body, ...tail]);
}
