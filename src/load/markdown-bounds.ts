/**
 * Bounds checked on a specification's text before micromark parses it. The parser
 * is fine on real documents but slow, some shapes quadratically, on hostile ones
 * (measured on 20-80 kB inputs): `*_` repeated (40 kB, 22 s), unmatched `]`
 * (60 kB, 10 s), a 200-column table (400 kB, 9 s), lists and block quotes nested
 * 50-100 deep over many lines (1 MB, 17 s to minutes). One pass over the lines counts
 * what drives that cost, outside fenced code blocks (rule blocks are YAML and full
 * of `_`): emphasis and code-span delimiters, brackets and table pipes per block
 * (lines between blank lines) and per document, and the container nesting of each
 * line (block-quote markers, list markers, indentation) and over the document.
 * Every limit is far above what a real specification uses.
 */

/** Markdown nesting limit, like YAML's: the clause-text walk is recursive, and no real specification comes close. */
export const MAX_MARKDOWN_DEPTH = 100;

export const MARKDOWN_LIMITS = {
  /** `*`, `_`, `~` and backticks in one block, and in the whole document. */
  delimitersPerBlock: 2_000,
  delimiters: 10_000,
  /** `[` and `]` in one block, and in the whole document. */
  bracketsPerBlock: 2_000,
  brackets: 10_000,
  /** `|` in one block (a table), and in the whole document. */
  pipesPerBlock: 2_000,
  pipes: 10_000,
  /** Container levels (block quotes, list items) summed over every line. */
  nesting: 20_000,
} as const;

export interface MarkdownHazard {
  code: 'spec/too-deep' | 'spec/too-complex';
  message: string;
  line: number;
  column: number;
}

const FENCE = /^(`{3,}|~{3,})/;
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;

export function findMarkdownHazard(text: string): MarkdownHazard | undefined {
  const lines = text.split('\n');
  let fence: string | undefined;
  let first = 0;
  // Front matter (--- … ---) is YAML, bounded by the YAML reader.
  if (lines[0]?.trimEnd() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    first = end === -1 ? lines.length : end + 1;
  }
  const block = { delimiters: 0, brackets: 0, pipes: 0, line: first + 1 };
  const total = { delimiters: 0, brackets: 0, pipes: 0, nesting: 0 };
  const tooComplex = (what: string, count: number, limit: number, line: number, scope: string): MarkdownHazard => ({
    code: 'spec/too-complex',
    message: `Unexpected markdown: ${count.toLocaleString('en-GB')} ${what} ${scope}, more than the ${limit.toLocaleString('en-GB')} allowed (the parser slows down sharply beyond); refused before parsing`,
    line,
    column: 1,
  });
  for (let index = first; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    const { depth, rest } = containerPrefix(line);
    if (fence !== undefined) {
      const closing = FENCE.exec(rest);
      if (closing && closing[1]![0] === fence[0] && closing[1]!.length >= fence.length && rest.slice(closing[1]!.length).trim() === '') fence = undefined;
      continue;
    }
    const opening = FENCE.exec(rest);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    if (depth > MAX_MARKDOWN_DEPTH) {
      return { code: 'spec/too-deep', message: `Unexpected markdown nesting deeper than ${MAX_MARKDOWN_DEPTH} levels (block quotes, lists, indentation); refused before parsing`, line: lineNumber, column: 1 };
    }
    if ((total.nesting += depth) > MARKDOWN_LIMITS.nesting) return tooComplex('levels of block-quote and list nesting', total.nesting, MARKDOWN_LIMITS.nesting, lineNumber, 'summed over the lines');
    if (rest.trim() === '') {
      block.delimiters = block.brackets = block.pipes = 0;
      block.line = lineNumber + 1;
      continue;
    }
    const counts = countMarks(rest);
    block.delimiters += counts.delimiters;
    block.brackets += counts.brackets;
    block.pipes += counts.pipes;
    total.delimiters += counts.delimiters;
    total.brackets += counts.brackets;
    total.pipes += counts.pipes;
    if (block.delimiters > MARKDOWN_LIMITS.delimitersPerBlock) return tooComplex('emphasis and code delimiters (* _ ~ `)', block.delimiters, MARKDOWN_LIMITS.delimitersPerBlock, block.line, 'in one paragraph');
    if (block.brackets > MARKDOWN_LIMITS.bracketsPerBlock) return tooComplex('brackets ([ ])', block.brackets, MARKDOWN_LIMITS.bracketsPerBlock, block.line, 'in one paragraph');
    if (block.pipes > MARKDOWN_LIMITS.pipesPerBlock) return tooComplex('table pipes (|)', block.pipes, MARKDOWN_LIMITS.pipesPerBlock, block.line, 'in one table');
    if (total.delimiters > MARKDOWN_LIMITS.delimiters) return tooComplex('emphasis and code delimiters (* _ ~ `)', total.delimiters, MARKDOWN_LIMITS.delimiters, lineNumber, 'in the document');
    if (total.brackets > MARKDOWN_LIMITS.brackets) return tooComplex('brackets ([ ])', total.brackets, MARKDOWN_LIMITS.brackets, lineNumber, 'in the document');
    if (total.pipes > MARKDOWN_LIMITS.pipes) return tooComplex('table pipes (|)', total.pipes, MARKDOWN_LIMITS.pipes, lineNumber, 'in the document');
  }
  return undefined;
}

/**
 * An upper estimate of the containers a line sits in: each `>` and list marker in its prefix, and
 * its indentation at two columns a level (a nested list item is indented at least that much).
 */
function containerPrefix(line: string): { depth: number; rest: string } {
  let markers = 0;
  let width = 0;
  let i = 0;
  for (;;) {
    const c = line[i];
    if (c === ' ') {
      width++;
      i++;
    } else if (c === '\t') {
      width += 4;
      i++;
    } else if (c === '>') {
      markers++;
      i++;
      if (line[i] === ' ') i++; // the space after a marker belongs to it, not to the indentation
    } else {
      const marker = LIST_MARKER.exec(line.slice(i, i + 11));
      if (!marker) break;
      markers++;
      i += marker[0].length;
      if (line[i] === ' ') i++;
    }
  }
  return { depth: markers + Math.floor(width / 2), rest: line.slice(i) };
}

function countMarks(text: string): { delimiters: number; brackets: number; pipes: number } {
  let delimiters = 0;
  let brackets = 0;
  let pipes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95 || c === 126 || c === 96) delimiters++; // * _ ~ `
    else if (c === 91 || c === 93) brackets++; // [ ]
    else if (c === 124) pipes++; // |
  }
  return { delimiters, brackets, pipes };
}
