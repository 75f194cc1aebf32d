/**
 * A specification that could never be checked as written is refused when it
 * is loaded and assembled (validate, lint and check exit 2), at the line and
 * column of the name, not reported at check time as "not evidenced" or as an
 * error status that reads as the provider's fault.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { check, validateFile, type Diagnostic } from '../../src/index.js';
import { edit, fixture, ROOT, scratchCopy } from '../helpers.js';

function dataFixture(mutate: (dir: string) => void): string {
  const dir = scratchCopy(fixture('data'));
  mutate(dir);
  return dir;
}

const brief = (d: Diagnostic) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.code} (${d.field ?? ''})`;

describe('assembly refuses what a check could never compute', () => {
  it('a per-record rule over a dataset kind no library declares', async () => {
    const dir = dataFixture((d) => edit(path.join(d, 'library.yaml'), 'per_record:\n      dataset: visits\n      where: { "==": [{ var: row.status }, completed] }', 'per_record:\n      dataset: visitz\n      where: { "==": [{ var: row.status }, completed] }'));
    const found = validateFile(path.join(dir, 'spec.md'));
    expect(found.map(brief)).toContain('library.yaml:89:7: spec/unknown-dataset (rules.0.per_record.dataset)');
    expect(found.find((d) => d.code === 'spec/unknown-dataset')?.message).toContain('did you mean "visits"?');
    const result = await check(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'));
    expect(result.ok).toBe(false);
  });

  it('a per-record rule reading a column its dataset kind does not have, at the var', () => {
    const dir = dataFixture((d) => edit(path.join(d, 'library.yaml'), '{ var: row.planned_minutes }, { param: min_visit_minutes }', '{ var: row.planned_minuts }, { param: min_visit_minutes }'));
    const found = validateFile(path.join(dir, 'spec.md'));
    expect(found.map(brief)).toEqual(['library.yaml:94:20: spec/unknown-column (rules.0.test.or.0.>=.0)']);
    expect(found[0]!.message).toContain('Unexpected column "planned_minuts" in rule "visit-min-length"');
  });

  it('a parameter no library declares, at the param', () => {
    const dir = dataFixture((d) => edit(path.join(d, 'library.yaml'), '{ param: min_visit_minutes }', '{ param: min_visit_minute }'));
    const found = validateFile(path.join(dir, 'spec.md'));
    expect(found.map(brief)).toEqual(['library.yaml:94:50: spec/unknown-parameter (rules.0.test.or.0.>=.1)']);
    expect(found[0]!.message).toContain('did you mean "min_visit_minutes"?');
  });

  it('a metric without the field its aggregate needs: a schema error with its position', () => {
    const dir = dataFixture((d) => edit(path.join(d, 'library.yaml'), /aggregate: sum\n(\s+)column: \w+\n/, 'aggregate: sum\n'));
    const found = validateFile(path.join(dir, 'library.yaml'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'schema/required', message: 'Missing property "column" (a sum metric needs the column it adds up)' });
    expect(found[0]!.line).toBeGreaterThan(0);
    expect(found[0]!.field).toMatch(/^metrics\.\w+\.column$/);
  });
});

describe('positions of assembly errors', () => {
  it('a select pattern that names no rule points at its entry in the front matter', () => {
    const dir = dataFixture((d) => edit(path.join(d, 'spec.md'), /^imports:/m, 'select:\n  exclude: [no-such-rule]\nimports:'));
    const found = validateFile(path.join(dir, 'spec.md'));
    expect(found.map(brief)).toEqual(['spec.md:9:13: spec/unknown-selection ()']);
  });

  it('no diagnostic of a bad specification has line 0', () => {
    const dir = dataFixture((d) => {
      edit(path.join(d, 'spec.md'), /^imports:/m, 'select:\n  include: [nothing-here]\nimports:');
      edit(path.join(d, 'library.yaml'), '{ param: min_visit_minutes }', '{ param: nope }');
    });
    const found = validateFile(path.join(dir, 'spec.md'));
    expect(found.length).toBeGreaterThan(1);
    for (const d of found) expect(d.line, brief(d)).toBeGreaterThan(0);
  });
});

describe('one file-kind detector', () => {
  it('validate and the authoring commands agree on what a file is; folder search is strict about markdown', async () => {
    const { detectKind } = await import('../../src/index.js');
    const { kindOf } = await import('../../src/authoring/workspace.js');
    const dir = dataFixture(() => {});
    for (const name of ['spec.md', 'library.yaml', 'evidence.yaml']) expect(kindOf(path.join(dir, name))).toBe(detectKind(path.join(dir, name)));
    expect(kindOf(path.join(ROOT, 'README.md'))).toBe('specification');
    expect(kindOf(path.join(ROOT, 'README.md'), true)).toBe('unknown');
    expect(detectKind(path.join(ROOT, 'README.md'))).toBe('specification');
  });
});
