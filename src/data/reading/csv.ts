/**
 * A streaming CSV tokenizer (RFC 4180 plus the usual export quirks: BOM,
 * CRLF or LF, quoted fields spanning lines, doubled quotes). It is hand-rolled
 * because the benchmark (bench/run.ts) measured it faster than csv-parse and
 * papaparse, and because it reports the PHYSICAL line on which each record
 * starts, which data-quality findings must name.
 *
 * Speed: a line without a quote (nearly every line of a monitoring export)
 * is split with indexOf; only lines containing a quote take the
 * character-by-character path. The `fields` array is reused for every record:
 * the sink must copy what it keeps.
 */

/** Receives each record: `fields[0..count)`, the 1-based physical line it starts on, and a problem if malformed. */
export type RecordSink = (fields: string[], count: number, line: number, problem?: string) => void;

/**
 * Bytes that are not UTF-8 (a Latin-1 or Windows-1252 export, say) decode to U+FFFD. A row holding
 * one is malformed, never read as if the text were right: a "£" or "é" would silently become "\uFFFD".
 */
export const ENCODING_PROBLEM = 'bytes that are not UTF-8 (is the file Latin-1 or Windows-1252? export it as UTF-8)';
const REPLACEMENT = '\uFFFD';

/**
 * The longest record (a line, or several held together by a quoted field) the tokenizer will hold:
 * 1 MiB of characters. No monitoring or payroll export comes near it; without it a 200 MB line, or a
 * quote never closed in a 600 MB file, is buffered whole (and, for the quote, re-scanned per chunk).
 * It is checked once per chunk pushed, not per character: the pending record is what is left over.
 */
export const MAX_RECORD_CHARS = 1024 * 1024;

/** Thrown by push() when a record exceeds MAX_RECORD_CHARS; the tokenizer then ignores the rest of its input. */
export class RecordTooLongError extends Error {
  constructor(readonly line: number) {
    super(`the record starting on line ${line} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters (the limit per record; is a quote never closed?)`);
  }
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

export class CsvTokenizer {
  private leftover = '';
  /** Physical line on which the next record starts. */
  private line = 1;
  private readonly fields: string[] = [];
  private started = false;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  /** Set once decoded text holds U+FFFD; only then are records searched for it (one indexOf a chunk otherwise). */
  private suspect = false;
  /** The line of a record that exceeded MAX_RECORD_CHARS; nothing more is parsed after it. */
  private overlong: number | undefined;

  /**
   * `from`: where in the file this tokenizer starts, for a part of a file read in parallel
   * (parallel.ts): the physical line of its first byte, and no BOM check (only a file's first
   * byte can be a BOM).
   */
  constructor(private readonly sink: RecordSink, delimiter = ',', from?: { line: number }) {
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    if (from) {
      this.line = from.line;
      this.started = true;
    }
  }

  /** Physical line on which the next record starts. */
  get nextLine(): number {
    return this.line;
  }

  /** Whether text pushed so far ends inside a record (e.g. a quoted field still open). */
  get pending(): boolean {
    return this.leftover.length > 0;
  }

  push(chunk: string): void {
    if (this.overlong !== undefined) throw new RecordTooLongError(this.overlong);
    if (!this.suspect && chunk.indexOf(REPLACEMENT) !== -1) this.suspect = true;
    let text = this.leftover.length > 0 ? this.leftover + chunk : chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 BOM is not part of the first header
    }
    const consumed = this.parse(text, false);
    this.leftover = consumed < text.length ? text.slice(consumed) : '';
    if (this.leftover.length > MAX_RECORD_CHARS) {
      this.overlong = this.line;
      this.leftover = '';
      throw new RecordTooLongError(this.line);
    }
  }

  end(): void {
    if (this.overlong !== undefined) throw new RecordTooLongError(this.overlong);
    if (this.leftover.length > 0) this.parse(this.leftover, true);
    this.leftover = '';
  }

  /** Parse as many complete records as `text` holds; returns how many characters were consumed. */
  private parse(text: string, final: boolean): number {
    const n = text.length;
    const fields = this.fields;
    const delim = this.delimiter;
    let pos = 0;
    // Cached positions of the next quote and delimiter, so a chunk without quotes is scanned once.
    let nextQuote = text.indexOf('"');
    if (nextQuote === -1) nextQuote = n;
    let nextDelim = -1;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1) {
        if (!final) return pos;
        nl = n;
      }
      if (nextQuote < pos) {
        nextQuote = text.indexOf('"', pos);
        if (nextQuote === -1) nextQuote = n;
      }
      if (nextQuote >= nl) {
        // Fast path: no quote on this line.
        let end = nl;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        if (end === pos) {
          // A blank line is not a record (exports often end with one).
          pos = nl + 1;
          this.line++;
          continue;
        }
        let count = 0;
        let start = pos;
        for (;;) {
          if (nextDelim < start) {
            nextDelim = text.indexOf(delim, start);
            if (nextDelim === -1) nextDelim = n;
          }
          if (nextDelim >= end) {
            fields[count++] = text.slice(start, end);
            break;
          }
          fields[count++] = text.slice(start, nextDelim);
          start = nextDelim + 1;
        }
        if (this.suspect) this.emitChecked(fields, count, undefined);
        else this.sink(fields, count, this.line);
        this.line++;
        pos = nl + 1;
        continue;
      }
      const next = this.parseQuoted(text, pos, final);
      if (next === -1) return pos; // a quoted field continues into the next chunk
      pos = next;
    }
    return n;
  }

  /**
   * The slow path for a record containing a quote: character by character,
   * quoted fields may hold delimiters and newlines. Returns the position after
   * the record, or -1 when the text ends inside the record (and not final).
   */
  private parseQuoted(text: string, pos: number, final: boolean): number {
    const n = text.length;
    const fields = this.fields;
    const dc = this.delimiterCode;
    let count = 0;
    let i = pos;
    let newlines = 0;
    let problem: string | undefined;
    for (;;) {
      // At the start of a field.
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            if (!final) return -1;
            problem = 'a quoted field is not closed before the end of the file';
            value += text.slice(j);
            newlines += countNewlines(text, j, n);
            i = n;
            break;
          }
          newlines += countNewlines(text, j, q);
          value += text.slice(j, q);
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            j = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return -1; // cannot tell "" from " yet
          i = q + 1;
          break;
        }
        // Text after the closing quote up to the delimiter is kept, leniently, but noted.
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === dc || c === LF || c === CR) break;
          k++;
        }
        if (k > i) {
          value += text.slice(i, k);
          problem ??= 'text after a closing quote';
        }
        i = k;
        fields[count++] = value;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === dc || c === LF || c === CR) break;
          k++;
        }
        fields[count++] = text.slice(i, k);
        i = k;
      }
      // After a field: delimiter, end of line, or end of text.
      if (i >= n) {
        if (!final) return -1;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === dc) {
        i++;
        if (i >= n && !final) return -1;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) return -1;
        i++;
        if (i < n && text.charCodeAt(i) === LF) i++;
        break;
      }
      i++; // LF
      break;
    }
    if (this.suspect) this.emitChecked(fields, count, problem);
    else this.sink(fields, count, this.line, problem);
    this.line += 1 + newlines;
    return i;
  }

  private emitChecked(fields: string[], count: number, problem: string | undefined): void {
    let bad = false;
    for (let i = 0; i < count && !bad; i++) bad = fields[i]!.indexOf(REPLACEMENT) !== -1;
    this.sink(fields, count, this.line, problem ?? (bad ? ENCODING_PROBLEM : undefined));
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
