import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { edit, fixture, repoFile, scratchCopy } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

describe('carespec check', () => {
  it('exits 0 for a compliant provider and prints the report', async () => {
    const { code, out } = await carespec('check', fixture('core', 'spec.md'), '--evidence', fixture('core', 'evidence.yaml'));
    expect(code).toBe(0);
    expect(out).toMatch(/^> \[!NOTE\]\n> \*\*Verdict: Compliant\*\*/);
  });

  it('exits 1 when not compliant', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'evidence.yaml'), 'value: Good', 'value: Inadequate');
    const { code } = await carespec('check', path.join(dir, 'spec.md'), '-e', path.join(dir, 'evidence.yaml'));
    expect(code).toBe(1);
  });

  it('exits 2 with file:line:col for a schema violation in evidence', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'evidence.yaml'), 'region: london', 'region: 42');
    const { code, err } = await carespec('check', path.join(dir, 'spec.md'), '-e', path.join(dir, 'evidence.yaml'));
    expect(code).toBe(2);
    expect(err).toMatch(/evidence\.yaml:2:\d+: schema\/type: Unexpected number 42, expected string/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for usage errors', async () => {
    expect((await carespec('check', fixture('core', 'spec.md'))).code).toBe(2);
    expect((await carespec('nonsense')).code).toBe(2);
    expect((await carespec('check', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'), '--format', 'pdf')).code).toBe(2);
  });

  it('writes JSON that validates against the published results schema', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-out-'));
    const output = path.join(dir, 'nested', 'result.json');
    const { code } = await carespec('check', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'), '--format', 'json', '--output', output);
    expect(code).toBe(0);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(repoFile('schemas', 'results.schema.json'), 'utf8')) as object);
    const result = JSON.parse(readFileSync(output, 'utf8')) as unknown;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  });

  it('never leaves a partial report when it cannot write', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-out-'));
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, 'previous');
    const { code, err } = await carespec('check', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'), '-o', path.join(blocker, 'report.md'));
    expect(code).toBe(2);
    expect(err).toContain('Cannot write');
    expect(readFileSync(blocker, 'utf8')).toBe('previous');
  });
});

describe('carespec validate', () => {
  it('accepts the fixture files', async () => {
    const { code, out } = await carespec('validate', fixture('core', 'spec.md'), fixture('core', 'library.yaml'), fixture('core', 'evidence.yaml'));
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(3);
  });

  it('names file, line, column and field for a rule missing its test', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'library.yaml'), '    test: { in: [{ var: facts.cqc_rating }, [Good, Outstanding]] }\n', '');
    const { code, err } = await carespec('validate', path.join(dir, 'library.yaml'));
    expect(code).toBe(2);
    expect(err).toMatch(/library\.yaml:\d+:5: schema\/required: Missing property "test" \(at rules\.0\.test\)/);
  });

  it('names the line in the spec for a bad rule block', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'spec.md'), '    severity: should\n', '    severity: sometimes\n');
    const { code, err } = await carespec('validate', path.join(dir, 'spec.md'));
    expect(code).toBe(2);
    const line = readFileSync(path.join(dir, 'spec.md'), 'utf8').split('\n').findIndex((l) => l.includes('sometimes')) + 1;
    expect(err).toContain(`spec.md:${line}:15: schema/enum: Unexpected value, expected one of "must", "should" (at rules.0.severity)`);
  });

  it('names the line of malformed front matter', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'spec.md'), 'version: 1.0.0', 'version: [1.0.0');
    const { code, err } = await carespec('validate', path.join(dir, 'spec.md'));
    expect(code).toBe(2);
    expect(err).toMatch(/spec\.md:\d+:\d+: yaml\/syntax/);
  });

  it('reports an unknown rule used by a clause', async () => {
    const dir = scratchCopy(fixture('core'));
    edit(path.join(dir, 'spec.md'), 'use: [cqc-good]', 'use: [cqc-great]');
    const { err } = await carespec('validate', path.join(dir, 'spec.md'));
    expect(err).toMatch(/spec\.md:\d+:\d+: spec\/unknown-rule: Clause 1\.1 uses unknown rule "cqc-great"/);
  });

  it('reports a dataset path that leaves the evidence folder', async () => {
    const dir = scratchCopy(fixture('core'));
    writeFileSync(path.join(dir, 'evidence.yaml'), `${readFileSync(path.join(dir, 'evidence.yaml'), 'utf8')}datasets:\n  - { id: v, kind: visits, file: ../../etc/passwd }\n`);
    const { code, err } = await carespec('validate', path.join(dir, 'evidence.yaml'));
    expect(code).toBe(2);
    expect(err).toContain("evidence/path: Path \"../../etc/passwd\" leaves the manifest's folder");
    expect(existsSync(path.join(dir, 'evidence.yaml'))).toBe(true);
  });
});

describe('output files', () => {
  it('refuses to rename over something that is not a regular file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-out-'));
    const { code, err } = await carespec('check', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'), '-o', dir);
    expect(code).toBe(2);
    expect(err).toContain('is not a regular file');
  });
});

describe('check --output guards the inputs', () => {
  it('refuses to write the report over the evidence or the specification', async () => {
    const dir = scratchCopy(fixture('core'));
    const evidence = path.join(dir, 'evidence.yaml');
    const before = readFileSync(evidence, 'utf8');
    const { code, err } = await carespec('check', path.join(dir, 'spec.md'), '-e', evidence, '-o', evidence);
    expect(code).toBe(2);
    expect(err).toContain("is one of the check's inputs (evidence");
    expect(readFileSync(evidence, 'utf8')).toBe(before);
    expect((await carespec('check', path.join(dir, 'spec.md'), '-e', evidence, '-o', path.join(dir, 'library.yaml'))).code).toBe(2);
  });

  it('keeps the permissions of a report it replaces', async () => {
    const { chmodSync, statSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-out-'));
    const report = path.join(dir, 'report.md');
    writeFileSync(report, 'old');
    chmodSync(report, 0o600);
    expect((await carespec('check', fixture('core', 'spec.md'), '-e', fixture('core', 'evidence.yaml'), '-o', report)).code).toBe(0);
    expect(statSync(report).mode & 0o777).toBe(0o600);
  });
});
