/**
 * Mermaid chart sources (`xychart-beta`, `pie`) for the markdown report, which GitHub and GitLab draw
 * from a ```mermaid code block. Labels come from rules and evidence, so they are reduced to a short
 * allow-list of characters: no quote can end a label, no newline can start a statement, no `%%` can
 * open a directive (`%%{init: …}%%` is read anywhere in the text), no `#…;` entity, no `<` for HTML
 * labels, no backtick. The code fence around the source is chosen by remark-stringify, longer than
 * any backtick run in it, so the content cannot close it either.
 */

/** Longest label kept: long titles wrap badly in a chart, and the table beside it has the full text. */
const LABEL_LIMIT = 60;

/** Letters, marks, digits, spaces and punctuation that mean nothing to mermaid inside a quoted label. */
const UNSAFE = /[^\p{L}\p{M}\p{N} .,:()/+\-_'£€$%?!*=@±°×]+/gu;

export function mermaidLabel(value: string): string {
  const safe = value
    .replace(UNSAFE, ' ')
    .replace(/%{2,}/g, '%') // `%%` starts a comment or a directive
    .replace(/\s+/g, ' ')
    .trim();
  const clipped = [...safe].length > LABEL_LIMIT ? `${[...safe].slice(0, LABEL_LIMIT - 1).join('').trimEnd()}…` : safe;
  return clipped === '' ? '(untitled)' : clipped;
}

/** A number as mermaid reads it: plain decimal, never exponent notation, at most two decimals (as the table beside it). */
export function mermaidNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`A chart value must be finite, got ${value}`);
  const fixed = value.toFixed(2).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** A round upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten (as the HTML charts). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].find((s) => s * power >= value)! * power;
}

export interface LineChart {
  title: string;
  /** x-axis categories (window labels). */
  labels: string[];
  values: number[];
  /** Drawn as a second, flat line. */
  threshold?: number;
  /** y-axis title, e.g. the unit. */
  unit?: string;
  percent: boolean;
}

export function xyChart(chart: LineChart): string {
  const all = [...chart.values, ...(chart.threshold === undefined ? [] : [chart.threshold])];
  const high = Math.max(0, ...all);
  const low = Math.min(0, ...all);
  const top = chart.percent && high <= 100 ? 100 : niceMax(high * 1.1);
  const bottom = low < 0 ? -niceMax(-low * 1.1) : 0;
  const list = (values: readonly number[]) => `[${values.map(mermaidNumber).join(', ')}]`;
  return [
    'xychart-beta',
    `    title "${mermaidLabel(chart.title)}"`,
    `    x-axis [${chart.labels.map((l) => `"${mermaidLabel(l)}"`).join(', ')}]`,
    `    y-axis "${mermaidLabel(chart.unit ?? 'value')}" ${mermaidNumber(bottom)} --> ${mermaidNumber(top)}`,
    `    line ${list(chart.values)}`,
    ...(chart.threshold === undefined ? [] : [`    line ${list(chart.values.map(() => chart.threshold!))}`]),
  ].join('\n');
}

export function pieChart(title: string, slices: readonly { label: string; value: number }[]): string {
  return [`pie title ${mermaidLabel(title)}`, ...slices.filter((s) => s.value > 0).map((s) => `    "${mermaidLabel(s.label)}" : ${mermaidNumber(s.value)}`)].join('\n');
}
