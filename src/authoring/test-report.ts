/**
 * Reporters for `carespec test`: a per-rule text summary with a diff of what
 * was expected against what happened, and JUnit XML for CI. Both are pure
 * functions of the run and print no timings, so output is reproducible.
 */
import type { JsonValue } from '../model/types.js';
import type { CaseResult, Difference, RuleCoverage, TestRun } from './rule-tests.js';

const show = (value: JsonValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

function diffLines(differences: readonly Difference[]): string[] {
  const lines: string[] = [];
  for (const d of differences) {
    lines.push(`- expected ${d.field}: ${show(d.expected)}`);
    lines.push(`+ actual   ${d.field}: ${show(d.actual)}`);
  }
  return lines;
}

function summaryLine(run: TestRun): string {
  const failed = run.cases.filter((c) => !c.ok).length;
  return `${run.cases.length - failed} passed, ${failed} failed`;
}

/** The suites in order of first appearance, each with its rules in order of first appearance. */
function grouped(cases: readonly CaseResult[]): Map<string, Map<string, CaseResult[]>> {
  const suites = new Map<string, Map<string, CaseResult[]>>();
  for (const c of cases) {
    let rules = suites.get(c.suite);
    if (!rules) suites.set(c.suite, (rules = new Map()));
    const list = rules.get(c.rule) ?? [];
    list.push(c);
    rules.set(c.rule, list);
  }
  return suites;
}

export function formatText(run: TestRun, options: { verbose?: boolean } = {}): string {
  const out: string[] = [];
  for (const [suite, rules] of grouped(run.cases)) {
    out.push(suite);
    for (const [rule, cases] of rules) {
      const failed = cases.filter((c) => !c.ok);
      const mark = failed.length === 0 ? '✓' : '✗';
      const counts = failed.length === 0 ? `${cases.length} passed` : `${failed.length} failed, ${cases.length - failed.length} passed`;
      out.push(`  ${mark} ${rule} (${counts})`);
      for (const c of options.verbose ? cases : failed) {
        out.push(`      ${c.ok ? '✓' : '✗'} ${c.name} (${c.position.file}:${c.position.line}:${c.position.column})`);
        if (c.ok) continue;
        for (const line of diffLines(c.differences)) out.push(`          ${line}`);
        out.push(`          input: ${JSON.stringify(c.input)}`);
        if (c.actualMessage) out.push(`          message: ${c.actualMessage}`);
      }
    }
  }
  out.push('', ...coverageText(run.coverage), '', summaryLine(run));
  return `${out.join('\n')}\n`;
}

function coverageText(coverage: readonly RuleCoverage[]): string[] {
  const full = coverage.filter((c) => c.passing > 0 && c.failing > 0).length;
  const lines = [`Coverage: ${full} of ${coverage.length} rules have both a passing and a failing case`];
  const noFail = coverage.filter((c) => c.failing === 0);
  const noPass = coverage.filter((c) => c.passing === 0);
  if (noFail.length > 0) lines.push(`  no failing case (${noFail.length}): ${noFail.map((c) => `${c.rule} (${c.file})`).join(', ')}`);
  if (noPass.length > 0) lines.push(`  no passing case (${noPass.length}): ${noPass.map((c) => `${c.rule} (${c.file})`).join(', ')}`);
  return lines;
}

// ---------------------------------------------------------------------------
// JUnit XML
// ---------------------------------------------------------------------------

/** Escape text for XML content and attributes, dropping characters XML 1.0 cannot hold. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJunit(run: TestRun): string {
  const failures = run.cases.filter((c) => !c.ok).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="carespec" tests="${run.cases.length}" failures="${failures}" errors="0">`,
  ];
  for (const [suite, rules] of grouped(run.cases)) {
    const cases = [...rules.values()].flat();
    const suiteFailures = cases.filter((c) => !c.ok).length;
    lines.push(`  <testsuite name="${xmlEscape(suite)}" tests="${cases.length}" failures="${suiteFailures}" errors="0">`);
    for (const c of cases) {
      const attributes = `classname="${xmlEscape(`${suite}.${c.rule}`)}" name="${xmlEscape(c.name)}" file="${xmlEscape(c.position.file)}" line="${c.position.line}"`;
      if (c.ok) {
        lines.push(`    <testcase ${attributes}/>`);
        continue;
      }
      const message = c.differences.map((d) => `expected ${d.field} ${show(d.expected)}, got ${show(d.actual)}`).join('; ');
      const body = [...diffLines(c.differences), `input: ${JSON.stringify(c.input)}`, ...(c.actualMessage ? [`message: ${c.actualMessage}`] : [])].join('\n');
      lines.push(`    <testcase ${attributes}>`);
      lines.push(`      <failure message="${xmlEscape(message)}" type="AssertionError">${xmlEscape(body)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  const uncovered = run.coverage.filter((c) => c.passing === 0 || c.failing === 0);
  if (uncovered.length > 0) {
    lines.push(`  <!-- ${xmlEscape(coverageText(run.coverage).join(' ').replace(/--/g, '- -'))} -->`);
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
