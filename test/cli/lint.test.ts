import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('carespec lint', () => {
  it('finds nothing in the bundled rules/, specs/ and examples/', async () => {
    const folders = ['rules', 'specs', 'examples'].filter((f) => existsSync(repoFile(f)));
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const { code, out, err } = await carespec('lint', ...folders);
      expect(err).toBe('');
      const findings = out.trim().split('\n').slice(0, -1);
      expect(findings, out).toEqual([]);
      expect(code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 0 for clean files', async () => {
    const { code, out } = await carespec('lint', fixture('lint', 'clean'));
    expect(code).toBe(0);
    expect(out).toBe('2 files, 0 errors, 0 warnings\n');
  });

  it('exits 1 with file:line:col: code: message for lint errors', async () => {
    const dir = scratchCopy(fixture('lint', 'clean'));
    edit(path.join(dir, 'library.yaml'), /test: \{.*\}\n/, 'test: { "==": [1, 1] }\n');
    const { code, out } = await carespec('lint', path.join(dir, 'library.yaml'));
    expect(code).toBe(1);
    expect(out).toMatch(/library\.yaml:\d+:\d+: lint\/constant-test: Rule "\S+" has a test that reads no evidence/m);
    expect(out).toMatch(/1 files?, 1 error, \d+ warnings?\n$/);
  });

  it('exits 2 with assembly\'s diagnostics (as validate gives them) and still reports style findings', async () => {
    const { code, out, err } = await carespec('lint', fixture('lint', 'library', 'broken.yaml'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^test\/fixtures\/lint\/library\/broken\.yaml:38:18: spec\/unknown-fact: Unexpected fact "cqc_ratng" in rule "typo-fact": .*\(did you mean "cqc_rating"\?\) \(at rules\.0\.test\.in\.0\)$/m);
    expect(err).toMatch(/^test\/fixtures\/lint\/library\/broken\.yaml:10:3: warning lint\/unused-parameter: /m);
    expect(err).toMatch(/could not be read, validated or assembled/);
  });

  it('exits 1 only when warnings exceed --max-warnings', async () => {
    const dir = scratchCopy(fixture('lint', 'clean'));
    edit(path.join(dir, 'library.yaml'), /      fail: \[\{ facts: \{ rating: 2 \} \}\]\n/, '');
    expect((await carespec('lint', dir)).code).toBe(0);
    expect((await carespec('lint', dir, '--max-warnings', '1')).code).toBe(0);
    const strict = await carespec('lint', dir, '--max-warnings', '0');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('warning lint/no-failing-example');
    expect(strict.err).toContain('1 warnings, more than --max-warnings 0');
    for (const lenient of ['lots', '1e999', '0x10', '1.5', '-1', '']) expect((await carespec('lint', dir, '--max-warnings', lenient)).code, lenient).toBe(2);
  });

  it('exits 2 for unreadable or invalid input', async () => {
    const missing = await carespec('lint', fixture('lint', 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('file/unreadable');
    const dir = scratchCopy(fixture('lint', 'clean'));
    edit(path.join(dir, 'library.yaml'), 'severity: must', 'severity: maybe');
    const invalid = await carespec('lint', path.join(dir, 'library.yaml'));
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/library\.yaml:\d+:\d+: schema\/enum/);
    // No "1 files, 0 errors" report over a file that was never linted.
    expect(invalid.out).toBe('');
    expect(invalid.err).toContain('1 file, 1 error (1 in files that could not be read, validated or assembled');
  });

  it('refuses a reconcile entry whose fact or metric nobody declares, as check does', async () => {
    const dir = scratchCopy(fixture('lint', 'clean'));
    const library = path.join(dir, 'library.yaml');
    writeFileSync(library, `${readFileSync(library, 'utf8')}reconcile:\n  - { id: declared-vs-data, title: Declared against data, fact: no_such_fact, metric: no_such_metric }\n`);
    const { code, err } = await carespec('lint', library);
    expect(code).toBe(2);
    expect(err).toMatch(/library\.yaml:\d+:\d+: spec\/unknown-reconcile-name: Unexpected fact "no_such_fact" in reconciliation "declared-vs-data"/);
    expect(err).toContain('Unexpected metric "no_such_metric"');
  });

  it('writes JSON findings', async () => {
    const output = path.join(mkdtempSync(path.join(tmpdir(), 'carespec-lint-')), 'lint.json');
    const { code } = await carespec('lint', fixture('lint', 'spec', 'empty.md'), '--format', 'json', '--output', output);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(output, 'utf8')) as { errors: number; warnings: number; findings: { code: string }[] };
    expect(json.errors).toBe(0);
    expect(json.warnings).toBeGreaterThan(0);
    expect(json.findings.map((f) => f.code)).toContain('lint/no-rules');
  });
});
