/**
 * The pipeline, composed once: load → validate → (read data) → evaluate.
 * Commands call these; each step returns diagnostics instead of throwing.
 */
import type { Diagnostic } from './model/diagnostic.js';
import type { CheckResult, Evidence, Specification } from './model/types.js';
import { loadEvidence } from './load/evidence.js';
import { loadImportClosure, type ImportClosure } from './load/imports.js';
import { loadLibrary } from './load/library.js';
import { SNAPSHOT_DIR } from './load/library-snapshot.js';
import { loadSpecification } from './load/spec.js';
import { assemble, type Plan } from './validate/assemble.js';
import { knownRegions, regionDiagnostic } from './validate/regions.js';
import { runCheck, type CheckOptions } from './evaluate/check.js';
import type { DataEvidence } from './evaluate/context.js';
import { profilePreflight } from './data/reading/profile-preflight.js';
import { loadPoolBasis } from './payments/pool-basis.js';
import { paymentFactDiagnostics } from './payments/evidence.js';
import { buildStatement } from './payments/statement.js';
import type { PoolBasis } from './model/types.js';
import { withPositions } from './locate.js';
import { withDefinitionHashes } from './compare/definition-hash.js';

export type Step<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Load a specification and every library it imports (transitively, each once), then assemble the plan. */
export function preparePlan(specFile: string): Step<Plan> {
  const spec = loadSpecification(specFile);
  if (!spec.ok) return spec;
  const closure = loadImportClosure(spec.value.importSources, (file, shown) => loadLibrary(file, SNAPSHOT_DIR, shown));
  if (!closure.ok) return closure;
  return assembleStep(spec.value, closure.value);
}

function assembleStep(spec: Specification, closure: ImportClosure): Step<Plan> {
  const assembled = assemble(spec, closure.libraries, { indirect: closure.indirect });
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
  const refused = evidenceAgainstPlan(plan.value, evidence.value);
  if (refused.length > 0) return { ok: false, diagnostics: refused };
  return { ok: true, value: { plan: plan.value, evidence: evidence.value }, warnings: [...plan.warnings, ...evidence.warnings] };
}

/**
 * What makes evidence unusable with a plan before anything is read: an unknown region, a mapping
 * profile that disagrees with its dataset kind, a payment fact given as text. Each is exit 2.
 */
export function evidenceAgainstPlan(plan: Plan, evidence: Evidence): Diagnostic[] {
  const region = regionDiagnostic(evidence.provider.region, knownRegions(plan.parameters.values()), evidence.regionPosition, evidence.file);
  if (region) return [region];
  const profiles = profilePreflight(plan.datasetKinds, evidence);
  if (profiles.length > 0) return profiles;
  return paymentFactDiagnostics(plan, evidence);
}

export interface RunOptions extends CheckOptions {
  /**
   * Computes metrics and per-record outcomes from the evidence's datasets. Default: carespec's own
   * reader (loaded only when a check runs), at the run's reference date, so the library and the CLI
   * give the same result; pass `async () => NO_DATA` to check facts alone.
   */
  readData?: (plan: Plan, evidence: Evidence) => Promise<DataEvidence>;
  /** Told the evidence once it has loaded (see prepareCheck). */
  onEvidence?: (evidence: Evidence) => void;
  /** The pool basis file (`--pool-basis`): every provider's measure, for pool payments. */
  poolBasis?: string;
}

/** The whole check, from file paths to a result. */
export async function check(specFile: string, evidenceFile: string, options: RunOptions = {}): Promise<Step<CheckResult>> {
  const prepared = prepareCheck(specFile, evidenceFile, options.onEvidence);
  let poolBasis: PoolBasis | undefined;
  if (options.poolBasis !== undefined) {
    const loaded = loadPoolBasis(options.poolBasis);
    if (!loaded.ok) return { ok: false, diagnostics: [...(prepared.ok ? [] : prepared.diagnostics), ...loaded.diagnostics] };
    poolBasis = loaded.value;
  }
  if (!prepared.ok) return prepared;
  const { plan, evidence } = prepared.value;
  return { ok: true, value: await evaluateEvidence(plan, evidence, options, poolBasis), warnings: prepared.warnings };
}

/**
 * One provider's check against a plan already assembled: a portfolio, a server or a batch job loads
 * the specification once and checks many providers, concurrently if it likes. The plan is never
 * written to; everything one run decides lives in the run.
 */
export async function checkEvidence(plan: Plan, evidenceFile: string, options: RunOptions = {}): Promise<Step<CheckResult>> {
  const evidence = loadEvidence(evidenceFile);
  if (!evidence.ok) return evidence;
  options.onEvidence?.(evidence.value);
  const refused = evidenceAgainstPlan(plan, evidence.value);
  if (refused.length > 0) return { ok: false, diagnostics: refused };
  let poolBasis: PoolBasis | undefined;
  if (options.poolBasis !== undefined) {
    const loaded = loadPoolBasis(options.poolBasis);
    if (!loaded.ok) return loaded;
    poolBasis = loaded.value;
  }
  return { ok: true, value: await evaluateEvidence(plan, evidence.value, options, poolBasis), warnings: evidence.warnings };
}

async function evaluateEvidence(plan: Plan, evidence: Evidence, options: RunOptions, poolBasis: PoolBasis | undefined): Promise<CheckResult> {
  const readData = options.readData ?? (async (p: Plan, e: Evidence) => (await import('./data/index.js')).readDatasets(p, e, options.asOf === undefined ? {} : { asOf: options.asOf }));
  const data = await readData(plan, evidence);
  return withDefinitionHashes(withPositions(withPayments(runCheck(plan, evidence, data, options), plan, evidence, data, poolBasis), plan), plan);
}

/** The payment statement (issue #15) added to a result: additive, so a spec without payments gives the same result as before. */
export function withPayments(result: CheckResult, plan: Plan, evidence: Evidence, data: DataEvidence, poolBasis?: PoolBasis): CheckResult {
  const built = buildStatement(plan, evidence, data, result, poolBasis ? { poolBasis } : {});
  if (!built) return result;
  return {
    ...result,
    findings: [...result.findings, ...built.findings],
    inputs: poolBasis ? [...result.inputs, { role: 'pool-basis', path: poolBasis.file, sha256: poolBasis.sha256 }] : result.inputs,
    payments: built.statement,
  };
}
