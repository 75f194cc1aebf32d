/**
 * mdast builders for the markdown report, and its one serialiser: remark-stringify with remark-gfm,
 * never string concatenation, so evidence text is escaped by the serialiser and cannot break a table
 * or inject HTML. The one node of our own is the GitHub alert marker (`[!CAUTION]`), which
 * remark-stringify would otherwise escape as text; its handler writes only fixed words.
 */
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import type { Blockquote, Code, Heading, List, ListItem, Literal, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';

/** Evidence text is untrusted: flatten whitespace and control characters so it stays inside its cell or line. */
export function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
export const text = (value: string): PhrasingContent => ({ type: 'text', value: clean(value) });
export const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] });
export const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value: clean(value) });
export const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children });
export const heading = (depth: 1 | 2 | 3, value: string): Heading => ({ type: 'heading', depth, children: [text(value)] });
const cell = (...children: PhrasingContent[]): TableCell => ({ type: 'tableCell', children });
const row = (cells: TableCell[]): TableRow => ({ type: 'tableRow', children: cells });
/** A fenced code block; remark-stringify fences it with more backticks than any run inside. */
export const codeBlock = (lang: string, value: string): Code => ({ type: 'code', lang, meta: null, value });

export function list(items: (PhrasingContent[] | RootContent[])[]): List {
  return {
    type: 'list',
    ordered: false,
    spread: false,
    children: items.map(
      (children): ListItem => ({
        type: 'listItem',
        spread: false,
        children: (children[0] && 'type' in children[0] && isBlock(children[0]) ? children : [paragraph(...(children as PhrasingContent[]))]) as ListItem['children'],
      }),
    ),
  };
}
function isBlock(node: { type: string }): boolean {
  return ['paragraph', 'list', 'table', 'heading', 'code'].includes(node.type);
}
export function table(header: string[], rows: PhrasingContent[][][]): Table {
  return {
    type: 'table',
    align: header.map(() => null),
    children: [row(header.map((h) => cell(text(h)))), ...rows.map((r) => row(r.map((c) => cell(...c))))],
  };
}

// --- GitHub alerts -------------------------------------------------------------

export type AlertKind = 'NOTE' | 'WARNING' | 'CAUTION';

/** `[!KIND]` at the start of a block quote: GitHub and GitLab draw the quote as an alert. */
interface AlertMarker extends Literal {
  type: 'alertMarker';
  value: AlertKind;
}
declare module 'mdast' {
  interface PhrasingContentMap {
    alertMarker: AlertMarker;
  }
  interface RootContentMap {
    alertMarker: AlertMarker;
  }
}

/** A block quote that opens with the alert marker on its own line, then the content. */
export function alert(kind: AlertKind, ...children: PhrasingContent[]): Blockquote {
  const marker: AlertMarker = { type: 'alertMarker', value: kind };
  return { type: 'blockquote', children: [paragraph(marker, ...children)] };
}

/** The marker's kind is one of three fixed words; the newline is a soft break inside the quote. */
const handlers: StringifyOptions['handlers'] = { alertMarker: (node: AlertMarker): string => `[!${node.value}]\n` };

/** `compact`: table pipes not padded to align columns (the board report spends its characters on content). */
export function stringify(nodes: RootContent[], options: { compact?: boolean } = {}): string {
  const tree: Root = { type: 'root', children: nodes };
  return unified()
    .use(remarkGfm, { tablePipeAlign: !options.compact })
    .use(remarkStringify, { bullet: '-', fences: true, rule: '-', handlers })
    .stringify(tree);
}
