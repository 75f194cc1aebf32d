/**
 * Compare compile() with json-logic-js apply() on per-row rules over N
 * generated rows and print the speed-up. Run with `npx tsx bench/logic-bench.ts [rows]`
 * (default 1 000 000 rows). Each side's time is the best of three passes over
 * all rows, and both must count the same number of truthy results.
 * Timings belong here, never in unit tests.
 *
 * Order matters to V8: the first rule has the closures to itself, while later
 * ones share call sites with earlier rules and measure slower than they would
 * alone. The last line, every rule on every row, is the realistic workload.
 */
import jsonLogic from 'json-logic-js';
import { compile } from '../src/logic/index.js';
import { parseCount } from '../src/cli/numbers.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const rows = parseCount(process.argv[2] ?? '1000000') ?? fail(`logic-bench: rows "${process.argv[2]}" is not a whole number written in digits`);

const RULES: Record<string, unknown> = {
  'visit delivered': { and: [{ '>=': [{ var: 'actual_minutes' }, 30] }, { in: [{ var: 'status' }, ['completed', 'late']] }] },
  'late start': { '>': [{ '-': [{ var: 'start_minute' }, { var: 'planned_minute' }] }, 15] },
  'double-up staffed': { if: [{ '==': [{ var: 'carers_required' }, 2] }, { '>=': [{ var: 'carers.count' }, 2] }, true] },
  'short or missed': { or: [{ '===': [{ var: 'status' }, 'missed'] }, { '<': [{ var: 'actual_minutes' }, { '*': [{ var: 'planned_minutes' }, 0.8] }] }] },
};

/** Deterministic pseudo-random rows (a linear congruential generator), so runs are comparable. */
function generateRows(count: number): Record<string, unknown>[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const statuses = ['completed', 'late', 'missed', 'cancelled'];
  return Array.from({ length: count }, (_, i) => ({
    visit_id: `V${i}`,
    status: statuses[Math.floor(next() * statuses.length)],
    planned_minutes: 30,
    actual_minutes: Math.floor(next() * 60),
    planned_minute: 480,
    start_minute: 470 + Math.floor(next() * 40),
    carers_required: next() < 0.2 ? 2 : 1,
    carers: { count: next() < 0.9 ? 2 : 1 },
  }));
}

/** Best of a few runs: the first includes V8's optimisation and any garbage collection left by the other side. */
function best(run: () => number, reps: number): { ms: number; hits: number } {
  let ms = Infinity;
  let hits = 0;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    hits = run();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, hits };
}

// Two copies of the same loop, so neither side's call site is shared with (and slowed by) the other.
function countReference(evaluate: (row: unknown) => unknown, data: readonly unknown[]): number {
  let hits = 0;
  for (let i = 0; i < data.length; i++) if (evaluate(data[i])) hits++;
  return hits;
}

function countCompiled(evaluate: (row: unknown) => unknown, data: readonly unknown[]): number {
  let hits = 0;
  for (let i = 0; i < data.length; i++) if (evaluate(data[i])) hits++;
  return hits;
}

/** How many of the evaluators hold for this row (a row "hits" when any does). */
function countTrue(evaluators: readonly ((row: unknown) => unknown)[], row: unknown): number {
  let n = 0;
  for (const evaluate of evaluators) if (evaluate(row)) n++;
  return n;
}

const data = generateRows(rows);
console.log(`logic-bench: ${rows.toLocaleString('en-GB')} rows, node ${process.version}`);
const REPS = 3;
for (const [name, rule] of Object.entries(RULES)) {
  const compiled = compile(rule);
  const reference = (row: unknown) => jsonLogic.apply(rule as jsonLogic.RulesLogic, row);
  const slow = best(() => countReference(reference, data), REPS);
  const fast = best(() => countCompiled(compiled, data), REPS);
  // Same number of truthy results, or the comparison means nothing.
  if (slow.hits !== fast.hits) throw new Error(`${name}: compile() and json-logic-js disagree (${slow.hits} vs ${fast.hits})`);
  const ratio = slow.ms / fast.ms;
  console.log(
    `${name.padEnd(18)} json-logic-js ${slow.ms.toFixed(0).padStart(6)} ms   compile ${fast.ms.toFixed(1).padStart(6)} ms   ${ratio.toFixed(1)}x faster`,
  );
}

// All rules on every row, as a run over a dataset does: V8 now sees every rule through the same closures.
{
  const compiled = Object.values(RULES).map((rule) => compile(rule));
  const logic = Object.values(RULES) as jsonLogic.RulesLogic[];
  const references = logic.map((rule) => (row: unknown) => jsonLogic.apply(rule, row));
  const slow = best(() => countReference((row) => countTrue(references, row), data), REPS);
  const fast = best(() => countCompiled((row) => countTrue(compiled, row), data), REPS);
  if (slow.hits !== fast.hits) throw new Error('all rules: compile() and json-logic-js disagree');
  const ratio = slow.ms / fast.ms;
  console.log(`${'all rules per row'.padEnd(18)} json-logic-js ${slow.ms.toFixed(0).padStart(6)} ms   compile ${fast.ms.toFixed(1).padStart(6)} ms   ${ratio.toFixed(1)}x faster`);
}
