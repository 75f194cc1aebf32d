/**
 * The shared JSON Logic conformance suite (jsonlogic.com's tests.json): every
 * case must give json-logic-js's answer through compile().
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/logic/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// The shared folder is a sibling of the repository: <repo>/test/logic -> <repo>/../shared.
const suitePath = path.resolve(here, '../../../shared/conformance/jsonlogic-tests.json');
const suite = JSON.parse(readFileSync(suitePath, 'utf8')) as unknown[];

type Case = [logic: unknown, data: unknown, expected: unknown];
const cases = suite.filter((entry): entry is Case => Array.isArray(entry));
let ran = 0;

describe('JSON Logic conformance suite', () => {
  it.each(cases.map((c, i) => [i, JSON.stringify(c[0]), c] as const))('case %i: %s', (_i, _label, [logic, data, expected]) => {
    expect(compile(logic)(data)).toEqual(expected);
    ran++;
  });

  it('ran all 277 cases', () => {
    expect(cases).toHaveLength(277);
    expect(ran).toBe(277);
  });
});
