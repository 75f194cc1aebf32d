/**
 * Small mdast builders for the authoring documents (explain, checklist,
 * rendered specification). Text is cleaned of control characters and the tree
 * is serialised by remark-stringify + remark-gfm, never concatenated.
 */
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import type { BlockContent, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell } from 'mdast';

/** Untrusted text stays on its line: control characters become spaces (unlike render's clean(), no trimming, so labels keep their spacing). */
// eslint-disable-next-line no-control-regex
const clean = (value: string): string => value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');

export const text = (value: string): PhrasingContent => ({ type: 'text', value: clean(value) });
export const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
export const emphasis = (value: string): PhrasingContent => ({ type: 'emphasis', children: [text(value)] });
export const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value: clean(value) });
export const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
export const heading = (depth: number, ...children: PhrasingContent[]): Heading => ({
  type: 'heading',
  depth: Math.min(6, Math.max(1, depth)) as Heading['depth'],
  children,
});

export type Item = PhrasingContent[] | { children: PhrasingContent[]; nested?: List; checked?: boolean };

export function list(items: readonly Item[], ordered = false): List {
  return {
    type: 'list',
    ordered,
    spread: false,
    children: items.map((item): ListItem => {
      const { children, nested, checked } = Array.isArray(item) ? { children: item, nested: undefined, checked: undefined } : item;
      const blocks: BlockContent[] = [paragraph(...children)];
      if (nested) blocks.push(nested);
      return { type: 'listItem', spread: false, ...(checked === undefined ? {} : { checked }), children: blocks };
    }),
  };
}

export function table(header: readonly string[], rows: readonly PhrasingContent[][][]): Table {
  const cell = (children: PhrasingContent[]): TableCell => ({ type: 'tableCell', children });
  return {
    type: 'table',
    align: header.map(() => null),
    children: [
      { type: 'tableRow', children: header.map((h) => cell([text(h)])) },
      ...rows.map((r) => ({ type: 'tableRow' as const, children: r.map(cell) })),
    ],
  };
}

export function stringify(children: RootContent[]): string {
  const tree: Root = { type: 'root', children };
  return unified().use(remarkGfm).use(remarkStringify, { bullet: '-', fences: true, rule: '-' }).stringify(tree);
}
