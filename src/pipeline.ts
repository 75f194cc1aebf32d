/**
 * The pipeline, composed once: load → validate → (read data) → evaluate.
 * Commands call these; each step returns diagnostics instead of throwing.
 */
import type { Diagnostic } from './model/diagnostic.js';
import type { CheckResult, Evidence, RuleLibrary, Specification } from './model/types.js';
import { loadEvidence } from './load/evidence.js';
import { loadLibrary } from './load/library.js';
import { loadSpecification } from './load/spec.js';
import { assemble, type Plan } from './validate/assemble.js';
import { runCheck, type CheckOptions } from './evaluate/check.js';
import { NO_DATA, type DataEvidence } from './evaluate/context.js';
import { withPositions } from './locate.js';

export type Step<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Load a specification and every library it imports, then assemble the plan. */
export function preparePlan(specFile: string): Step<Plan> {
  const spec = loadSpecification(specFile);
  if (!spec.ok) return spec;
  const libraries: RuleLibrary[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of spec.value.imports) {
    const library = loadLibrary(file);
    if (library.ok) libraries.push(library.value);
    else diagnostics.push(...library.diagnostics);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return assembleStep(spec.value, libraries);
}

function assembleStep(spec: Specification, libraries: RuleLibrary[]): Step<Plan> {
  const assembled = assemble(spec, libraries);
  return assembled.ok ? { ok: true, value: assembled.plan, warnings: assembled.warnings } : assembled;
}

export interface CheckInputs {
  plan: Plan;
  evidence: Evidence;
}

/**
 * `onEvidence` hears the evidence as soon as it has loaded, before the specification and its
 * libraries: the CLI uses it to start worker threads for large datasets while the rest loads.
 */
export function prepareCheck(specFile: string, evidenceFile: string, onEvidence?: (evidence: Evidence) => void): Step<CheckInputs> {
  const evidence = loadEvidence(evidenceFile);
  if (evidence.ok) onEvidence?.(evidence.value);
  const plan = preparePlan(specFile);
  const diagnostics = [...(plan.ok ? [] : plan.diagnostics), ...(evidence.ok ? [] : evidence.diagnostics)];
  if (!plan.ok || !evidence.ok) return { ok: false, diagnostics };
  return { ok: true, value: { plan: plan.value, evidence: evidence.value }, warnings: [...plan.warnings, ...evidence.warnings] };
}

export interface RunOptions extends CheckOptions {
  /** Computes metrics and per-record outcomes from the evidence's datasets. */
  readData?: (plan: Plan, evidence: Evidence) => Promise<DataEvidence>;
  /** Told the evidence once it has loaded (see prepareCheck). */
  onEvidence?: (evidence: Evidence) => void;
}

/** The whole check, from file paths to a result. */
export async function check(specFile: string, evidenceFile: string, options: RunOptions = {}): Promise<Step<CheckResult>> {
  const prepared = prepareCheck(specFile, evidenceFile, options.onEvidence);
  if (!prepared.ok) return prepared;
  const { plan, evidence } = prepared.value;
  const data = options.readData ? await options.readData(plan, evidence) : NO_DATA;
  return { ok: true, value: withPositions(runCheck(plan, evidence, data, options), plan), warnings: prepared.warnings };
}
