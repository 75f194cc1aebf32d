import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { edit, fixture, repoFile, ROOT, scratchCopy } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

describe('carespec test', () => {
  it('passes over the repository (rules/ and specs/ by default) and reports coverage', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      if (!existsSync(repoFile('rules')) && !existsSync(repoFile('specs'))) return;
      const { code, out } = await carespec('test');
      expect(out, out).toMatch(/\n\d+ passed, 0 failed\n$/);
      expect(out).toMatch(/\nCoverage: \d+ of \d+ rules have both a passing and a failing case\n/);
      expect(code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
  });

  it('runs inline examples and YAML test files with a per-rule summary', async () => {
    const { code, out } = await carespec('test', fixture('core'), fixture('rule-tests'));
    expect(code).toBe(0);
    expect(out).toContain('  ✓ pay-living-wage (2 passed)');
    expect(out).toContain('test/fixtures/rule-tests/core.yaml\n  ✓ pay-living-wage (3 passed)');
    expect(out).toMatch(/\n17 passed, 0 failed\n$/);
    expect(out).toContain('Coverage: 5 of 5 rules have both a passing and a failing case');
  });

  it('fails with a readable diff when an example is wrong, and exits 1', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'library.yaml'), 'fail: [{ facts: { lowest_hourly_pay: 11 } }]', 'fail: [{ facts: { lowest_hourly_pay: 14 } }]');
    const { code, out } = await carespec('test', dir);
    expect(code).toBe(1);
    expect(out).toContain('  ✗ pay-living-wage (1 failed, 1 passed)');
    expect(out).toMatch(/      ✗ examples\.fail\[0\] \(.*library\.yaml:\d+:\d+\)\n {10}- expected status: fail\n {10}\+ actual {3}status: pass\n {10}input: \{"facts":\{"lowest_hourly_pay":14\}\}\n/);
    expect(out).toMatch(/\n9 passed, 1 failed\n$/);
  });

  it('reports rules with no passing or no failing case', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'library.yaml'), '      fail: [{ facts: { shortest_visit_minutes: 15 } }]\n', '');
    const { code, out } = await carespec('test', dir);
    expect(code).toBe(0);
    expect(out).toMatch(/ {2}no failing case \(1\): no-short-visits \(.*library\.yaml\)/);
  });

  it('checks expected values and verdicts in YAML test files', async () => {
    const dir = scratchCopy(fixture('rule-tests'));
    edit(path.join(dir, 'core.yaml'), /\.\.\/core\//g, `${fixture('core')}/`);
    edit(path.join(dir, 'core.yaml'), 'values: { params.living_wage: 12.60 }', 'values: { params.living_wage: 12.00 }');
    edit(path.join(dir, 'core.yaml'), 'verdict: compliant', 'verdict: not_compliant');
    const { code, out } = await carespec('test', dir);
    expect(code).toBe(1);
    expect(out).toContain('- expected values.params.living_wage: 12\n          + actual   values.params.living_wage: 12.6');
    expect(out).toContain('- expected verdict: not_compliant\n          + actual   verdict: compliant');
  });

  it('writes JUnit XML for CI', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'library.yaml'), 'fail: [{ facts: { cqc_rating: Inadequate } }]', 'fail: [{ facts: { cqc_rating: "Good" } }]');
    edit(path.join(dir, 'library.yaml'), 'pass: [{ facts: { cqc_rating: Good } }]', 'pass: [{ facts: { cqc_rating: "Good" } }, { facts: { cqc_rating: "Poor & <b>" } }]');
    const output = path.join(mkdtempSync(path.join(tmpdir(), 'carespec-junit-')), 'junit.xml');
    const { code, out } = await carespec('test', dir, '--format', 'junit', '--output', output);
    expect(code).toBe(1);
    expect(out).toMatch(/9 passed, 2 failed\n$/);
    const xml = readFileSync(output, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="carespec" tests="11" failures="2" errors="0">/);
    expect(xml).toMatch(/<testcase classname="[^"]*\.cqc-good" name="examples\.fail\[0\]" file="[^"]*library\.yaml" line="\d+">\n {6}<failure message="expected status fail, got pass" type="AssertionError">/);
    expect(xml).toContain('Poor &amp; &lt;b&gt;');
    expect(xml.match(/<testcase /g)).toHaveLength(11);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('exits 2 for an invalid test file', async () => {
    const dir = scratchCopy(fixture('rule-tests'));
    edit(path.join(dir, 'core.yaml'), 'expected: { status: not_applicable }', 'expected: { status: maybe }');
    const { code, err } = await carespec('test', path.join(dir, 'core.yaml'));
    expect(code).toBe(2);
    expect(err).toMatch(/core\.yaml:\d+:\d+: schema\/enum/);
  });
});
