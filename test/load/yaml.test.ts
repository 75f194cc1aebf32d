import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/load/yaml.js';

describe('parseYaml', () => {
  it('parses YAML 1.2 and keeps dates as strings', () => {
    const out = parseYaml('a: 2024-05-01\nb: [1, 2]\n', 'x.yaml');
    expect(out.ok && out.value.value).toEqual({ a: '2024-05-01', b: [1, 2] });
  });

  it('refuses a %YAML 1.1 directive, whose schema reads yes as true, 1:30 as 90 and dates as Date objects', () => {
    const out = parseYaml('# exported\n%YAML 1.1\n---\na: yes\nb: 1:30\nc: 2025-04-01\n', 'x.yaml');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.diagnostics[0]).toMatchObject({ code: 'yaml/version', line: 2, column: 1 });
    const explicit12 = parseYaml('%YAML 1.2\n---\na: yes\nb: 1:30\nc: 2025-04-01\n', 'x.yaml');
    expect(explicit12.ok && explicit12.value.value).toEqual({ a: 'yes', b: '1:30', c: '2025-04-01' });
  });

  it('locates nested values by path', () => {
    const out = parseYaml('top:\n  list:\n    - one\n    - two\n', 'x.yaml');
    if (!out.ok) throw new Error('expected ok');
    expect(out.value.locate(['top', 'list', 1])).toEqual({ line: 4, column: 7 });
  });

  it.each([
    ['duplicate keys', 'a: 1\na: 2\n', 'yaml/duplicate-key', 2],
    ['unresolved tags', 'a: !!js/function "x"\n', 'yaml/unresolved-tag', 1],
    ['python tags', 'a: !!python/object:os.system [ls]\n', 'yaml/unresolved-tag', 1],
    ['syntax errors', 'a: [1, 2\n', 'yaml/syntax', 2],
    ['prototype keys', 'x:\n  __proto__: { polluted: true }\n', 'yaml/forbidden-key', 2],
    ['constructor keys', 'constructor: 1\n', 'yaml/forbidden-key', 1],
  ])('refuses %s with file and line', (_, text, code, line) => {
    const out = parseYaml(text, 'bad.yaml');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.diagnostics[0]).toMatchObject({ code, file: 'bad.yaml', line });
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const out = parseYaml(bomb.join('\n'), 'bomb.yaml');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.diagnostics[0]?.code).toBe('yaml/alias');
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    const out = parseYaml(`a: ${deep}\n`, 'deep.yaml');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.diagnostics[0]?.code).toBe('yaml/too-deep');
  });

  it('offsets positions for embedded YAML', () => {
    const out = parseYaml('a: 1\na: 2\n', 'spec.md', { lineOffset: 10 });
    expect(!out.ok && out.diagnostics[0]?.line).toBe(12);
  });
});
