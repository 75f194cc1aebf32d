import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvTokenizer } from '../../src/data/reading/csv.js';

interface Rec { fields: string[]; line: number; problem?: string }

function tokenize(chunks: string[], delimiter = ','): Rec[] {
  const out: Rec[] = [];
  const t = new CsvTokenizer((fields, count, line, problem) => {
    out.push({ fields: fields.slice(0, count), line, ...(problem === undefined ? {} : { problem }) });
  }, delimiter);
  for (const c of chunks) t.push(c);
  t.end();
  return out;
}

describe('CsvTokenizer', () => {
  it('splits plain lines and numbers physical lines from 1 (the header)', () => {
    expect(tokenize(['a,b\n1,2\n3,4\n'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('drops a UTF-8 BOM and handles CRLF and a last line without newline', () => {
    expect(tokenize(['\uFEFFa,b\r\n1,2\r\n3,4'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and newlines, counting the physical lines they span', () => {
    const recs = tokenize(['id,note\n1,"a, ""quoted""\nsecond line\r\nthird"\n2,plain\n']);
    expect(recs[1]).toEqual({ fields: ['1', 'a, "quoted"\nsecond line\r\nthird'], line: 2 });
    expect(recs[2]).toEqual({ fields: ['2', 'plain'], line: 5 });
  });

  it('keeps ragged rows for the caller to judge, and skips blank lines while counting them', () => {
    const recs = tokenize(['a,b,c\n1,2\n\n1,2,3,4\n']);
    expect(recs.map((r) => [r.fields.length, r.line])).toEqual([[3, 1], [2, 2], [4, 4]]);
  });

  it('reports an unterminated quoted field at the end of the file', () => {
    const recs = tokenize(['a,b\n1,"open\n2,3\n']);
    expect(recs[1]?.problem).toMatch(/not closed/);
    expect(recs[1]?.line).toBe(2);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(tokenize(['a,b\n5\'10",x\n'])[1]?.fields).toEqual(['5\'10"', 'x']);
  });

  it('supports another delimiter', () => {
    expect(tokenize(['a;b\n"x;y";2\n'], ';')[1]?.fields).toEqual(['x;y', '2']);
  });

  it('gives the same records and lines however the text is cut into chunks', () => {
    const cell = fc.oneof(fc.stringMatching(/^[a-z0-9 ]{0,5}$/), fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`));
    const line = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (lines, crlf, cuts) => {
        const text = lines.join(crlf ? '\r\n' : '\n') + '\n';
        const whole = tokenize([text]);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(text.slice(at, p));
          at = p;
        }
        chunks.push(text.slice(at));
        expect(tokenize(chunks)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
