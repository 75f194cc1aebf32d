/** mdast builders for the portfolio, diff and impact reports: the report's own (md/nodes.ts), plus plain-text tables. */
import type { PhrasingContent, Root, RootContent, Table, TableCell, TableRow, List } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

import { code, heading, paragraph, strong, text } from './md/nodes.js';

export { code, heading, paragraph, strong, text };
const cell = (...children: PhrasingContent[]): TableCell => ({ type: 'tableCell', children });

/** A table of plain-text cells; `right` names the columns aligned right (numbers). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): Table {
  return {
    type: 'table',
    align: header.map((_, i) => (right.includes(i) ? 'right' : 'left')),
    children: [
      { type: 'tableRow', children: header.map((h) => cell(text(h))) } as TableRow,
      ...rows.map((r): TableRow => ({ type: 'tableRow', children: r.map((c) => cell(text(c))) })),
    ],
  };
}

export function bullets(items: readonly string[]): List {
  return { type: 'list', ordered: false, spread: false, children: items.map((item) => ({ type: 'listItem', spread: false, children: [paragraph(text(item))] })) };
}

export function stringifyMarkdown(children: RootContent[]): string {
  const tree: Root = { type: 'root', children };
  return unified().use(remarkGfm).use(remarkStringify, { bullet: '-', fences: true, rule: '-' }).stringify(tree);
}

/** A number as printed: up to 4 decimal places, no float noise. */
export const num = (value: number | null | undefined, unit?: string): string =>
  value === null || value === undefined ? '—' : `${Number(value.toFixed(4))}${unit === 'percent' ? '%' : ''}`;
