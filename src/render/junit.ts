/**
 * JUnit XML for CI test tabs: one suite per specification, one case per rule. Names are the
 * specification's and the rules' ids and titles only, never values or counts, so a case keeps
 * its identity from run to run. Status is in the body: `failure` (the rule fails), `error` (the
 * rule could not be evaluated, or its evidence is missing: type `not_evidenced`), `skipped`
 * (waived or not applicable); a passing case has no body.
 */
import type { CheckResult, RuleResult } from '../model/types.js';
import { STATUS_WORDS } from './words.js';
import { escapeXml as x } from './xml.js';

function body(rule: RuleResult): string {
  const detail = (extra: string[]) => x([rule.message, ...extra].filter((s) => s !== '').join('\n'));
  switch (rule.status) {
    case 'fail': {
      const rows = rule.records ? [`${rule.records.failed} of ${rule.records.checked} rows fail.`] : [];
      return `\n      <failure message="${x(rule.message)}" type="${rule.severity}">${detail([...rows, `To put right: ${rule.remediation}`])}</failure>\n    `;
    }
    case 'error':
      return `\n      <error message="${x(rule.error ?? rule.message)}" type="error">${detail([])}</error>\n    `;
    case 'not_evidenced':
      return `\n      <error message="${x(rule.message)}" type="not_evidenced">${detail(rule.missing.length > 0 ? [`Supply: ${rule.missing.join(', ')}`] : [])}</error>\n    `;
    case 'waived':
      return `\n      <skipped message="${x(`waived: ${rule.waiver?.justification ?? rule.message}`)}"/>\n    `;
    case 'not_applicable':
      return `\n      <skipped message="${x(`${STATUS_WORDS.not_applicable}: ${rule.message}`)}"/>\n    `;
    default:
      return '';
  }
}

export function renderJunit(result: CheckResult): string {
  const count = (pred: (r: RuleResult) => boolean) => result.rules.filter(pred).length;
  const tests = result.rules.length;
  const failures = count((r) => r.status === 'fail');
  const errors = count((r) => r.status === 'error' || r.status === 'not_evidenced');
  const skipped = count((r) => r.status === 'waived' || r.status === 'not_applicable');
  const totals = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  const suite = `${result.spec.id}: ${result.spec.title}`;
  const properties = [
    ['verdict', result.verdict],
    ['provider', result.provider.name],
    ['period', `${result.period.start}..${result.period.end}`],
    ['asOf', result.asOf],
    ['specification', `${result.spec.file} ${result.spec.version}`],
    ['engine', `carespec ${result.engine.version}`],
  ];
  const cases = result.rules.map((rule) => {
    // Dots separate packages in JUnit class names: clause 2.1 is written clause-2-1.
    const classname = `${result.spec.id}.${rule.clause ? `clause-${rule.clause.id.replace(/\./g, '-')}` : 'unclaused'}`;
    const inner = body(rule);
    const name = `${rule.id}: ${rule.title}`;
    return inner === '' ? `    <testcase classname="${x(classname)}" name="${x(name)}" time="0"/>` : `    <testcase classname="${x(classname)}" name="${x(name)}" time="0">${inner}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="carespec" ${totals} time="0">`,
    `  <testsuite name="${x(suite)}" ${totals} time="0">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${x(name!)}" value="${x(value!)}"/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
