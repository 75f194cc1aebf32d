/**
 * The object a rule's JSON Logic sees, built from the evidence, and the map
 * from each readable path back to where its value came from.
 */
import type { Evidence, FailedLines, FactDeclaration, Finding, InputHash, JsonObject, JsonValue, ResolvedParameter } from '../model/types.js';

/** Metrics and per-record outcomes computed from datasets before evaluation. */
export interface MetricValue {
  value: number | null;
  /** Values per month or quarter, for `every_window` rules. */
  windows?: { label: string; value: number | null }[];
  /** Where it came from, e.g. `data/visits.csv (12,345 rows)`. */
  source: string;
  /** Why it has no value, e.g. the dataset does not cover the period. */
  reason?: string;
}

export interface RecordOutcome {
  checked: number;
  failed: number;
  failures: { file: string; line: number; values: Record<string, JsonValue> }[];
  /** Every failing line, file by file (failures above holds details of the first ones only). */
  failedLines?: FailedLines[];
  /** Parameter values the rows resolved (a row-dated parameter can meet several). */
  parameters?: ResolvedParameter[];
  /** Set when the rule could not be checked (no usable dataset). */
  reason?: string;
  /** Set when the rule's logic failed on a row (e.g. division by zero): the rule is an error, not unevidenced. */
  error?: string;
  source?: string;
}

export interface DataEvidence {
  metrics: ReadonlyMap<string, MetricValue>;
  records: ReadonlyMap<string, RecordOutcome>;
  /** Hashes of the dataset files (and mapping profiles) that were read. */
  inputs: readonly InputHash[];
  /** Findings about the data itself: malformed rows, contradictions with declarations. */
  findings: readonly Finding[];
}


export const NO_DATA: DataEvidence = { metrics: new Map(), records: new Map(), inputs: [], findings: [] };

/** The value at a dotted path, own properties only (never a prototype); undefined when absent. */
export function readPath(data: JsonValue, path: string): JsonValue | undefined {
  let node: unknown = data;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node as JsonValue | undefined;
}

export interface EvaluationContext {
  data: JsonObject;
  /** Path prefix (e.g. `facts.cqc_rating`) → human-readable source. */
  sourceOf(path: string): string | undefined;
  /** Why a path has no value, when something more specific than "absent" is known. */
  reasonMissing(path: string): string | undefined;
  /** A metric's values per month or quarter, for `every_window` rules (undefined when not windowed). */
  windowsOf?(metric: string): readonly { label: string; value: number | null }[] | undefined;
}

/**
 * Why a fact's value cannot stand for its declared type, or undefined when it can.
 *
 * Hardening: JSON Logic coerces, so without this a text value could pass a
 * numeric test (`"1e400" >= 13.85` and `"Infinity" >= 13.85` are true) and the
 * text "false" is truthy. A value of the wrong type is treated as absent, so
 * the rules that read it are not_evidenced with this reason, never pass.
 */
export function factTypeProblem(value: JsonValue, declaration: FactDeclaration | undefined): string | undefined {
  const read = readFact(value, declaration);
  return 'problem' in read ? read.problem : undefined;
}

/**
 * A fact's value as its declaration says to read it: an enum value is matched
 * after trimming and case-folding and given back as declared (" good " → "Good");
 * a value outside the declared values, a percent outside 0–100, or a value of
 * the wrong type is a problem, never a value.
 */
export function readFact(value: JsonValue, declaration: FactDeclaration | undefined): { value: JsonValue } | { problem: string } {
  const problem = typeProblem(value, declaration);
  if (problem !== undefined) return { problem };
  if (!declaration || value === null) return { value };
  if (declaration.type === 'enum' && declaration.values && typeof value === 'string') {
    const folded = value.trim().toLocaleLowerCase('en-GB');
    const match = declaration.values.find((v) => v.toLocaleLowerCase('en-GB') === folded);
    if (match === undefined) return { problem: `fact "${declaration.name}": ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} is not one of ${declaration.values.join(', ')}` };
    return { value: match };
  }
  if (declaration.type === 'percent' && typeof value === 'number' && (value < 0 || value > 100)) {
    return { problem: `fact "${declaration.name}" is ${value} %, outside 0–100 %` };
  }
  return { value };
}

/** Every fact read as declared: the values that stand, and why the others do not. */
export function readFacts(values: Readonly<Record<string, JsonValue>>, declarations?: ReadonlyMap<string, FactDeclaration>): { facts: JsonObject; problems: Map<string, string> } {
  const facts: JsonObject = {};
  const problems = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    const read = readFact(value, declarations?.get(name));
    if ('problem' in read) problems.set(name, read.problem);
    else facts[name] = read.value;
  }
  return { facts, problems };
}

function typeProblem(value: JsonValue, declaration: FactDeclaration | undefined): string | undefined {
  if (!declaration || value === null) return undefined;
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value);
  const wrong = (expected: string) => `fact "${declaration.name}" is ${shown}, expected ${expected} (its declared type is ${declaration.type})`;
  switch (declaration.type) {
    case 'number':
    case 'percent':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : wrong('a number');
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : wrong('a whole number');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrong('true or false');
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? undefined : wrong('a real date (YYYY-MM-DD)');
    case 'string':
    case 'enum':
      return typeof value === 'string' ? undefined : wrong('text');
    case 'list':
      return Array.isArray(value) ? undefined : wrong('a list');
    default:
      return undefined;
  }
}

/**
 * `today` is the date of the run: an attestation is normally signed after the period it covers, but
 * one dated after the day it is checked has not been signed yet, so it does not count.
 */
export function buildContext(evidence: Evidence, data: DataEvidence = NO_DATA, declarations?: ReadonlyMap<string, FactDeclaration>, today: string = new Date().toISOString().slice(0, 10)): EvaluationContext {
  const { facts, problems: typeProblems } = readFacts(Object.fromEntries(Object.entries(evidence.facts).map(([name, fact]) => [name, fact.value])), declarations);
  const attestations: JsonObject = {};
  const unsigned = new Map<string, string>();
  for (const [id, a] of Object.entries(evidence.attestations)) {
    if (a.signed_on > today) unsigned.set(id, `attestation "${id}" is dated ${a.signed_on}, after the day of this check (${today}): it is not signed yet`);
    else attestations[id] = true;
  }
  const metrics: JsonObject = {};
  for (const [name, metric] of data.metrics) if (metric.value !== null) metrics[name] = metric.value;
  const provider: JsonObject = {};
  for (const [key, value] of Object.entries(evidence.provider)) if (value !== undefined) provider[key] = value;

  const sourceOf = (path: string): string | undefined => {
    const [root, name] = path.split('.');
    if (!name) return root === 'provider' || root === 'period' ? evidence.file : undefined;
    if (root === 'facts') {
      const fact = Object.hasOwn(evidence.facts, name) ? evidence.facts[name] : undefined;
      if (!fact?.source) return undefined;
      return [fact.source.document, fact.source.locator, fact.source.url].filter(Boolean).join(', ');
    }
    if (root === 'attestations') {
      const a = Object.hasOwn(evidence.attestations, name) ? evidence.attestations[name] : undefined;
      return a ? `attestation signed by ${a.signed_by.name} (${a.signed_by.role}) on ${a.signed_on}` : undefined;
    }
    if (root === 'metrics') return data.metrics.get(name)?.source;
    if (root === 'provider' || root === 'period') return evidence.file;
    return undefined;
  };
  const reasonMissing = (path: string): string | undefined => {
    const [root, name] = path.split('.');
    if (root === 'metrics' && name) {
      const metric = data.metrics.get(name);
      return metric?.reason ?? (metric ? undefined : `no dataset provides metric "${name}"`);
    }
    // Only the fact itself can be "declared but without a value"; a missing sub-path (facts.x.y) of a
    // fact that has a value is just absent (hardening: the old message blamed the fact).
    if (root === 'facts' && name && typeProblems.has(name)) return typeProblems.get(name);
    if (root === 'attestations' && name && unsigned.has(name)) return unsigned.get(name);
    if (root === 'facts' && name && path === `facts.${name}` && Object.hasOwn(evidence.facts, name)) return `fact "${name}" is declared but has no value`;
    return undefined;
  };
  return {
    data: { provider, period: { start: evidence.period.start, end: evidence.period.end }, facts, attestations, metrics },
    sourceOf,
    reasonMissing,
    windowsOf: (name: string) => data.metrics.get(name)?.windows,
  };
}
