/**
 * A specification that could never be checked as written is refused when it
 * is loaded and assembled (validate, lint and check exit 2), at the line and
 * column of the name, not reported at check time as "not evidenced" or as an
 * error status that reads as the provider's fault.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { check, validateFile, type Diagnostic } from '../../src/index.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { edit, fixture, repoFile, ROOT, scratchCopy } from '../helpers.js';

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

/**
 * One decision, three commands: for each class of mistake in a real specification and library,
 * `validate`, `lint` and `check` exit 2 with the same diagnostic line (lint assembles as the others do).
 */
describe('lint, validate and check refuse the same mistakes with the same diagnostic', () => {
  const carespec = async (...argv: string[]) => {
    const io = captureIo();
    const code = await run(argv, io);
    return { code, err: io.err };
  };

  /** A copy of the bundled example-homecare specification, its evidence and rules/, with one edit in rules/quality.yaml. */
  function homecare(from: string | RegExp, to: string): { spec: string; evidence: string; library: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-agree-'));
    cpSync(repoFile('rules'), path.join(dir, 'rules'), { recursive: true });
    cpSync(repoFile('specs', 'example-homecare.md'), path.join(dir, 'specs', 'example-homecare.md'));
    cpSync(repoFile('examples', 'example-homecare'), path.join(dir, 'examples', 'example-homecare'), { recursive: true });
    const library = path.join(dir, 'rules', 'quality.yaml');
    edit(library, from, to);
    return { spec: path.join(dir, 'specs', 'example-homecare.md'), evidence: path.join(dir, 'examples', 'example-homecare', 'evidence.yaml'), library };
  }

  const cases: { name: string; from: string | RegExp; to: string; code: string; fragment: string }[] = [
    { name: 'a fact no library declares', from: 'test: { "!=": [{ "var": "facts.cqc_rating" }, "Inadequate"] }', to: 'test: { "!=": [{ "var": "facts.cqc_ratng" }, "Inadequate"] }', code: 'spec/unknown-fact', fragment: 'Unexpected fact "cqc_ratng" in rule "qual-cqc-inadequate-suspends-new-work"' },
    { name: 'a metric no library declares', from: 'test: { "!=": [{ "var": "facts.cqc_rating" }, "Inadequate"] }', to: 'test: { "<=": [{ "var": "metrics.mileage_per_visits" }, 10] }', code: 'spec/unknown-metric', fragment: 'Unexpected metric "mileage_per_visits" in rule "qual-cqc-inadequate-suspends-new-work": no imported library or the specification declares such a metric (did you mean "mileage_per_visit"?)' },
    { name: 'a parameter no library declares', from: 'applies_when: { "==": [{ "var": "facts.cqc_rating" }, "Requires improvement"] }', to: 'applies_when: { "==": [{ "var": "facts.cqc_rating" }, { "param": "cqc_accept_not_yet_rate" }] }', code: 'spec/unknown-parameter', fragment: 'did you mean "cqc_accept_not_yet_rated"?' },
    { name: 'a metric column the dataset kind does not have', from: 'column: mileage\n', to: 'column: milage\n', code: 'spec/unknown-column', fragment: 'Unexpected column "milage" in metric "mileage_per_visit"' },
    { name: 'a metric without the column its aggregate needs', from: /    column: mileage\n/, to: '', code: 'schema/required', fragment: 'Missing property "column" (a mean metric needs the column it averages)' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const { spec, evidence, library } = homecare(c.from, c.to);
      const runs = {
        validate: await carespec('validate', spec),
        lint: await carespec('lint', spec),
        check: await carespec('check', spec, '--evidence', evidence, '--format', 'json'),
        'validate library': await carespec('validate', library),
        'lint library': await carespec('lint', library),
      };
      const line = (err: string) => err.split('\n').find((l) => l.includes(`: ${c.code}: `) && l.includes(c.fragment));
      const expected = line(runs.validate.err);
      expect(expected, runs.validate.err).toMatch(/quality\.yaml:\d+:\d+: /);
      for (const [command, result] of Object.entries(runs)) {
        expect(result.code, `${command}: ${result.err}`).toBe(2);
        expect(line(result.err), `${command}: ${result.err}`).toBe(expected);
      }
    });
  }

  it('an undeclared metric points at the var', async () => {
    const { spec } = homecare('test: { "!=": [{ "var": "facts.cqc_rating" }, "Inadequate"] }', 'test: { "<=": [{ "var": "metrics.mileage_per_visits" }, 10] }');
    const found = validateFile(spec).filter((d) => d.code === 'spec/unknown-metric');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 253, column: 20, field: expect.stringMatching(/^rules\.\d+\.test\.<=\.0$/) });
  });
});
