/**
 * The pipeline, composed once: load → validate → (read data) → evaluate.
 * Commands call these; each step returns diagnostics instead of throwing.
 */
import type { Diagnostic } from './model/diagnostic.js';
import type { CheckResult, Evidence, Specification } from './model/types.js';
import { loadEvidence } from './load/evidence.js';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BUNDLED_RULES_DIR, loadImportClosure, resolveGivenImport, resolveImport, type ImportClosure, type ResolveNested } from './load/imports.js';
import { loadGivenLibrary, loadLibrary } from './load/library.js';
import { readAll, readFileMap, type EvidenceSource, type SpecificationSource, type TextSource } from './load/memory.js';
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
import { wholeDatasets } from './payments/packages.js';
import type { PoolBasis } from './model/types.js';
import { withPositions } from './locate.js';
import { withDefinitionHashes } from './compare/definition-hash.js';

export type Step<T> = { ok: true; value: T; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Load a specification and every library it imports (transitively, each once), then assemble the
 * plan. The specification is a path, or `{ name, content, files? }` in memory, whose relative
 * imports are among `files` (docs/api.md).
 */
export function preparePlan(spec: SpecificationSource): Step<Plan> {
  const loaded = loadSpecification(spec);
  if (!loaded.ok) return loaded;
  const closure = loadImportClosure(
    loaded.value.importSources,
    (file, shown, target) => (target.content === undefined ? loadLibrary(file, SNAPSHOT_DIR, shown) : loadGivenLibrary(target.content, shown)),
    BUNDLED_RULES_DIR,
    givenImports(spec, loaded.value.file),
  );
  if (!closure.ok) return closure;
  return assembleSpecification(loaded.value, closure.value);
}

/** How a library given in memory finds its own imports: among the files given with the specification. */
function givenImports(spec: SpecificationSource, specName: string): ResolveNested | undefined {
  if (typeof spec === 'string') return undefined;
  const files = readFileMap(spec.files, specName, false);
  const given = files.ok ? files.value : new Map<string, string>();
  return (request, from, field) =>
    from.content === undefined
      ? resolveImport(request, path.dirname(path.resolve(from.file)), field)
      : resolveGivenImport(request, path.posix.dirname(from.file), given, specName, field);
}

/**
 * Assemble a loaded specification with its import closure: the one call behind `check`, `validate`,
 * `lint` and `test`, so each refuses the same specifications with the same diagnostics.
 */
export function assembleSpecification(spec: Specification, closure: ImportClosure): Step<Plan> {
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
export function prepareCheck(spec: SpecificationSource, evidenceSource: EvidenceSource, onEvidence?: (evidence: Evidence) => void): Step<CheckInputs> {
  const evidence = loadEvidence(evidenceSource);
  if (evidence.ok) onEvidence?.(evidence.value);
  const plan = preparePlan(spec);
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
  /** The pool basis (`--pool-basis`): every provider's measure, for pool payments. A path, or `{ name, content }`. */
  poolBasis?: TextSource;
}

/**
 * The whole check, from its inputs to a result. Each input is a path, or its content in memory
 * (`{ name, content }`; the evidence with its datasets in `files`), read exactly as the file would be.
 */
export async function check(spec: SpecificationSource, evidenceSource: EvidenceSource, options: RunOptions = {}): Promise<Step<CheckResult>> {
  const prepared = prepareCheck(spec, evidenceSource, options.onEvidence);
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
export async function checkEvidence(plan: Plan, evidenceSource: EvidenceSource, options: RunOptions = {}): Promise<Step<CheckResult>> {
  const evidence = loadEvidence(evidenceSource);
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

async function evaluateEvidence(plan: Plan, given: Evidence, options: RunOptions, poolBasis: PoolBasis | undefined): Promise<CheckResult> {
  const evidence = await withWholeStreamsRead(plan, given);
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

/**
 * A stream given for a dataset that a payment reads whole (a gain share's care packages) is read
 * into bytes first: the gain share reads it after the data phase, and a stream can be read once.
 * Other streams are left for the data phase, which reads them as they come.
 */
async function withWholeStreamsRead(plan: Plan, evidence: Evidence): Promise<Evidence> {
  const whole = wholeDatasets(plan.payments?.payments ?? []);
  if (!evidence.datasets.some((d) => whole.has(d.kind) && d.content !== undefined && !(d.content instanceof Uint8Array))) return evidence;
  const datasets = await Promise.all(evidence.datasets.map(async (d) => {
    if (!whole.has(d.kind) || d.content === undefined || d.content instanceof Uint8Array) return d;
    try {
      return { ...d, content: await readAll(d.content) };
    } catch (error) {
      // The data phase reports the stream that could not be read, as an unreadable file; never its rest as if whole.
      return { ...d, content: new Readable({ read() { this.destroy(error instanceof Error ? error : new Error(String(error))); } }) };
    }
  }));
  return { ...evidence, datasets };
}
