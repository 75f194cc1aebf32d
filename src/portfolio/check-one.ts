/**
 * One provider of a portfolio: `checkEvidence` against the plan, exactly as `carespec check` runs it
 * (same reader, same options), reduced to its summary where it ran. With a results folder the whole
 * result is written there first, as `check --format json` writes it, and then dropped. Used
 * in-process and by each worker thread (worker.ts), so both give the same outcome.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkEvidence } from '../pipeline.js';
import { loadEvidence } from '../load/evidence.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CheckResult, Evidence } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { renderJson } from '../render/json.js';
import { volumeOf } from './market.js';
import { summarise } from './summary.js';
import type { KpiDefinition, ProviderSummary } from './types.js';

export interface ProviderOptions {
  asOf?: string;
  /** A pool-basis/1 file, for pool payments (as `check --pool-basis`). */
  poolBasis?: string;
  /** Folder for each provider's whole result; it exists already (the command made it). */
  resultsDir?: string;
  /** Threads a large file's scan may split into (default: carespec's, one per spare core); 0 reads each file in one pass. */
  scanWorkers?: number;
}

export type ProviderOutcome =
  | { ok: true; summary: ProviderSummary; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** `index` is the provider's place in the portfolio: it names the results file, so two providers of the same name do not collide. */
export async function checkProvider(plan: Plan, kpis: readonly KpiDefinition[], evidenceFile: string, index: number, options: ProviderOptions): Promise<ProviderOutcome> {
  const { scanWorkers } = options;
  const checked = await checkEvidence(plan, evidenceFile, {
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.poolBasis === undefined ? {} : { poolBasis: options.poolBasis }),
    ...(scanWorkers === undefined ? {} : {
      readData: async (p: Plan, e: Evidence) => (await import('../data/index.js')).readDatasets(p, e, { ...(options.asOf === undefined ? {} : { asOf: options.asOf }), parallel: { workers: scanWorkers } }),
    }),
  });
  if (!checked.ok) return checked;
  const result = checked.value;
  const source = plan.spec.portfolio?.volume;
  let volume: number | null | undefined;
  if (source) {
    // A fact is read from the manifest again (small YAML): the result does not carry facts.
    const evidence = 'fact' in source ? loadEvidence(evidenceFile) : undefined;
    volume = volumeOf(source, result, evidence?.ok ? evidence.value : undefined);
  }
  const summary = summarise(result, kpis, volume);
  if (options.resultsDir !== undefined) summary.resultFile = writeResult(options.resultsDir, index, result);
  return { ok: true, summary, warnings: checked.warnings };
}

export function resultFileName(index: number, provider: string): string {
  const slug = provider.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'provider';
  return `${String(index + 1).padStart(3, '0')}-${slug}.json`;
}

/** Whole or not at all: a temporary file beside the target, renamed over it (atomic on one filesystem). */
function writeResult(dir: string, index: number, result: CheckResult): string {
  const target = path.join(dir, resultFileName(index, result.provider.name));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${index}.tmp`);
  try {
    writeFileSync(temp, renderJson(result));
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
