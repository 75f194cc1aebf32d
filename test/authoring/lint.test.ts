import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLintCode, lint, LINT_CODES } from '../../src/authoring/lint/index.js';
import { Workspace } from '../../src/authoring/workspace.js';
import { displayPath } from '../../src/load/files.js';
import { readProfile } from '../../src/data/reading/profile.js';
import { fixture } from '../helpers.js';

/** `# expect: code[, code]` (YAML) or `<!-- expect: code -->` (markdown) on the line where lint must report each code. */
function expectations(dir: string): Set<string> {
  const expected = new Set<string>();
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const marker = /(?:#|<!--)\s*expect:\s*([a-z/,\s-]+?)\s*(?:-->)?\s*$/.exec(line);
      if (!marker) return;
      for (const code of marker[1]!.split(',').map((c) => c.trim())) expected.add(`${displayPath(file)}:${i + 1} ${code}`);
    });
  }
  return expected;
}

function lintFiles(libraries: string[], specs: string[], evidence: string[], profiles: string[] = []) {
  const workspace = new Workspace();
  const value = <T>(o: { ok: true; value: T } | { ok: false }) => {
    if (!o.ok) throw new Error('fixture does not load');
    return o.value;
  };
  return lint(
    {
      libraries: libraries.map((f) => value(workspace.library(f))),
      specs: specs.map((f) => value(workspace.spec(f))),
      evidence: evidence.map((f) => value(workspace.manifest(f))),
      profiles: profiles.map((f) => {
        const read = readProfile(f, displayPath(f));
        if (!read.ok) throw new Error('fixture does not load');
        return read.profile;
      }),
    },
    workspace,
  );
}

const found = (diagnostics: ReturnType<typeof lintFiles>) => new Set(diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`));

describe('lint codes (fixtures mark each expected finding with "expect: <code>")', () => {
  const library = lintFiles([fixture('lint', 'library', 'broken.yaml')], [], []);
  const spec = lintFiles([], [fixture('lint', 'spec', 'spec.md'), fixture('lint', 'spec', 'empty.md')], [fixture('lint', 'spec', 'evidence.yaml')], [fixture('lint', 'spec', 'profile.yaml')]);

  it('reports exactly the marked findings in a broken library (and none in the clean one beside it)', () => {
    expect([...found(library)].sort()).toEqual([...expectations(fixture('lint', 'library'))].sort());
  });

  it('reports exactly the marked findings in a specification, its imports and an evidence manifest', () => {
    expect([...found(spec)].sort()).toEqual([...expectations(fixture('lint', 'spec'))].sort());
  });

  it('has a fixture for every code, and every finding uses a documented code with its documented severity', () => {
    // Assembly's diagnostics (spec/…, logic/…) come through as they are; lint's own codes are style and usage.
    const all = [...library, ...spec].filter((d) => isLintCode(d.code));
    const covered = new Set(all.map((d) => d.code));
    expect([...covered].sort()).toEqual(Object.keys(LINT_CODES).sort());
    for (const d of all) expect(d.severity).toBe(LINT_CODES[d.code as keyof typeof LINT_CODES].severity);
    const docs = readFileSync(path.resolve(fixture('..', '..', 'docs', 'authoring.md')), 'utf8');
    for (const code of Object.keys(LINT_CODES)) expect(docs, `docs/authoring.md documents ${code}`).toContain(`\`${code}\``);
  });

  it('gives clear messages with positions and suggestions', () => {
    const typo = library.find((d) => d.message.includes('cqc_ratng'))!;
    expect(typo).toMatchObject({ code: 'spec/unknown-fact', severity: 'error', column: 18, field: 'rules.0.test.in.0' });
    expect(typo.message).toContain('(did you mean "cqc_rating"?)');
    expect(spec.find((d) => d.code === 'lint/parameter-no-value')!.message).toContain('its first value is from 2026-01-01');
  });

  it('reports logic that does not compile (too large) as assembly does, logic/too-large', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-lint-'));
    const values = Array.from({ length: 10_001 }, (_, i) => i).join(', ');
    const file = path.join(dir, 'huge.yaml');
    writeFileSync(
      file,
      `carespec: rule-library/1\nid: huge\ntitle: Huge\nversion: 1.0.0\nfacts:\n  n: { title: N, type: number }\nrules:\n  - id: huge\n    title: Huge\n    severity: must\n    rationale: x\n    remediation: x\n    test: { in: [{ var: facts.n }, [${values}]] }\n    examples:\n      pass: [{ facts: { n: 1 } }]\n      fail: [{ facts: { n: -1 } }]\n`,
    );
    const diagnostics = lintFiles([file], [], []);
    expect(diagnostics.map((d) => d.code)).toEqual(['logic/too-large']);
    expect(diagnostics[0]!.message).toMatch(/too large/);
  });

  it('finds nothing in the clean fixture', () => {
    expect(lintFiles([fixture('lint', 'clean', 'library.yaml')], [fixture('lint', 'clean', 'spec.md')], [])).toEqual([]);
  });
});
