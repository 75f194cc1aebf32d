/**
 * What a selected rule reads must exist: a per-record rule's dataset kind and
 * the row columns it reads, every fact and metric it reads, and every
 * parameter its logic or messages resolve. Each used to surface only at check
 * time (a "not evidenced" reason, or an error status as if the provider's
 * evidence were at fault) or only in lint; assembly refuses them, at the line
 * of the name. Lint reports these through assembly, never on its own.
 */
import { paramsIn, varsIn, type LogicPath } from '../logic/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { DatasetKind, FactDeclaration, Metric, Rule, SourcePosition } from '../model/types.js';
import { templatePaths } from '../text/placeholders.js';
import { suggest } from '../text/suggest.js';

/** Where a path under a rule is written, and that path from the root of its YAML document. */
export type RuleLocator = (rule: Rule, sub: LogicPath) => { at: SourcePosition; field: string };

/** What the rules of a plan may read: the declarations of its libraries and specification. */
export interface Declarations {
  datasetKinds: ReadonlyMap<string, DatasetKind>;
  parameters: ReadonlySet<string>;
  facts: ReadonlyMap<string, FactDeclaration>;
  metrics: ReadonlyMap<string, Metric>;
}

const LOGIC_FIELDS = [['test'], ['applies_when'], ['per_record', 'where']] as const;
/** Roots every check supplies, whatever the libraries declare. */
const ALWAYS_KNOWN_ROOTS = new Set(['provider', 'period', 'attestations']);

function logicOf(rule: Rule, field: (typeof LOGIC_FIELDS)[number]): unknown {
  return field[0] === 'per_record' ? rule.per_record?.where : rule[field[0]];
}

type Problem = { code: string; message: string };

/** What is wrong with a rule reading `name` (a dotted path), or undefined when a check can supply it. */
function readProblem(name: string, rule: Rule, kind: DatasetKind | undefined, declared: Declarations): Problem | undefined {
  const [root, key] = name.split('.');
  if (root === undefined || ALWAYS_KNOWN_ROOTS.has(root)) return undefined;
  if (root === 'facts' || root === 'metrics') {
    // A whole object has no value of its own: `{"var": "facts"}` is always a mistake.
    if (!key) return { code: 'spec/unknown-variable', message: `Unexpected variable "${name}" in rule "${rule.id}", expected ${root}.<name>` };
    const known = root === 'facts' ? declared.facts : declared.metrics;
    const what = root === 'facts' ? 'fact' : 'metric';
    if (known.has(key)) return undefined;
    return { code: `spec/unknown-${what}`, message: `Unexpected ${what} "${key}" in rule "${rule.id}": no imported library or the specification declares such a ${what}${suggest(key, known.keys())}` };
  }
  if (root === 'row') {
    if (!rule.per_record) return { code: 'spec/unknown-variable', message: `Unexpected variable "${name}" in rule "${rule.id}": only a per-record rule reads a row` };
    // An unknown dataset kind is reported once, at its name; a bare `row` is the whole record.
    if (!kind || !key || Object.hasOwn(kind.columns, key)) return undefined;
    return { code: 'spec/unknown-column', message: `Unexpected column "${key}" in rule "${rule.id}": dataset "${kind.name}" has no such column${suggest(key, Object.keys(kind.columns))}` };
  }
  return { code: 'spec/unknown-variable', message: `Unexpected variable "${name}" in rule "${rule.id}", expected a path under provider, period, facts, attestations or metrics${rule.per_record ? ', or row' : ''}` };
}

export function ruleDiagnostics(rules: readonly Rule[], declared: Declarations, locate: RuleLocator): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (problem: Problem, rule: Rule, sub: LogicPath) => {
    const { at, field } = locate(rule, sub);
    found.push({ code: problem.code, message: problem.message, severity: 'error', file: at.file, line: at.line, column: at.column, field });
  };
  const { datasetKinds, parameters } = declared;
  const unknownParameter = (name: string, rule: Rule, where: string): Problem => ({
    code: 'spec/unknown-parameter',
    message: `Unexpected parameter "${name}" in ${where}rule "${rule.id}": no imported library or specification override declares it${suggest(name, parameters)}`,
  });
  for (const rule of rules) {
    const dataset = rule.per_record?.dataset;
    const kind = dataset === undefined ? undefined : datasetKinds.get(dataset);
    if (dataset !== undefined && !kind) {
      report({ code: 'spec/unknown-dataset', message: `Unexpected dataset "${dataset}" in rule "${rule.id}": no imported library declares such a dataset kind${suggest(dataset, datasetKinds.keys())}` }, rule, ['per_record', 'dataset']);
    }
    for (const field of LOGIC_FIELDS) {
      const logic = logicOf(rule, field);
      if (logic === undefined) continue;
      for (const use of varsIn(logic)) {
        const problem = readProblem(use.name, rule, kind, declared);
        if (problem) report(problem, rule, [...field, ...use.path]);
      }
      for (const use of paramsIn(logic)) {
        if (!parameters.has(use.name)) report(unknownParameter(use.name, rule, ''), rule, [...field, ...use.path]);
      }
    }
    // `requires` names values the rule needs beyond its logic; their shape was checked when loaded.
    rule.requires.forEach((name, i) => {
      const problem = readProblem(name, rule, kind, declared);
      if (problem) report(problem, rule, ['requires', i]);
    });
    for (const key of ['pass', 'fail'] as const) {
      for (const name of templatePaths(rule.messages[key])) {
        // {{window}}: the label of the window that decided an every_window rule (src/evaluate/windows.ts).
        if (name === 'window' && rule.every_window === true) continue;
        const problem = name.startsWith('params.')
          ? parameters.has(name.slice('params.'.length)) ? undefined : unknownParameter(name.slice('params.'.length), rule, `the ${key} message of `)
          : readProblem(name, rule, kind, declared);
        if (problem) report(problem.code === 'spec/unknown-parameter' ? problem : { ...problem, message: `${problem.message} (in the ${key} message)` }, rule, ['messages', key]);
      }
    }
  }
  return found;
}

/** A metric's parameters (in where, match and a share_above threshold) must be declared too. */
export function metricParameterDiagnostics(metric: Metric, parameters: ReadonlySet<string>, fallbackFile: string): Diagnostic[] {
  const at = { file: metric.position?.file ?? fallbackFile, line: metric.position?.line ?? 1, column: metric.position?.column ?? 1 };
  const names: [string, string][] = [
    ...(['where', 'match'] as const).flatMap((key) => paramsIn(metric[key]).map((p): [string, string] => [p.name, `metrics.${metric.name}.${key}`])),
    ...(typeof metric.threshold === 'object' ? [[metric.threshold.param, `metrics.${metric.name}.threshold.param`] as [string, string]] : []),
  ];
  return names
    .filter(([name]) => !parameters.has(name))
    .map(([name, field]) => ({ code: 'spec/unknown-parameter', message: `Unexpected parameter "${name}" in metric "${metric.name}": no imported library or specification override declares it${suggest(name, parameters)}`, severity: 'error' as const, ...at, field }));
}
