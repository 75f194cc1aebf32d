/**
 * Differential fuzzing of carespec's evaluator against json-logic-js (the
 * reference), reusing the logic tests' generators: random rules over every
 * standard operation and random data give the same result, or both throw.
 * The rules are compiled as a check compiles them (with carespec's own
 * operations registered), and evaluated with and without the tracer that
 * records what a rule read. carespec's decimal arithmetic deliberately differs
 * from json-logic-js's floating point (test/runtime/decimal.test.ts holds it
 * to its own contract), so it is left out of this differential.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { expect, it } from 'vitest';
import { compile, type Tracer } from '../../src/logic/index.js';
import { createOperations, createRuntime } from '../../src/runtime/operations.js';
import { DECIMAL_OPERATIONS } from '../../src/runtime/decimal.js';
import { data, outcome, rule, sameOutcome } from '../logic/arbitraries.js';

const RUNS = 10_000;
const operations = Object.fromEntries(Object.entries(createOperations(new Map(), createRuntime('default', '2025-06-30'))).filter(([name]) => !Object.hasOwn(DECIMAL_OPERATIONS, name)));

it(`fuzz: compiled rules agree with json-logic-js on ${RUNS} random rule/data pairs`, () => {
  let pairs = 0;
  let mismatches = 0;
  const reads: string[] = [];
  const tracer: Tracer = { read: (path) => void reads.push(path) };
  try {
    fc.assert(
      fc.property(rule, data, fc.boolean(), (logic, row, traced) => {
        pairs++;
        const expected = outcome(() => jsonLogic.apply(logic as jsonLogic.RulesLogic, row));
        const actual = outcome(() => compile(logic, { operations })(structuredClone(row), traced ? tracer : undefined));
        reads.length = 0;
        const agree = sameOutcome(expected, actual);
        if (!agree) mismatches++;
        return agree;
      }),
      { numRuns: RUNS },
    );
  } finally {
    console.log(`fuzz: ${pairs} rule/data pairs, ${mismatches} mismatches`);
  }
  expect(pairs).toBeGreaterThanOrEqual(RUNS);
  expect(mismatches).toBe(0);
});
