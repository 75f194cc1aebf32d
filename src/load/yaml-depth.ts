/**
 * A cheap upper estimate of how deeply a YAML text nests, taken before the
 * yaml package parses it: its parser and composer recurse once per level, so
 * `[[[[…` or `- - - …` ten thousand deep overflows the stack ("Maximum call
 * stack size exceeded") before carespec's own depth check (64 levels) can run.
 *
 * One pass over the characters: block nesting is the stack of indentation
 * levels plus the compact `- ` / `? ` indicators on a line; flow nesting is the
 * open `[` and `{` that start a value (not one inside a plain scalar such as
 * `note: a[1]`), skipping quoted scalars, comments and block scalars. It may
 * over-count a little (a multi-line plain scalar), never enough to refuse a
 * real file: the refusal threshold is four times the real limit, far below the
 * depth at which the parser overflows (about 800).
 */

/** Nesting the estimate may reach before the text is refused unparsed. */
export const MAX_ESTIMATED_YAML_DEPTH = 256;

/** The offset at which the estimated nesting first exceeds `limit`, or undefined. */
export function findRunawayNesting(text: string, limit = MAX_ESTIMATED_YAML_DEPTH): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let compact = 0;
  let valueStart = true;
  let lineIndent = 0;
  let blockScalarParent = -1; // indent of the line that opened a `|` or `>` scalar, while inside it
  let i = 0;
  const n = text.length;
  const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const skipLine = () => {
    while (i < n && text[i] !== '\n') i++;
  };
  const startLine = (): void => {
    let indent = 0;
    while (text[i + indent] === ' ') indent++;
    const first = text[i + indent];
    const empty = first === undefined || first === '\n' || first === '\r' || first === '#';
    if (blockScalarParent >= 0) {
      if (first === undefined || first === '\n' || first === '\r' || indent > blockScalarParent) {
        skipLine();
        return;
      }
      blockScalarParent = -1;
    }
    if (flow > 0 || empty) {
      if (empty && flow === 0) skipLine();
      return;
    }
    while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
    indents.push(indent);
    lineIndent = indent;
    compact = 0;
    valueStart = true;
    i += indent;
  };
  startLine();
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      startLine();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || isBlank(text[i - 1]))) {
      skipLine();
      continue;
    }
    if (valueStart && (c === '"' || c === "'")) {
      i = endOfQuoted(text, i);
      valueStart = false;
      continue;
    }
    if (valueStart && flow === 0 && (c === '-' || c === '?') && isBlank(text[i + 1])) {
      compact++;
    } else if ((c === '[' || c === '{') && (valueStart || flow > 0)) {
      flow++;
      valueStart = true;
    } else if ((c === ']' || c === '}') && flow > 0) {
      flow--;
      valueStart = false;
    } else if (c === ',' && flow > 0) {
      valueStart = true;
    } else if (c === ':' && (isBlank(text[i + 1]) || flow > 0)) {
      valueStart = true;
    } else if (valueStart && flow === 0 && (c === '|' || c === '>')) {
      blockScalarParent = lineIndent;
      skipLine();
      continue;
    } else if (valueStart && (c === '&' || c === '!')) {
      while (i < n && !isBlank(text[i])) i++; // an anchor or tag: the value follows it
      continue;
    } else {
      valueStart = false;
    }
    if (indents.length + compact + flow > limit) return i;
    i++;
  }
  return undefined;
}

/** The offset just past a quoted scalar starting at `start` (which may span lines). */
function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (quote === '"' && c === '\\') i += 2;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}
