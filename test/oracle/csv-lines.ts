/**
 * The physical line on which each CSV record starts (the header is line 1; a
 * quoted newline belongs to its record; a blank line is no record), and the
 * header's fields. DuckDB's read_csv gives the records but not their lines,
 * which failures report.
 */
export interface RecordLines {
  header: string[];
  /** Start line of every record, the header first. */
  starts: number[];
}

export function recordLines(text: string, delimiter: string): RecordLines {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const starts: number[] = [];
  const header: string[] = [];
  let line = 1;
  let start = 1;
  let field = '';
  let quoted = false;
  let empty = true; // nothing but an optional CR since the record began
  const endRecord = () => {
    if (!empty) {
      if (starts.length === 0) header.push(field);
      starts.push(start);
    }
    field = '';
    empty = true;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      if (c === '\n') line++;
      continue;
    }
    if (c === '\n') {
      endRecord();
      line++;
      start = line;
      continue;
    }
    if (c === '\r' && (body[i + 1] === '\n' || i + 1 === body.length)) continue;
    empty = false;
    if (c === '"') quoted = true;
    else if (c === delimiter) {
      if (starts.length === 0) header.push(field);
      field = '';
    } else field += c;
  }
  endRecord();
  return { header, starts };
}
