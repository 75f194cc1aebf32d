/**
 * Style and usage checks on one rule (constant tests, examples, references), and the parameters
 * rules and metrics read. Whether what a rule reads exists, and whether its logic compiles, is
 * assembly's to decide (src/validate/rules.ts): lint reports assembly's diagnostics, never its own.
 */
import { compile, isConstant, paramsIn, truthy, type LogicPath } from '../../logic/index.js';
import type { Logic, Metric, Rule, SourcePosition } from '../../model/types.js';
import { templatePaths } from '../../text/placeholders.js';
import type { Reporter } from './codes.js';
import { suggest } from '../../text/suggest.js';

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

export function metricParameters(metric: Metric): string[] {
  return [...paramsIn(metric.where), ...paramsIn(metric.match)].map((p) => p.name);
}

/** Checks one rule for style: a constant test, missing examples, references its library does not list. */
export function lintRule(rule: Rule, at: (sub: LogicPath) => SourcePosition, references: ReadonlySet<string> | undefined, out: Reporter): void {
  if (isConstant(rule.test)) {
    let value: unknown;
    try {
      value = compile(rule.test)({});
    } catch {
      // Logic that does not compile is assembly's error, reported there.
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
