/**
 * `carespec test`: every rule's inline examples (a pass example must give
 * `pass`, a fail example `fail`) and YAML test files (`carespec: rule-tests/1`),
 * evaluated by the same code as `check` (evaluateRule / runCheck), so a rule
 * that passes its tests behaves the same in a real check.
 */
import path from 'node:path';
import { truthy, type Evaluator } from '../logic/index.js';
import { readTextFile, displayPath } from '../load/files.js';
import { asList, asRaw } from '../load/rule.js';
import { parseYaml } from '../load/yaml.js';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type {
  Attestation, Evidence, Fact, JsonObject, JsonValue, RuleResult, RuleStatus, SourcePosition, Verdict, Waiver,
} from '../model/types.js';
import { runCheck } from '../evaluate/check.js';
import { readFacts, type EvaluationContext } from '../evaluate/context.js';
import { evaluateRule } from '../evaluate/rule.js';
import { decideVerdict } from '../evaluate/verdict.js';
import type { Plan, PlannedRule } from '../validate/assemble.js';
import { validateAgainst } from '../load/schema.js';
import { SourceIndex } from '../load/positions.js';
import { assembleLibrary, type Workspace } from './workspace.js';
import { assembleSpecification } from '../pipeline.js';

export interface Difference {
  field: string;
  expected: JsonValue;
  actual: JsonValue;
}

export interface CaseResult {
  /** The library, specification or test file the case comes from (display path). */
  suite: string;
  rule: string;
  name: string;
  position: SourcePosition;
  /** What the case expects, for coverage: the rule's status, when it names one. */
  expects: { rule: string; status: RuleStatus }[];
  ok: boolean;
  differences: Difference[];
  /** The rule's message (or the verdict) in the actual run, to help read a failure. */
  actualMessage?: string;
  /** The case's input, shown with a failure. */
  input: JsonValue;
}

export interface RuleCoverage {
  rule: string;
  file: string;
  position?: SourcePosition;
  passing: number;
  failing: number;
}

export interface TestRun {
  cases: CaseResult[];
  coverage: RuleCoverage[];
}

/** Evaluate one rule on a partial context, as its inline examples and `context:` cases are. */
export function runOnContext(plan: Plan, planned: PlannedRule, example: JsonObject): RuleResult {
  const provider = asRaw(example.provider) as JsonObject;
  const period = asRaw(example.period) as JsonObject;
  const region = typeof provider.region === 'string' ? provider.region : 'default';
  // Parameters resolve at the period end when the example gives one, else at their latest value.
  const asOf = typeof period.end === 'string' ? period.end : '9999-12-31';
  // Facts are read as check reads them (types, enum values, ranges), so a case cannot pass what check would refuse.
  const { facts, problems } = readFacts(asRaw(example.facts) as Record<string, JsonValue>, plan.facts);
  const data: JsonObject = {
    provider,
    period,
    facts,
    attestations: asRaw(example.attestations) as JsonObject,
    metrics: asRaw(example.metrics) as JsonObject,
  };
  if (example.row !== undefined) data.row = example.row;
  const context: EvaluationContext = {
    data,
    sourceOf: () => 'example',
    reasonMissing: (path) => (path.startsWith('facts.') ? problems.get(path.slice('facts.'.length)) : undefined),
  };

  let target = planned;
  if (planned.rule.per_record) {
    // A per-record rule's test runs on the one row; a row outside the rule's `where` is not in scope.
    const { per_record: _perRecord, ...rule } = planned.rule;
    const applies = planned.appliesWhen;
    const where = planned.where;
    const scope: Evaluator | undefined =
      applies || where ? (d, tracer) => (applies ? truthy(applies(d, tracer)) : true) && (where ? truthy(where(d, tracer)) : true) : undefined;
    const { appliesWhen: _a, where: _w, ...rest } = planned;
    target = { ...rest, rule, ...(scope ? { appliesWhen: scope } : {}) };
  }
  return evaluateRule(target, { plan, context, waivers: [], asOf, region });
}

// ---------------------------------------------------------------------------
// Inline examples
// ---------------------------------------------------------------------------

/** Run the inline examples of the rules `plan` selects whose origin is `origin`. */
export function runExamples(plan: Plan, origin: string, file: string, sources: SourceIndex = new SourceIndex([...plan.libraries, plan.spec])): CaseResult[] {
  const results: CaseResult[] = [];
  for (const planned of plan.rules) {
    const { rule } = planned;
    if (rule.origin !== origin) continue;
    for (const expected of ['pass', 'fail'] as const) {
      rule.examples[expected].forEach((example, i) => {
        const actual = runOnContext(plan, planned, example);
        const differences: Difference[] = actual.status === expected ? [] : [{ field: 'status', expected, actual: actual.status }];
        results.push({
          suite: displayPath(file),
          rule: rule.id,
          name: `examples.${expected}[${i}]`,
          position: sources.inRule(file, rule.id, ['examples', expected, i], rule.position),
          expects: [{ rule: rule.id, status: expected }],
          ok: differences.length === 0,
          differences,
          actualMessage: actual.message,
          input: example,
        });
      });
    }
  }
  return results;
}

/** Plans for libraries (with what they import, or the siblings they depend on) and specifications, built once. */
export class Plans {
  private readonly cache = new Map<string, Outcome<Plan>>();
  constructor(private readonly workspace: Workspace) {}

  library(file: string): Outcome<Plan> {
    const key = `library:${path.resolve(file)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const library = this.workspace.library(file);
    const context = this.workspace.context(file);
    let outcome: Outcome<Plan>;
    if (!library.ok) outcome = library;
    else if (!context.ok) outcome = context;
    else {
      const assembled = assembleLibrary(library.value, context.value);
      outcome = assembled.ok ? { ok: true, value: assembled.plan, warnings: assembled.warnings } : assembled;
    }
    this.cache.set(key, outcome);
    return outcome;
  }

  spec(file: string): Outcome<Plan> {
    const key = `spec:${path.resolve(file)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const spec = this.workspace.spec(file);
    let outcome: Outcome<Plan>;
    if (!spec.ok) outcome = spec;
    else {
      const imports = this.workspace.imports(spec.value);
      if (!imports.ok) outcome = imports;
      else outcome = assembleSpecification(spec.value, imports.value);
    }
    this.cache.set(key, outcome);
    return outcome;
  }
}

// ---------------------------------------------------------------------------
// YAML test files
// ---------------------------------------------------------------------------

interface TestCase {
  name: string;
  rule?: string;
  library?: string;
  spec?: string;
  asOf?: string;
  context?: JsonObject;
  evidence?: JsonObject;
  expected: {
    status?: RuleStatus;
    verdict?: Verdict;
    statuses?: Record<string, RuleStatus>;
    message?: string;
    values?: Record<string, JsonValue>;
  };
  index: number;
}

/** Read a rule-tests file: strict YAML, then its schema. */
export function loadTestFile(file: string): Outcome<{ cases: TestCase[]; shown: string; locate: (p: (string | number)[]) => SourcePosition }> {
  const read = readTextFile(file);
  if (!read.ok) return read;
  const shown = displayPath(file);
  const parsed = parseYaml(read.value.text, shown);
  if (!parsed.ok) return parsed;
  const errors = validateAgainst('rule-tests', parsed.value);
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const raw = asRaw(parsed.value.value);
  const dir = path.dirname(path.resolve(file));
  const resolve = (p: JsonValue | undefined) => (typeof p === 'string' ? path.resolve(dir, p) : undefined);
  const cases = asList(raw.cases).map((entry, index): TestCase => {
    const c = asRaw(entry);
    const expected = asRaw(c.expected);
    const library = resolve(c.library) ?? (c.spec === undefined ? resolve(raw.library) : undefined);
    const spec = resolve(c.spec) ?? (c.library === undefined ? resolve(raw.spec) : undefined);
    return {
      name: String(c.name),
      index,
      ...(c.rule === undefined ? {} : { rule: String(c.rule) }),
      ...(library === undefined ? {} : { library }),
      ...(spec === undefined ? {} : { spec }),
      ...(c.as_of === undefined ? {} : { asOf: String(c.as_of) }),
      ...(c.context === undefined ? {} : { context: asRaw(c.context) as JsonObject }),
      ...(c.evidence === undefined ? {} : { evidence: asRaw(c.evidence) as JsonObject }),
      expected: {
        ...(expected.status === undefined ? {} : { status: expected.status as RuleStatus }),
        ...(expected.verdict === undefined ? {} : { verdict: expected.verdict as Verdict }),
        ...(expected.statuses === undefined ? {} : { statuses: asRaw(expected.statuses) as Record<string, RuleStatus> }),
        ...(expected.message === undefined ? {} : { message: String(expected.message) }),
        ...(expected.values === undefined ? {} : { values: asRaw(expected.values) }),
      },
    };
  });
  const yaml = parsed.value;
  return { ok: true, warnings: [], value: { cases, shown, locate: (p) => ({ file: shown, ...yaml.locate(p) }) } };
}

/** An inline evidence manifest (already schema-checked) as the model's Evidence. */
function toEvidence(raw: JsonObject, file: string): Evidence {
  const facts: Record<string, Fact> = {};
  for (const [name, entry] of Object.entries(asRaw(raw.facts))) {
    const fact = asRaw(entry);
    const source = asRaw(fact.source);
    facts[name] = { name, value: (fact.value ?? null) as JsonValue, source: { document: String(source.document ?? 'test case') } };
  }
  const attestations: Record<string, Attestation> = {};
  for (const [id, entry] of Object.entries(asRaw(raw.attestations))) {
    const a = asRaw(entry);
    const signer = asRaw(a.signed_by);
    attestations[id] = { id, statement: String(a.statement), signed_by: { name: String(signer.name), role: String(signer.role) }, signed_on: String(a.signed_on) };
  }
  const waivers: Waiver[] = asList(raw.waivers).map((entry) => {
    const w = asRaw(entry);
    return { rule: String(w.rule), justification: String(w.justification), approved_by: String(w.approved_by), approved_on: String(w.approved_on), expires: String(w.expires) };
  });
  const period = asRaw(raw.period);
  return {
    provider: asRaw(raw.provider) as unknown as Evidence['provider'],
    period: { start: String(period.start), end: String(period.end) },
    facts,
    attestations,
    waivers,
    datasets: [],
    file,
    sha256: '',
    pseudonymSeed: '', // inline test evidence has no datasets, so nothing is pseudonymised
  };
}

/** Run the cases of one test file. Cases whose library or spec cannot be loaded report diagnostics. */
export function runTestFile(file: string, plans: Plans): Outcome<{ cases: CaseResult[]; targets: { kind: 'spec' | 'library'; file: string }[] }> {
  const loaded = loadTestFile(file);
  if (!loaded.ok) return loaded;
  const { cases, shown, locate } = loaded.value;
  const results: CaseResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const targets: { kind: 'spec' | 'library'; file: string }[] = [];
  for (const c of cases) {
    if (c.spec) targets.push({ kind: 'spec', file: c.spec });
    else if (c.library) targets.push({ kind: 'library', file: c.library });
    const position = locate(['cases', c.index]);
    const plan = c.spec ? plans.spec(c.spec) : c.library ? plans.library(c.library) : undefined;
    if (!plan) {
      diagnostics.push({ code: 'rule-tests/target', message: `Case "${c.name}" names no library or spec (set one on the case or at the top of the file)`, severity: 'error', file: shown, line: position.line, column: position.column });
      continue;
    }
    if (!plan.ok) {
      diagnostics.push(...plan.diagnostics);
      continue;
    }
    results.push(runCase(c, plan.value, shown, position));
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, value: { cases: results, targets }, warnings: [] };
}

function runCase(c: TestCase, plan: Plan, suite: string, position: SourcePosition): CaseResult {
  let results: RuleResult[];
  let verdict: Verdict;
  const input: JsonValue = (c.context ?? c.evidence ?? {}) as JsonValue;
  if (c.evidence) {
    const check = runCheck(plan, toEvidence(c.evidence, suite), undefined, c.asOf ? { asOf: c.asOf } : {});
    results = check.rules;
    verdict = check.verdict;
  } else {
    results = plan.rules.filter((p) => c.rule === undefined || p.rule.id === c.rule).map((p) => runOnContext(plan, p, c.context ?? {}));
    verdict = decideVerdict(results, plan.spec.verdictPolicy, plan.spec.verdictGate).verdict;
  }
  const differences: Difference[] = [];
  const { expected } = c;
  const target = c.rule === undefined ? undefined : results.find((r) => r.id === c.rule);
  if (c.rule !== undefined && !target) {
    differences.push({ field: 'rule', expected: c.rule, actual: `not selected by ${plan.spec.file}` });
  }
  if (target) {
    if (expected.status !== undefined && target.status !== expected.status) differences.push({ field: 'status', expected: expected.status, actual: target.status });
    if (expected.message !== undefined && !target.message.includes(expected.message)) differences.push({ field: 'message', expected: `…${expected.message}…`, actual: target.message });
    for (const [key, want] of Object.entries(expected.values ?? {})) {
      const got = valueOf(target, key);
      if (!sameJson(want, got)) differences.push({ field: `values.${key}`, expected: want, actual: got ?? null });
    }
  }
  if (expected.verdict !== undefined && verdict !== expected.verdict) differences.push({ field: 'verdict', expected: expected.verdict, actual: verdict });
  for (const [id, want] of Object.entries(expected.statuses ?? {})) {
    const got = results.find((r) => r.id === id)?.status ?? 'not selected';
    if (got !== want) differences.push({ field: `statuses.${id}`, expected: want, actual: got });
  }
  const expects = [
    ...(c.rule !== undefined && expected.status !== undefined ? [{ rule: c.rule, status: expected.status }] : []),
    ...Object.entries(expected.statuses ?? {}).map(([rule, status]) => ({ rule, status })),
  ];
  return {
    suite,
    rule: c.rule ?? plan.spec.id,
    name: c.name,
    position,
    expects,
    ok: differences.length === 0,
    differences,
    actualMessage: target ? target.message : `verdict ${verdict}`,
    input,
  };
}

/** `params.x` → the resolved parameter's value; `missing` → the absent paths; anything else → the value seen at that path. */
function valueOf(result: RuleResult, key: string): JsonValue | undefined {
  if (key === 'missing') return result.missing;
  if (key === 'message') return result.message;
  if (key.startsWith('params.')) return result.parameters.find((p) => p.name === key.slice('params.'.length))?.value;
  return result.seen.find((s) => s.path === key)?.value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------

/** For every rule under test, how many cases expect it to pass and to fail. */
export function coverageOf(rules: readonly { rule: string; file: string; position?: SourcePosition }[], cases: readonly CaseResult[]): RuleCoverage[] {
  return rules.map((r) => {
    const expects = cases.flatMap((c) => c.expects).filter((e) => e.rule === r.rule);
    return {
      ...r,
      passing: expects.filter((e) => e.status === 'pass').length,
      failing: expects.filter((e) => e.status === 'fail').length,
    };
  });
}
