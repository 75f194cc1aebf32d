/** Shared by the data tests: run the fixture check (test/fixtures/data) with edits, through check() and readDatasets. */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { check } from '../../src/pipeline.js';
import { readDatasets, type ReadDataOptions } from '../../src/data/index.js';
import type { CheckResult, RuleResult } from '../../src/model/types.js';
import { fixture, scratchCopy } from '../helpers.js';

export async function runData(mutate?: (dir: string) => void, options: ReadDataOptions = { pseudonymKey: 'test-key' }): Promise<CheckResult> {
  const dir = scratchCopy(fixture('data'));
  mutate?.(dir);
  const out = await check(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'), { readData: (plan, evidence) => readDatasets(plan, evidence, options) });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.value;
}

export const write = (dir: string, file: string, text: string) => writeFileSync(path.join(dir, file), text);

export function rule(result: CheckResult, id: string): RuleResult {
  const found = result.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

/** The data phase alone over the (edited) fixture: metrics, records, findings, inputs. */
export async function readFixture(mutate?: (dir: string) => void | Promise<void>, options: ReadDataOptions = { pseudonymKey: 'test-key' }) {
  const { prepareCheck } = await import('../../src/pipeline.js');
  const dir = scratchCopy(fixture('data'));
  await mutate?.(dir);
  const prepared = prepareCheck(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'));
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics));
  return readDatasets(prepared.value.plan, prepared.value.evidence, options);
}
