/**
 * Differential test against the reference implementation: random rules over
 * every standard operation (except log) and random data must give the same
 * result from compile() as from json-logic-js's apply(), or both must throw.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { expect, it } from 'vitest';
import { compile, type Tracer } from '../../src/logic/index.js';
import { data, outcome, rule, sameOutcome } from './arbitraries.js';

const RUNS = 10_000;
const silentTracer: Tracer = { read() {} };

it(`agrees with json-logic-js on ${RUNS} random rule/data pairs`, () => {
  let checked = 0;
  let mismatches = 0;
  try {
    fc.assert(
      fc.property(rule, data, fc.boolean(), (logic, row, traced) => {
        checked++;
        const expected = outcome(() => jsonLogic.apply(logic as jsonLogic.RulesLogic, row));
        // Tracing must never change a result.
        const actual = outcome(() => compile(logic)(row, traced ? silentTracer : undefined));
        const agree = sameOutcome(expected, actual);
        if (!agree) mismatches++;
        return agree;
      }),
      { numRuns: RUNS },
    );
  } finally {
    console.log(`differential: ${checked} rule/data pairs, ${mismatches} mismatches`);
  }
  expect(checked).toBeGreaterThanOrEqual(RUNS);
});
