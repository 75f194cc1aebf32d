/**
 * Property (issue #11): for random rules and evidence in which a value a rule
 * must read is absent or null, no rule's status is `pass`. The absent value is
 * placed where every evaluation reads it (an operand of the rule's outermost
 * operation, or of the first operand of an `and`), under comparisons, `!`,
 * arithmetic, `in` and date operations, in rule tests and per-record tests.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';

type Logic = Record<string, unknown>;
const read = (name: string) => ({ var: `facts.${name}` });

/** An expression that must read `facts.<name>` whenever it is evaluated. */
const mustRead = (name: string): fc.Arbitrary<Logic> => {
  const v = read(name);
  const constant = fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom(0, 15, 30, 'Good', true, false, null));
  return fc.oneof(
    fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!=', '===', '!=='), constant, fc.boolean()).map(([op, k, left]) => ({ [op]: left ? [v, k] : [k, v] })),
    fc.constant({ '!': [v] }),
    fc.constant({ '!!': [v] }),
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), fc.integer({ min: 1, max: 9 }), fc.constantFrom('<', '>=')).map(([op, k, cmp]) => ({ [cmp]: [{ [op]: [v, k] }, 10] })),
    fc.constant({ in: [v, ['Good', 'Outstanding']] }),
    fc.constant({ '<=': [{ days_between: [v, { var: 'period.end' }] }, 42] }),
  );
};

/** Wrap so the read stays on every path: the first operand of `and`/`or`, or under `!`. */
const ruleTest = (name: string): fc.Arbitrary<Logic> =>
  fc.tuple(mustRead(name), fc.constantFrom('plain', 'and', 'or', 'not'), fc.boolean()).map(([inner, wrap, other]) =>
    wrap === 'and' ? { and: [inner, other] } : wrap === 'or' ? { or: [inner, other] } : wrap === 'not' ? { '!': [inner] } : inner,
  );

const y = (value: unknown) => JSON.stringify(value);

describe('an absent or null value is never a pass', () => {
  it('property: rule tests and per-record tests reading an absent or null fact never pass', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-absent-'));
    writeFileSync(path.join(dir, 'visits.csv'), 'day,minutes\n2025-04-01,30\n2025-05-15,45\n2025-06-30,60\n');
    let checks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ruleTest('x'), { minLength: 1, maxLength: 6 }),
        fc.array(ruleTest('x'), { minLength: 0, maxLength: 3 }),
        fc.constantFrom('absent', 'null'),
        async (tests, rowTests, how) => {
          const rules = [
            ...tests.map((test, i) => `  - { id: r${i}, title: R${i}, severity: must, rationale: x, remediation: y, test: ${y(test)} }`),
            ...rowTests.map((test, i) => `  - { id: p${i}, title: P${i}, severity: must, rationale: x, remediation: y, per_record: { dataset: visits }, test: ${y({ and: [{ '>=': [{ var: 'row.minutes' }, 0] }, test] })} }`),
          ];
          writeFileSync(path.join(dir, 'library.yaml'), `carespec: rule-library/1
id: absent
title: Absent
version: 1.0.0
datasets:
  visits: { title: Visits, date_column: day, columns: { day: { type: date, required: true }, minutes: { type: integer, required: true } } }
facts:
  x: { title: X, type: number }
  y: { title: Y, type: number }
rules:
${rules.join('\n')}
`);
          writeFileSync(path.join(dir, 'spec.md'), `---\ncarespec: specification/1\nid: absent\ntitle: Absent\nversion: 1.0.0\ncommissioner: Test\ncontract_period: { start: "2025-04-01", end: "2026-03-31" }\nimports: [library.yaml]\n---\n\n# Absent\n`);
          writeFileSync(path.join(dir, 'evidence.yaml'), `carespec: evidence/1
provider: { name: Test Care Ltd, region: london }
period: { start: "2025-04-01", end: "2025-06-30" }
facts:
${how === 'null' ? '  x: { value: null, source: { document: Test } }' : '  y: { value: 1, source: { document: Test } }'}
datasets:
  - { id: visits, kind: visits, file: visits.csv }
`);
          const out = await check(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'), { readData: (plan, evidence) => readDatasets(plan, evidence) });
          if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
          checks++;
          const passing = out.value.rules.filter((r) => r.status === 'pass');
          expect(passing.map((r) => r.id), JSON.stringify(passing.map((r) => r.message))).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
    expect(checks).toBeGreaterThanOrEqual(60);
  });
});
