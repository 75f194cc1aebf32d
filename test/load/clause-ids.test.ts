/** Clause ids (src/load/spec.ts): unique without clashes (issue #11, class 4; the linear-time making is timed by the corpus run). */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSpecification } from '../../src/load/spec.js';

const FRONT = '---\ncarespec: specification/1\nid: ids\ntitle: Ids\nversion: 1.0.0\ncommissioner: Test Council\ncontract_period: { start: "2024-05-01", end: "2027-03-31" }\n---\n\n';

function clauseIds(headings: readonly string[]): string[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'carespec-ids-')), 'spec.md');
  writeFileSync(file, FRONT + headings.map((h) => `## ${h}\n\nText.\n`).join('\n'));
  const spec = loadSpecification(file);
  if (!spec.ok) throw new Error(JSON.stringify(spec.diagnostics));
  return spec.value.clauses.map((c) => c.id);
}

describe('clause ids', () => {
  it('never gives two clauses one id: "Foo", "Foo 3", "Foo"', () => {
    expect(clauseIds(['Foo', 'Foo 3', 'Foo'])).toEqual(['foo', 'foo-3', 'foo-2']);
  });

  it('skips suffixes already taken, whatever the order', () => {
    const ids = clauseIds(['Foo 2', 'Foo', 'Foo', 'Foo', 'Foo 3', '1.1 A', '1.1 B']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['foo-2', 'foo', 'foo-3', 'foo-4', 'foo-3-2', '1.1', '1.1-2']);
  });

  // Time is measured, not asserted here: the corpus run (npm run corpus:measure) times 40,000 headings.
  it('makes 5,000 repeated headings unique, each with the next free suffix', () => {
    const ids = clauseIds(Array.from({ length: 5_000 }, () => 'Same'));
    expect(new Set(ids).size).toBe(5_000);
    expect(ids[1]).toBe('same-2');
    expect(ids[4_999]).toBe('same-5000');
  });
});
