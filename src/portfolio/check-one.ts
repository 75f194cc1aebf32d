/**
 * One provider of a portfolio: `checkEvidence` against the plan, exactly as `carespec check` runs it
 * (same reader, same options), plus the provider's volume of care when the spec asks for it. Used
 * in-process and by each worker thread (worker.ts), so both give the same result.
 */
import { checkEvidence } from '../pipeline.js';
import { loadEvidence } from '../load/evidence.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CheckResult } from '../model/types.js';
import type { Plan } from '../validate/assemble.js';
import { volumeOf } from './market.js';

export interface ProviderOptions {
  asOf?: string;
}

export type ProviderOutcome =
  | { ok: true; result: CheckResult; warnings: Diagnostic[]; volume?: number | null }
  | { ok: false; diagnostics: Diagnostic[] };

export async function checkProvider(plan: Plan, evidenceFile: string, options: ProviderOptions): Promise<ProviderOutcome> {
  const checked = await checkEvidence(plan, evidenceFile, options.asOf === undefined ? {} : { asOf: options.asOf });
  if (!checked.ok) return checked;
  const source = plan.spec.portfolio?.volume;
  if (!source) return { ok: true, result: checked.value, warnings: checked.warnings };
  // A fact is read from the manifest again (small YAML): the result does not carry facts.
  const evidence = 'fact' in source ? loadEvidence(evidenceFile) : undefined;
  const volume = volumeOf(source, checked.value, evidence?.ok ? evidence.value : undefined);
  return { ok: true, result: checked.value, warnings: checked.warnings, volume };
}
