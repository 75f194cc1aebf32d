/** Clause ids (src/load/spec.ts): unique without clashes, and made in linear time (issue #11, class 4). */
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

  it('makes 40,000 repeated headings unique in linear time', () => {
    const started = performance.now();
    const ids = clauseIds(Array.from({ length: 40_000 }, () => 'Same'));
    expect(new Set(ids).size).toBe(40_000);
    expect(ids[39_999]).toBe('same-40000');
    expect(performance.now() - started).toBeLessThan(15_000); // 29 s before, for the id step alone
  });
});
