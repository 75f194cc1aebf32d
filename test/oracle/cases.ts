/**
 * The checks the oracle recomputes, found on disk: every bundled example
 * (examples/<spec>/[<bundle>/]evidence.yaml, checked against specs/<spec>.md,
 * the pairing test/examples/bundles.test.ts uses), and the benchmark's seeded
 * visits export with the benchmark's specification, generated small.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, writeSpec } from '../../bench/generate.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import type { Results } from './compare.js';

export interface OracleCase {
  name: string;
  spec: string;
  evidence: string;
}

export function exampleCases(root: string): OracleCase[] {
  const cases: OracleCase[] = [];
  const examples = path.join(root, 'examples');
  for (const spec of readdirSync(examples).sort()) {
    const specFile = path.join(root, 'specs', `${spec}.md`);
    const dir = path.join(examples, spec);
    const manifests = existsSync(path.join(dir, 'evidence.yaml'))
      ? [{ name: spec, evidence: path.join(dir, 'evidence.yaml') }]
      : readdirSync(dir).sort().filter((b) => existsSync(path.join(dir, b, 'evidence.yaml'))).map((b) => ({ name: `${spec}/${b}`, evidence: path.join(dir, b, 'evidence.yaml') }));
    for (const m of manifests) cases.push({ name: m.name, spec: specFile, evidence: m.evidence });
  }
  return cases;
}

/** Rows and seed of the benchmark export the oracle checks: enough for every window, small enough to stay fast. */
export const BENCH_ROWS = 20_000;
export const BENCH_SEED = 20250401;

/**
 * The benchmark's check, and the same export checked with the oracle's own fixture library
 * added (fixtures/figures.yaml: the aggregates and window kinds no bundled library uses yet).
 */
export async function benchCases(dir: string): Promise<OracleCase[]> {
  const csv = `visits-${BENCH_ROWS}-${BENCH_SEED}.csv`;
  await generate(path.join(dir, csv), BENCH_ROWS, BENCH_SEED);
  const { spec, evidence } = writeSpec(dir, csv);
  const fixture = path.relative(dir, path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'figures.yaml')).split(path.sep).join('/');
  const extended = path.join(dir, 'oracle-spec.md');
  writeFileSync(extended, readFileSync(spec, 'utf8').replace(/^imports: \[/m, `imports: [${fixture}, `));
  return [
    { name: `bench (${BENCH_ROWS} visits, seed ${BENCH_SEED})`, spec, evidence },
    { name: 'bench with the oracle fixture library', spec: extended, evidence },
  ];
}

/** carespec's own JSON results for a case, through the command line's code path. */
export async function carespecResults(c: OracleCase): Promise<Results> {
  const io = captureIo();
  const code = await run(['check', c.spec, '--evidence', c.evidence, '--format', 'json'], io);
  if (code === 2) throw new Error(`carespec check failed for ${c.name}: ${io.err}`);
  return JSON.parse(io.out) as Results;
}
