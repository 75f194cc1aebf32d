/**
 * Issue #10 items 7, 2 and 4 through the CLI: libraries that import libraries (relative and
 * `carespec:<id>`), mapping profiles validated before any data is read (and joined date/time
 * columns), and a specification's own metrics and tolerance tailoring.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { edit, fixture, scratchCopy } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

interface Report {
  verdict: string;
  rules: { id: string; status: string; severity: string; records?: { checked: number; failed: number; tolerance?: number } }[];
  inputs: { role: string; path: string }[];
  findings: unknown[];
}
const checkJson = async (dir: string) => {
  const result = await carespec('check', path.join(dir, 'spec.md'), '--evidence', path.join(dir, 'evidence.yaml'), '--format', 'json');
  return { ...result, report: (result.code === 2 ? undefined : JSON.parse(result.out)) as Report | undefined };
};
const SPEC_HEAD = (imports: string) => `---
carespec: specification/1
id: temp-spec
title: Temp
version: 1.0.0
commissioner: Test Council
contract_period: { start: "2025-04-01", end: "2028-03-31" }
imports: [${imports}]
---

# Temp
`;

describe('libraries compose (imports)', () => {
  it('checks a specification over a library that imports another: its datasets and parameters resolve, its rules are not selected by default', async () => {
    const { code, report, err } = await checkJson(fixture('compose'));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(report!.rules.map((r) => `${r.id} ${r.status}`)).toEqual([
      'kpi-few-short-calls fail',
      'kpi-call-min-length pass',
      'other-planned-minutes fail',
      'spec-enough-calls pass',
    ]);
    // Diamond: kpis.yaml and other.yaml both import shared/base.yaml, read once.
    expect(report!.inputs.filter((i) => i.role === 'library').map((i) => i.path)).toEqual([
      'test/fixtures/compose/kpis.yaml', 'test/fixtures/compose/shared/base.yaml', 'test/fixtures/compose/other.yaml',
    ]);
  });

  it('selects an imported library\'s rule when the specification names it', async () => {
    const dir = scratchCopy(fixture('compose'));
    edit(path.join(dir, 'spec.md'), 'imports: [kpis.yaml, other.yaml]', 'imports: [kpis.yaml, other.yaml]\nselect: { include: ["library:compose-kpis", "library:compose-other", base-calls-monitored] }');
    const { report } = await checkJson(dir);
    expect(report!.rules.find((r) => r.id === 'base-calls-monitored')?.status).toBe('not_evidenced');
  });

  it('lints and tests a library on its own with what it imports from another folder', async () => {
    const lint = await carespec('lint', fixture('compose', 'kpis.yaml'));
    expect(lint.out).toBe('1 files, 0 errors, 0 warnings\n');
    expect(lint.code).toBe(0);
    const test = await carespec('test', fixture('compose', 'kpis.yaml'));
    expect(test.out).toMatch(/4 passed, 0 failed/);
    expect(test.code).toBe(0);
  });

  it('refuses an import cycle with the import that closes it', async () => {
    const { code, out, err } = await carespec('validate', fixture('compose', 'cycle', 'a.yaml'));
    expect(code).toBe(2);
    expect(`${out}${err}`).toMatch(/test\/fixtures\/compose\/cycle\/b\.yaml:7:5: import\/cycle: Unexpected import cycle test\/fixtures\/compose\/cycle\/a\.yaml → test\/fixtures\/compose\/cycle\/b\.yaml → test\/fixtures\/compose\/cycle\/a\.yaml/);
    const lint = await carespec('lint', fixture('compose', 'cycle'));
    expect(lint.code).toBe(2);
    expect(lint.err).toMatch(/import\/cycle/);
  });

  it('checks a specification outside the repository that imports a bundled library by name, and reports it by name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-bundled-'));
    writeFileSync(path.join(dir, 'spec.md'), `${SPEC_HEAD('"carespec:wages"')}\n## 1. Pay\n\nThe provider shall pay the wages the library sets.\n`);
    writeFileSync(path.join(dir, 'evidence.yaml'), 'carespec: evidence/1\nprovider: { name: Temp Care Ltd, region: london }\nperiod: { start: "2025-04-01", end: "2025-06-30" }\n');
    const { code, out, report } = await checkJson(dir);
    expect(code, out).toBe(1);
    expect(report!.rules.length).toBeGreaterThan(0);
    // wages imports monitoring (for the visits kind): both are named as bundled, never by an install path.
    expect(report!.inputs.filter((i) => i.role === 'library').map((i) => i.path)).toEqual(['carespec:wages', 'carespec:monitoring']);
    expect(out).not.toContain(path.resolve('rules'));
  });

  it('refuses an unknown carespec: name with its position and a suggestion', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-bundled-'));
    writeFileSync(path.join(dir, 'spec.md'), `${SPEC_HEAD('"carespec:wagez"')}\n## 1. Pay\n`);
    const { code, err } = await carespec('validate', path.join(dir, 'spec.md'));
    expect(code).toBe(2);
    expect(err).toMatch(/spec\.md:8:\d+: import\/unknown-bundled: Unexpected import "carespec:wagez": carespec bundles no rule library with id "wagez" \(did you mean "carespec:wages"\?\)/);
  });

  it('reads the bundled example specification, which imports carespec:monitoring', async () => {
    const { code, err } = await carespec('validate', path.resolve('specs', 'example-homecare.md'));
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});

describe('mapping profiles validated up front', () => {
  it('joins a date and a time column and maps one header to two columns', async () => {
    const { report } = await checkJson(fixture('compose'));
    // C2 is planned and delivered for 10 minutes (one "Minutes" header, two columns); C4 at 23:45 on 30 April is in the period.
    expect(report!.rules.find((r) => r.id === 'other-planned-minutes')?.records).toMatchObject({ checked: 5, failed: 1 });
    expect(report!.rules.find((r) => r.id === 'spec-enough-calls')?.status).toBe('pass');
    expect(report!.findings).toEqual([]);
  });

  it('validate refuses a malformed profile with file:line:column and field', async () => {
    const dir = scratchCopy(fixture('compose'));
    const file = path.join(dir, 'profiles', 'split-date.yaml');
    edit(file, 'format: "DD/MM/YYYY HH:mm"', 'format: "dd/mm/yyyy HH:mm"');
    edit(file, 'planned_minutes: { header: Minutes }', 'planned_minutes: { header: Minutes, round: up }');
    const { code, err } = await carespec('validate', file);
    expect(code).toBe(2);
    expect(err).toMatch(/split-date\.yaml:9:\d+: profile\/format: Unexpected format "dd\/mm\/yyyy HH:mm" in column "planned_start": "d" at position 1 is not a token.* \(at columns\.planned_start\.format\)/);
    expect(err).toMatch(/split-date\.yaml:10:\d+: profile\/round: Unexpected round in column "planned_minutes" without a unit.*\(at columns\.planned_minutes\.round\)/);
  });

  it('check refuses (exit 2) a profile inconsistent with the dataset kind, naming the profile\'s line and field', async () => {
    const dir = scratchCopy(fixture('compose'));
    edit(path.join(dir, 'profiles', 'split-date.yaml'), 'status: { header: Outcome,', 'status: { header: Outcome, unit: hours,');
    const { code, err } = await checkJson(dir);
    expect(code).toBe(2);
    expect(err).toMatch(/profiles\/split-date\.yaml:12:\d+: profile\/unit: Unexpected unit on column "status", which is an enum: only number, integer and duration columns hold a time quantity in minutes \(at columns\.status\.unit\)/);
  });

  it('lint checks a profile against the dataset kind the libraries of the run declare', async () => {
    const dir = scratchCopy(fixture('compose'));
    edit(path.join(dir, 'profiles', 'split-date.yaml'), 'kind: calls', 'kind: cals');
    const { code, out } = await carespec('lint', path.join(dir, 'kpis.yaml'), path.join(dir, 'profiles'));
    expect(code).toBe(1);
    expect(out).toMatch(/split-date\.yaml:5:7: lint\/unknown-dataset: Profile "split-date" maps dataset kind "cals", which none of the rule libraries being linted declares \(did you mean "calls"\?\)/);
  });
});

describe('specification tailoring and metrics', () => {
  it('applies a tailored tolerance and severity to a per-record rule', async () => {
    const { report } = await checkJson(fixture('compose'));
    const rule = report!.rules.find((r) => r.id === 'kpi-call-min-length')!;
    expect(rule).toMatchObject({ status: 'pass', severity: 'should', records: { checked: 4, failed: 1, tolerance: 0.5 } });
  });

  it('refuses a tolerance for a rule that is not per-record', async () => {
    const dir = scratchCopy(fixture('compose'));
    edit(path.join(dir, 'spec.md'), 'kpi-call-min-length: { tolerance: 0.5, severity: should }', 'kpi-few-short-calls: { tolerance: 0.5 }');
    const { code, err } = await checkJson(dir);
    expect(code).toBe(2);
    expect(err).toMatch(/spec\.md:22:\d+: spec\/tailor-tolerance: Unexpected tolerance for rule "kpi-few-short-calls": only a per-record rule has a tolerance.*\(at tailor\.kpi-few-short-calls\.tolerance\)/);
  });

  it('refuses a specification metric over an unknown column or dataset, with its position', async () => {
    const dir = scratchCopy(fixture('compose'));
    edit(path.join(dir, 'spec.md'), '{ "var": "status" }, "completed"', '{ "var": "statuss" }, "completed"');
    const column = await checkJson(dir);
    expect(column.code).toBe(2);
    expect(column.err).toMatch(/spec\.md:3\d:\d+: spec\/unknown-column: Unexpected column "statuss" in metric "completed_calls": dataset "calls" has no such column \(did you mean "status"\?\)/);
    edit(path.join(dir, 'spec.md'), 'dataset: calls', 'dataset: cals');
    const dataset = await checkJson(dir);
    expect(dataset.err).toMatch(/spec\.md:3\d:\d+: spec\/unknown-dataset: Unexpected dataset "cals" in metric "completed_calls".*\(did you mean "calls"\?\)/);
  });
});
