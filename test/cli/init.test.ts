import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseDocument } from 'yaml';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { loadEvidence } from '../../src/load/evidence.js';
import { fixture, repoFile } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

const scratch = () => mkdtempSync(path.join(tmpdir(), 'carespec-init-'));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Fill a template the way a provider would, from an example bundle: every null
 * takes the example's value at the same path; entries the example does not
 * have are deleted (the provider has no such evidence yet).
 */
function fill(template: Json, example: Json): Json {
  if (template === null) return example;
  if (Array.isArray(template)) {
    const examples = Array.isArray(example) ? example : [];
    return template
      .map((item) => {
        const kind = (item as { kind?: string }).kind;
        const match = examples.find((e) => (e as { kind?: string }).kind === kind);
        return match === undefined ? undefined : fill(item, match);
      })
      .filter((x): x is Json => x !== undefined);
  }
  if (typeof template === 'object') {
    const out: { [key: string]: Json } = {};
    const source = (example ?? {}) as { [key: string]: Json };
    for (const [key, value] of Object.entries(template)) {
      if (!Object.hasOwn(source, key)) continue;
      out[key] = fill(value, source[key]!);
    }
    return out;
  }
  return template;
}

const bundles = [
  [fixture('core', 'spec.md'), fixture('core', 'evidence.yaml')],
  [repoFile('specs', 'example-homecare.md'), repoFile('examples', 'example-homecare', 'evidence.yaml')],
].filter(([spec, evidence]) => existsSync(spec!) && existsSync(evidence!)) as [string, string][];

describe('carespec init', () => {
  it.each(bundles)('writes a template for %s that, filled from the example bundle, validates', async (spec, evidence) => {
    const dir = scratch();
    const output = path.join(dir, 'evidence.yaml');
    const { code } = await carespec('init', '--spec', spec, '--output', output);
    expect(code).toBe(0);
    const text = readFileSync(output, 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${path.relative(dir, repoFile('schemas', 'evidence.schema.json'))}`);
    const doc = parseDocument(text);
    expect(doc.errors).toEqual([]);
    const template = doc.toJS() as Json;
    expect(template).toMatchObject({ carespec: 'evidence/1', provider: { name: null, region: null }, period: { start: null, end: null } });

    const filled = fill(template, parse(readFileSync(evidence, 'utf8')) as Json) as { [key: string]: Json };
    filled.carespec = 'evidence/1';
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(repoFile('schemas', 'evidence.schema.json'), 'utf8')) as object);
    expect(validate(filled), JSON.stringify(validate.errors)).toBe(true);
    // And it loads as evidence (dataset files are not copied, so drop them).
    delete filled.datasets;
    writeFileSync(output, JSON.stringify(filled));
    expect(loadEvidence(output).ok).toBe(true);
  });

  it('lists every fact and attestation the rules read, with its clause, type and rules', async () => {
    const { code, out } = await carespec('init', '-s', fixture('core', 'spec.md'), '-o', '-');
    expect(code).toBe(0);
    const template = parse(out) as { facts: Record<string, unknown>; attestations: Record<string, unknown> };
    expect(Object.keys(template.facts).sort()).toEqual(['cqc_rating', 'lowest_hourly_pay', 'shortest_visit_minutes', 'time_critical_on_time_percent', 'time_critical_visits']);
    expect(Object.keys(template.attestations)).toEqual(['complaints_policy']);
    expect(out).toContain('  # Lowest hourly pay: a number in GBP/hour.\n  # Needed by pay-living-wage (must, clause 2.1).\n  lowest_hourly_pay:\n    value: null\n');
    expect(out).toContain('# Selects regional parameter values: default, london');
  });

  it('never overwrites a file without --force', async () => {
    const dir = scratch();
    const output = path.join(dir, 'evidence.yaml');
    writeFileSync(output, 'mine');
    const refused = await carespec('init', '-s', fixture('core', 'spec.md'), '-o', output);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('already exists; pass --force to replace it');
    expect(readFileSync(output, 'utf8')).toBe('mine');
    const checklist = path.join(dir, 'checklist.md');
    writeFileSync(checklist, 'mine too');
    const partly = await carespec('init', '-s', fixture('core', 'spec.md'), '-o', path.join(dir, 'new.yaml'), '--checklist', checklist);
    expect(partly.code).toBe(2);
    expect(existsSync(path.join(dir, 'new.yaml'))).toBe(false);
    const forced = await carespec('init', '-s', fixture('core', 'spec.md'), '-o', output, '--checklist', checklist, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/^# yaml-language-server/);
  });

  it('writes an evidence checklist as markdown', async () => {
    const dir = scratch();
    const checklist = path.join(dir, 'checklist.md');
    const { code } = await carespec('init', '-s', fixture('core', 'spec.md'), '-o', path.join(dir, 'evidence.yaml'), '--checklist', checklist);
    expect(code).toBe(0);
    const md = readFileSync(checklist, 'utf8');
    expect(md).toMatch(/^# Evidence checklist: Core fixture specification\n/);
    expect(md).toContain('- [ ] **Provider:** name and region');
    expect(md).toMatch(/\| ☐ +\| `lowest_hourly_pay` Lowest hourly pay +\| a number in GBP\/hour +\| 2\.1 Pay +\| pay-living-wage \(must, clause 2\.1\) +\|/);
    expect(md).toContain('## Attestations (1)');
  });
});

describe('carespec init on every bundled specification', () => {
  const specs = existsSync(repoFile('specs')) ? readdirSync(repoFile('specs')).filter((f) => f.endsWith('.md')) : [];
  it.runIf(specs.length > 0).each(specs)('writes a valid YAML template for specs/%s', async (name) => {
    const { code, out } = await carespec('init', '-s', repoFile('specs', name), '-o', '-');
    expect(code).toBe(0);
    expect(parseDocument(out).errors).toEqual([]);
    expect(out.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+evidence\.schema\.json$/);
  });
});
