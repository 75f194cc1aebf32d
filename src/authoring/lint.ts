/**
 * `carespec lint`: checks beyond the schema. Each problem has a stable code
 * (documented in docs/authoring.md), a position and a message. Lint never
 * stops at the first problem: it reads every file, declares nothing itself,
 * and reports what assemble() would refuse as well as what it would let by.
 */
import path from 'node:path';
import { compile, isConstant, LogicError, STANDARD_OPERATIONS, truthy } from '../logic/index.js';
import type { Diagnostic, DiagnosticSeverity } from '../model/diagnostic.js';
import type {
  DatasetKind, Evidence, FactDeclaration, Group, Logic, Metric, Parameter, Rule, RuleLibrary, SourcePosition, Specification,
} from '../model/types.js';
import { CARESPEC_OPERATIONS, createOperations, createRuntime } from '../runtime/operations.js';
import { buildParameterTable } from '../runtime/parameters.js';
import { operationsIn, paramsIn, templatePaths, varsIn, type LogicPath } from './logic-walk.js';
import { SourceIndex } from './sources.js';
import type { Workspace } from './workspace.js';

/** Every lint code, its severity and what it means (docs/authoring.md has the same table). */
export const LINT_CODES = {
  'lint/unknown-variable': { severity: 'error', summary: 'a rule or metric reads a fact, metric, column or path nobody declares' },
  'lint/unknown-dataset': { severity: 'error', summary: 'a per-record rule, metric or evidence dataset names an undeclared dataset kind' },
  'lint/unknown-parameter': { severity: 'error', summary: 'a rule resolves a parameter no library or specification declares' },
  'lint/parameter-no-value': { severity: 'error', summary: 'a parameter a selected rule reads has no value in force at the start of the contract period (for some region)' },
  'lint/unused-parameter': { severity: 'warning', summary: 'a parameter (or specification override) that no rule or metric reads' },
  'lint/duplicate-rule': { severity: 'error', summary: 'the same rule id is defined twice (in one library, across libraries, or in the specification)' },
  'lint/duplicate-declaration': { severity: 'error', summary: 'a dataset kind, metric or parameter is declared by two libraries a specification imports' },
  'lint/unknown-rule': { severity: 'error', summary: 'a clause, tailoring, group or waiver names a rule that does not exist' },
  'lint/unknown-selection': { severity: 'error', summary: 'a `select.include` / `select.exclude` pattern names no rule' },
  'lint/clause-without-rule': { severity: 'warning', summary: 'a numbered clause with no sub-clauses states a requirement ("shall", "must", …) but carries no rule' },
  'lint/rule-without-clause': { severity: 'warning', summary: 'a rule selected by a specification is carried by no clause' },
  'lint/unknown-operation': { severity: 'error', summary: 'JSON Logic uses an operation that is neither standard nor carespec\'s' },
  'lint/invalid-logic': { severity: 'error', summary: 'JSON Logic that does not compile for another reason (too deep, too large, malformed)' },
  'lint/constant-test': { severity: 'error', summary: 'a rule\'s test reads nothing, so it is always true (can never fail) or always false' },
  'lint/no-failing-example': { severity: 'warning', summary: 'a rule without `examples.fail`: nobody has seen it fail' },
  'lint/no-passing-example': { severity: 'warning', summary: 'a rule without `examples.pass`' },
  'lint/unknown-reference': { severity: 'warning', summary: 'a rule or parameter cites a reference id its library does not list' },
  'lint/undeclared-fact': { severity: 'warning', summary: 'an evidence manifest gives a fact no library declares (a typo, or evidence nothing reads)' },
} as const satisfies Record<string, { severity: DiagnosticSeverity; summary: string }>;

export type LintCode = keyof typeof LINT_CODES;

const KNOWN_OPERATIONS: ReadonlySet<string> = new Set([...STANDARD_OPERATIONS, ...CARESPEC_OPERATIONS]);
/** Words that make a clause a requirement rather than information (as in RFC 2119 and UK tender documents). */
const NORMATIVE = /\b(shall|must|is required to|are required to|will ensure)\b/i;
const ALWAYS_KNOWN_ROOTS = new Set(['provider', 'period', 'attestations']);

/** What a rule may read: the declarations in scope. */
interface Scope {
  facts: ReadonlyMap<string, FactDeclaration>;
  metrics: ReadonlyMap<string, Metric>;
  datasets: ReadonlyMap<string, DatasetKind>;
  parameters: ReadonlySet<string>;
  /** Says where declarations were looked for, for messages. */
  where: string;
}

export interface LintTargets {
  libraries: RuleLibrary[];
  specs: Specification[];
  evidence: Evidence[];
}

class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly keys = new Set<string>();
  report(code: LintCode, message: string, at: SourcePosition, field?: string): void {
    const d: Diagnostic = { code, message, severity: LINT_CODES[code].severity, file: at.file, line: at.line, column: at.column, ...(field ? { field } : {}) };
    const key = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.diagnostics.push(d);
  }
}

/** Lint libraries, specifications and evidence manifests; `workspace` supplies their context. */
export function lint(targets: LintTargets, workspace: Workspace): Diagnostic[] {
  const sources = new SourceIndex();
  const out = new Reporter();
  const allSpecs = targets.specs;

  for (const library of targets.libraries) {
    const siblings = workspace.siblings(library.file);
    const context = siblings.some((s) => s.file === library.file) ? siblings : [library, ...siblings];
    lintLibrary(library, context, allSpecs, sources, out);
  }
  for (const spec of targets.specs) {
    const imports = workspace.imports(spec);
    if (imports.ok) lintSpecification(spec, imports.value, sources, out);
  }
  const universe = uniqueLibraries([
    ...targets.libraries.flatMap((l) => workspace.siblings(l.file)),
    ...targets.specs.flatMap((s) => {
      const imports = workspace.imports(s);
      return imports.ok ? imports.value : [];
    }),
  ]);
  for (const evidence of targets.evidence) lintEvidence(evidence, universe, targets.specs, sources, out);

  return out.diagnostics.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

function uniqueLibraries(libraries: readonly RuleLibrary[]): RuleLibrary[] {
  const byFile = new Map<string, RuleLibrary>();
  for (const l of libraries) if (!byFile.has(l.file)) byFile.set(l.file, l);
  return [...byFile.values()];
}

function scopeOf(libraries: readonly RuleLibrary[], overrides: readonly Parameter[], where: string, specFacts: readonly FactDeclaration[] = []): Scope {
  const facts = new Map<string, FactDeclaration>();
  const metrics = new Map<string, Metric>();
  const datasets = new Map<string, DatasetKind>();
  const parameters = new Set<string>();
  for (const library of libraries) {
    for (const f of library.facts) if (!facts.has(f.name)) facts.set(f.name, f);
    for (const m of library.metrics) if (!metrics.has(m.name)) metrics.set(m.name, m);
    for (const d of library.datasets) if (!datasets.has(d.name)) datasets.set(d.name, d);
    for (const p of library.parameters) parameters.add(p.name);
  }
  for (const o of overrides) parameters.add(o.name);
  for (const f of specFacts) if (!facts.has(f.name)) facts.set(f.name, f);
  return { facts, metrics, datasets, parameters, where };
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

interface RuleLogicField {
  key: readonly string[];
  logic: Logic | undefined;
}

function logicFields(rule: Rule): RuleLogicField[] {
  return [
    { key: ['test'], logic: rule.test },
    { key: ['applies_when'], logic: rule.applies_when },
    { key: ['per_record', 'where'], logic: rule.per_record?.where },
  ];
}

/** The parameter names a rule reads, in its logic and its messages. */
export function parametersReadBy(rule: Rule): string[] {
  const names = new Set<string>();
  for (const field of logicFields(rule)) for (const p of paramsIn(field.logic)) names.add(p.name);
  for (const template of [rule.messages.pass, rule.messages.fail]) {
    for (const p of templatePaths(template)) if (p.startsWith('params.')) names.add(p.slice('params.'.length));
  }
  return [...names];
}

function metricParameters(metric: Metric): string[] {
  return [...paramsIn(metric.where), ...paramsIn(metric.match)].map((p) => p.name);
}

/** Describe what is wrong with reading `name`, or undefined when it is fine. */
function variableProblem(name: string, scope: Scope, row: { dataset: DatasetKind | undefined; datasetName: string } | undefined): string | undefined {
  const [root, key] = name.split('.');
  if (root === undefined || ALWAYS_KNOWN_ROOTS.has(root)) return undefined;
  if (root === 'facts') {
    if (!key) return `Unexpected variable "${name}", expected facts.<name>`;
    return scope.facts.has(key) ? undefined : `Unexpected variable "${name}": ${scope.where} declare no fact "${key}"${suggest(key, scope.facts.keys())}`;
  }
  if (root === 'metrics') {
    if (!key) return `Unexpected variable "${name}", expected metrics.<name>`;
    return scope.metrics.has(key) ? undefined : `Unexpected variable "${name}": ${scope.where} declare no metric "${key}"${suggest(key, scope.metrics.keys())}`;
  }
  if (root === 'row') {
    if (!row) return `Unexpected variable "${name}": only per-record rules read a row`;
    if (!row.dataset || !key) return undefined; // the unknown dataset is reported on its own
    return Object.hasOwn(row.dataset.columns, key) ? undefined : `Unexpected variable "${name}": dataset "${row.datasetName}" has no column "${key}"${suggest(key, Object.keys(row.dataset.columns))}`;
  }
  return `Unexpected variable "${name}", expected a path under provider, period, facts, attestations or metrics${row ? ', or row' : ''}`;
}

function suggest(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Checks one rule in its scope: operations, reads, parameters, constant tests, examples, references. */
function lintRule(rule: Rule, at: (sub: LogicPath) => SourcePosition, scope: Scope, references: ReadonlySet<string> | undefined, out: Reporter): void {
  const row = rule.per_record ? { dataset: scope.datasets.get(rule.per_record.dataset), datasetName: rule.per_record.dataset } : undefined;

  if (rule.per_record && !row?.dataset) {
    out.report('lint/unknown-dataset', `Unexpected dataset "${rule.per_record.dataset}" in rule "${rule.id}": ${scope.where} declare no such dataset kind${suggest(rule.per_record.dataset, scope.datasets.keys())}`, at(['per_record', 'dataset']));
  }

  for (const field of logicFields(rule)) {
    if (field.logic === undefined) continue;
    let compiles = true;
    for (const use of operationsIn(field.logic)) {
      if (!KNOWN_OPERATIONS.has(use.op)) {
        compiles = false;
        out.report('lint/unknown-operation', `Unexpected operation "${use.op}" in rule "${rule.id}" ${field.key.join('.')}, expected a JSON Logic or carespec operation${suggest(use.op, KNOWN_OPERATIONS)}`, at([...field.key, ...use.path]));
      }
    }
    if (compiles) {
      try {
        compile(field.logic, { operations: createOperations(new Map(), createRuntime()) });
      } catch (e) {
        if (!(e instanceof LogicError)) throw e;
        out.report('lint/invalid-logic', `Rule "${rule.id}" ${field.key.join('.')}${e.pointer}: ${e.message}`, at(field.key));
      }
    }
    for (const v of varsIn(field.logic)) {
      const problem = variableProblem(v.name, scope, row);
      if (problem) out.report('lint/unknown-variable', problem, at([...field.key, ...v.path]));
    }
    for (const p of paramsIn(field.logic)) {
      if (!scope.parameters.has(p.name)) {
        out.report('lint/unknown-parameter', `Unexpected parameter "${p.name}" in rule "${rule.id}": ${scope.where} declare no such parameter${suggest(p.name, scope.parameters)}`, at([...field.key, ...p.path]));
      }
    }
  }

  rule.requires.forEach((name, i) => {
    const problem = variableProblem(name, scope, row);
    if (problem) out.report('lint/unknown-variable', problem, at(['requires', i]));
  });
  for (const key of ['pass', 'fail'] as const) {
    for (const name of templatePaths(rule.messages[key])) {
      if (name.startsWith('params.')) {
        const param = name.slice('params.'.length);
        if (!scope.parameters.has(param)) {
          out.report('lint/unknown-parameter', `Unexpected parameter "${param}" in the ${key} message of rule "${rule.id}": ${scope.where} declare no such parameter${suggest(param, scope.parameters)}`, at(['messages', key]));
        }
        continue;
      }
      const problem = variableProblem(name, scope, row);
      if (problem) out.report('lint/unknown-variable', `${problem} (in the ${key} message)`, at(['messages', key]));
    }
  }

  if (isConstant(rule.test)) {
    let value: unknown;
    try {
      value = compile(rule.test)({});
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      const always = truthy(value);
      out.report(
        'lint/constant-test',
        `Rule "${rule.id}" has a test that reads no evidence, so it is always ${always ? 'true: it can never fail' : 'false: it can never pass'}; expected a test over facts, metrics, attestations or a row`,
        at(['test']),
      );
    }
  }

  if (rule.examples.fail.length === 0) {
    out.report('lint/no-failing-example', `Rule "${rule.id}" has no failing example; add examples.fail so the test command shows it can fail`, at(rule.examples.pass.length > 0 ? ['examples'] : []));
  }
  if (rule.examples.pass.length === 0) {
    out.report('lint/no-passing-example', `Rule "${rule.id}" has no passing example; add examples.pass`, at(rule.examples.fail.length > 0 ? ['examples'] : []));
  }

  if (references) {
    rule.references.forEach((ref, i) => {
      if (!references.has(ref)) out.report('lint/unknown-reference', `Unexpected reference "${ref}" in rule "${rule.id}": the library lists no reference with that id${suggest(ref, references)}`, at(['references', i]));
    });
  }
}

function lintMetric(metric: Metric, library: RuleLibrary, scope: Scope, sources: SourceIndex, out: Reporter): void {
  const file = path.resolve(library.file);
  const at = (sub: LogicPath) => sources.at(file, ['metrics', metric.name, ...sub], metric.position);
  const dataset = scope.datasets.get(metric.dataset);
  if (!dataset) {
    out.report('lint/unknown-dataset', `Unexpected dataset "${metric.dataset}" in metric "${metric.name}": ${scope.where} declare no such dataset kind${suggest(metric.dataset, scope.datasets.keys())}`, at(['dataset']));
  }
  const column = (name: string, sub: LogicPath) => {
    if (dataset && !Object.hasOwn(dataset.columns, name)) {
      out.report('lint/unknown-variable', `Unexpected column "${name}" in metric "${metric.name}": dataset "${metric.dataset}" has no such column${suggest(name, Object.keys(dataset.columns))}`, at(sub));
    }
  };
  for (const key of ['column', 'group_by', 'distinct'] as const) {
    const name = metric[key];
    if (name !== undefined) column(name, [key]);
  }
  for (const key of ['where', 'match'] as const) {
    const logic = metric[key];
    if (logic === undefined) continue;
    for (const use of operationsIn(logic)) {
      if (!KNOWN_OPERATIONS.has(use.op)) {
        out.report('lint/unknown-operation', `Unexpected operation "${use.op}" in metric "${metric.name}" ${key}, expected a JSON Logic or carespec operation${suggest(use.op, KNOWN_OPERATIONS)}`, at([key, ...use.path]));
      }
    }
    for (const v of varsIn(logic)) {
      // A metric's logic reads the row itself: `{"var": "status"}` (a `row.` prefix is tolerated).
      const name = v.name.startsWith('row.') ? v.name.slice(4) : v.name;
      column(name.split('.')[0]!, [key, ...v.path]);
    }
    for (const p of paramsIn(logic)) {
      if (!scope.parameters.has(p.name)) out.report('lint/unknown-parameter', `Unexpected parameter "${p.name}" in metric "${metric.name}": ${scope.where} declare no such parameter`, at([key, ...p.path]));
    }
  }
}

function lintGroups(groups: readonly Group[], known: ReadonlySet<string>, file: string, sources: SourceIndex, out: Reporter, inSpec: boolean): void {
  groups.forEach((group, gi) => {
    const at = (sub: LogicPath) =>
      inSpec ? group.position ?? { file, line: 0, column: 0 } : sources.at(path.resolve(file), ['groups', gi, ...sub], group.position);
    (group.rules ?? []).forEach((id, i) => {
      if (!known.has(id)) out.report('lint/unknown-rule', `Group "${group.id}" names unknown rule "${id}"${suggest(id, known)}`, at(['rules', i]));
    });
    (group.stages ?? []).forEach((stage, si) =>
      stage.rules.forEach((id, i) => {
        if (!known.has(id)) out.report('lint/unknown-rule', `Group "${group.id}" (${stage.name}) names unknown rule "${id}"${suggest(id, known)}`, at(['stages', si, 'rules', i]));
      }),
    );
  });
}

// ---------------------------------------------------------------------------
// Libraries
// ---------------------------------------------------------------------------

function lintLibrary(library: RuleLibrary, context: readonly RuleLibrary[], specs: readonly Specification[], sources: SourceIndex, out: Reporter): void {
  const file = path.resolve(library.file);
  const folder = path.dirname(library.file) || '.';
  const scope = scopeOf(context, [], `the libraries in ${folder}/`);
  const references = new Set(library.references.map((r) => r.id));

  // Duplicate ids: within the library, and against libraries earlier in the folder.
  const earlier = new Map<string, string>();
  for (const other of context) {
    if (other.file >= library.file) continue;
    for (const rule of other.rules) earlier.set(rule.id, `${other.file}:${rule.position?.line ?? 0}`);
  }
  for (const rule of library.rules) {
    const where = earlier.get(rule.id);
    if (where) out.report('lint/duplicate-rule', `Duplicate rule id "${rule.id}" (also defined at ${where})`, sources.inRule(file, rule.id, ['id'], rule.position));
  }
  const ids = new Map<string, number>();
  library.rules.forEach((rule, i) => {
    const first = ids.get(rule.id);
    if (first !== undefined) {
      out.report('lint/duplicate-rule', `Duplicate rule id "${rule.id}" (also rules[${first}] of this library)`, sources.at(file, ['rules', i, 'id'], rule.position));
    } else ids.set(rule.id, i);
  });

  library.rules.forEach((rule, i) => lintRule(rule, (sub) => sources.at(file, ['rules', i, ...sub], rule.position), scope, references, out));
  for (const metric of library.metrics) lintMetric(metric, library, scope, sources, out);
  const allRules = new Set(context.flatMap((l) => l.rules.map((r) => r.id)));
  lintGroups(library.groups, allRules, library.file, sources, out, false);

  // Unused parameters: read by no rule or metric in the folder, nor by any specification's own rules.
  const read = new Set<string>([
    ...context.flatMap((l) => [...l.rules.flatMap(parametersReadBy), ...l.metrics.flatMap(metricParameters)]),
    ...specs.flatMap((s) => s.rules.flatMap(parametersReadBy)),
  ]);
  for (const parameter of library.parameters) {
    if (!read.has(parameter.name)) {
      out.report('lint/unused-parameter', `Parameter "${parameter.name}" is read by no rule or metric in ${folder}/`, sources.at(file, ['parameters', parameter.name], parameter.position));
    }
    if (parameter.reference !== undefined && !references.has(parameter.reference)) {
      out.report('lint/unknown-reference', `Unexpected reference "${parameter.reference}" in parameter "${parameter.name}": the library lists no reference with that id`, sources.at(file, ['parameters', parameter.name, 'reference'], parameter.position));
    }
  }
}

// ---------------------------------------------------------------------------
// Specifications
// ---------------------------------------------------------------------------

function lintSpecification(spec: Specification, imports: readonly RuleLibrary[], sources: SourceIndex, out: Reporter): void {
  const file = path.resolve(spec.file);
  const front = (sub: LogicPath) => sources.at(file, sub);
  const scope = scopeOf(imports, spec.parameterOverrides, `the libraries ${spec.id} imports`, spec.facts);

  // Duplicates across the imported libraries and the spec's own rules.
  const rules = new Map<string, Rule>();
  for (const rule of [...imports.flatMap((l) => l.rules), ...spec.rules]) {
    const first = rules.get(rule.id);
    if (first) {
      const at = rule.origin === spec.id ? sources.inRule(file, rule.id, ['id'], rule.position) : rule.position ?? front(['imports']);
      out.report('lint/duplicate-rule', `Duplicate rule id "${rule.id}" in specification ${spec.id} (also defined at ${first.position?.file ?? first.origin}:${first.position?.line ?? 0})`, at);
      continue;
    }
    rules.set(rule.id, rule);
  }
  const owners = { dataset: new Map<string, string>(), metric: new Map<string, string>(), parameter: new Map<string, string>() };
  for (const library of imports) {
    const declared: [keyof typeof owners, string, SourcePosition | undefined][] = [
      ...library.datasets.map((d) => ['dataset', d.name, undefined] as [keyof typeof owners, string, SourcePosition | undefined]),
      ...library.metrics.map((m) => ['metric', m.name, m.position] as [keyof typeof owners, string, SourcePosition | undefined]),
      ...library.parameters.map((p) => ['parameter', p.name, p.position] as [keyof typeof owners, string, SourcePosition | undefined]),
    ];
    for (const [kind, name, position] of declared) {
      const owner = owners[kind].get(name);
      if (owner && owner !== library.file) {
        const at = sources.at(path.resolve(library.file), [`${kind}s`, name], position);
        out.report('lint/duplicate-declaration', `The ${kind} "${name}" is declared by both ${owner} and ${library.file}, which ${spec.id} imports together`, at);
      } else owners[kind].set(name, library.file);
    }
  }

  // Clause references, tailoring and selection.
  for (const clause of spec.clauses) {
    for (const id of clause.rules) {
      if (!rules.has(id)) out.report('lint/unknown-rule', `Clause ${clause.id} uses unknown rule "${id}"${suggest(id, rules.keys())}`, useAt(sources, file, id) ?? clause.position);
    }
  }
  for (const id of Object.keys(spec.tailoring)) {
    if (!rules.has(id)) out.report('lint/unknown-rule', `Tailoring names unknown rule "${id}"${suggest(id, rules.keys())}`, sources.inBlock(file, ['tailor', id]) ?? front([]));
  }
  lintGroups(spec.groups, new Set(rules.keys()), spec.file, sources, out, true);

  const matches = (pattern: string, rule: Rule) =>
    pattern === rule.id || (pattern.endsWith('*') && rule.id.startsWith(pattern.slice(0, -1))) || pattern === `library:${rule.origin}`;
  for (const [key, patterns] of [['include', spec.include], ['exclude', spec.exclude]] as const) {
    patterns.forEach((pattern, i) => {
      if (![...rules.values()].some((r) => matches(pattern, r))) {
        out.report('lint/unknown-selection', `Selection "${pattern}" (select.${key}) names no rule of the imported libraries${suggest(pattern, rules.keys())}`, front(['select', key, i]));
      }
    });
  }
  const inClause = new Set(spec.clauses.flatMap((c) => c.rules));
  const selected = [...rules.values()].filter((rule) => {
    const included = inClause.has(rule.id) || spec.include.length === 0 || spec.include.some((p) => matches(p, rule));
    return included && !spec.exclude.some((p) => matches(p, rule));
  });

  // Clauses without rules (numbered leaf clauses with text) and rules without clauses.
  spec.clauses.forEach((clause, i) => {
    const next = spec.clauses[i + 1];
    const leaf = !next || next.depth <= clause.depth;
    const normative = NORMATIVE.exec(clause.text)?.[0];
    if (leaf && clause.rules.length === 0 && normative && /^\d+(\.\d+)*$/.test(clause.id)) {
      out.report('lint/clause-without-rule', `Clause ${clause.id} "${clause.title}" states a requirement ("${normative.toLowerCase()}") but carries no rule; add a carespec block with "use:" or "rules:", or reword it if it is informative`, clause.position);
    }
  });
  for (const rule of selected) {
    if (inClause.has(rule.id)) continue;
    const importIndex = imports.findIndex((l) => l.id === rule.origin);
    out.report(
      'lint/rule-without-clause',
      `Rule "${rule.id}" (library ${rule.origin}) is selected but no clause uses it; add it to a clause's "use:" list or to select.exclude`,
      front(importIndex >= 0 ? ['imports', importIndex] : ['imports']),
    );
  }

  // The spec's own rules are linted like a library's; imported rules are checked against the spec's imports.
  for (const rule of spec.rules) lintRule(rule, (sub) => sources.inRule(file, rule.id, sub, rule.position), scope, undefined, out);
  for (const rule of selected) {
    if (rule.origin === spec.id) continue;
    const libraryFile = path.resolve(rule.position?.file ?? '');
    for (const field of logicFields(rule)) {
      for (const v of varsIn(field.logic)) {
        const [root] = v.name.split('.');
        if (root !== 'facts' && root !== 'metrics') continue;
        const problem = variableProblem(v.name, scope, undefined);
        if (problem) out.report('lint/unknown-variable', `${problem} (rule "${rule.id}" is selected by ${spec.id})`, sources.inRule(libraryFile, rule.id, [...field.key, ...v.path], rule.position));
      }
    }
    if (rule.per_record && !scope.datasets.has(rule.per_record.dataset)) {
      out.report('lint/unknown-dataset', `Rule "${rule.id}" reads dataset "${rule.per_record.dataset}", which no library ${spec.id} imports declares`, sources.inRule(libraryFile, rule.id, ['per_record', 'dataset'], rule.position));
    }
  }
  for (const library of imports) {
    for (const metric of library.metrics) {
      if (!scope.datasets.has(metric.dataset)) {
        out.report('lint/unknown-dataset', `Metric "${metric.name}" reads dataset "${metric.dataset}", which no library ${spec.id} imports declares`, metric.position ?? front(['imports']));
      }
    }
  }

  // Parameters: every one a selected rule reads must have a value from the contract start, in every region series.
  const table = buildParameterTable(imports.flatMap((l) => l.parameters), spec.parameterOverrides);
  const readBy = new Map<string, Rule>();
  for (const rule of selected) for (const name of parametersReadBy(rule)) if (!readBy.has(name)) readBy.set(name, rule);
  const usedMetrics = new Set(selected.flatMap((r) => varsIn(r.test).map((v) => v.name)).filter((n) => n.startsWith('metrics.')).map((n) => n.slice(8)));
  for (const library of imports) for (const m of library.metrics) if (usedMetrics.has(m.name)) for (const p of metricParameters(m)) readBy.set(p, readBy.get(p) ?? selected[0]!);
  const start = spec.contractPeriod.start;
  for (const [name, rule] of readBy) {
    const entry = table.get(name);
    if (!entry) {
      if (rule.origin !== spec.id) {
        out.report('lint/unknown-parameter', `Unexpected parameter "${name}" read by rule "${rule.id}": no library ${spec.id} imports declares it`, rule.position ?? front(['imports']));
      }
      continue;
    }
    const declaredIn = imports.find((l) => l.parameters.some((q) => q.name === name));
    const at = entry.overridden || !declaredIn ? front(['parameters', name]) : sources.at(path.resolve(declaredIn.file), ['parameters', name], entry.position);
    if (!Object.hasOwn(entry.values, 'default')) {
      out.report('lint/parameter-no-value', `Parameter "${name}" has no "default" series, so it has no value for a provider outside ${Object.keys(entry.values).join(', ')}`, at);
    }
    for (const [region, series] of Object.entries(entry.values)) {
      const first = series[0];
      if (first && first.from > start) {
        out.report('lint/parameter-no-value', `Parameter "${name}" has no value for region "${region}" at the contract start ${start} (its first value is from ${first.from})`, at);
      }
    }
  }
  for (const override of spec.parameterOverrides) {
    if (!readBy.has(override.name)) {
      out.report('lint/unused-parameter', `Parameter override "${override.name}" is read by no rule this specification selects${suggest(override.name, readBy.keys())}`, front(['parameters', override.name]));
    }
  }
}

function useAt(sources: SourceIndex, file: string, id: string): SourcePosition | undefined {
  return sources.inBlockWhere(file, (value) => {
    const use = (value as { use?: unknown } | null)?.use;
    if (!Array.isArray(use)) return undefined;
    const i = use.indexOf(id);
    return i >= 0 ? ['use', i] : undefined;
  });
}

// ---------------------------------------------------------------------------
// Evidence manifests
// ---------------------------------------------------------------------------

function lintEvidence(evidence: Evidence, libraries: readonly RuleLibrary[], specs: readonly Specification[], sources: SourceIndex, out: Reporter): void {
  if (libraries.length === 0) return; // nothing to compare with: `carespec validate` has checked the schema
  const file = path.resolve(evidence.file);
  const scope = scopeOf(libraries, [], 'the rule libraries being linted', specs.flatMap((s) => s.facts));
  const rules = new Set([...libraries.flatMap((l) => l.rules.map((r) => r.id)), ...specs.flatMap((s) => s.rules.map((r) => r.id))]);
  for (const name of Object.keys(evidence.facts)) {
    if (!scope.facts.has(name)) {
      out.report('lint/undeclared-fact', `Fact "${name}" is declared by none of ${scope.where}, so no rule reads it${suggest(name, scope.facts.keys())}`, sources.at(file, ['facts', name]));
    }
  }
  evidence.datasets.forEach((dataset, i) => {
    if (!scope.datasets.has(dataset.kind)) {
      out.report('lint/unknown-dataset', `Dataset "${dataset.id}" has kind "${dataset.kind}", which none of ${scope.where} declares${suggest(dataset.kind, scope.datasets.keys())}`, sources.at(file, ['datasets', i, 'kind']));
    }
  });
  evidence.waivers.forEach((waiver, i) => {
    if (!rules.has(waiver.rule)) out.report('lint/unknown-rule', `Waiver names unknown rule "${waiver.rule}"${suggest(waiver.rule, rules)}`, sources.at(file, ['waivers', i, 'rule']));
  });
}
