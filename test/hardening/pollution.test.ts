/**
 * Prototype pollution by another module: a key set on Object.prototype must
 * never be read as evidence. A rule reading `facts.x` (or `attestations.x`,
 * `provider.x`) is not_evidenced while Object.prototype.x exists, never pass.
 *
 * Each test pollutes, runs, and deletes the key in `finally`, so a failure
 * cannot leak the pollution into other tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareCheck } from '../../src/pipeline.js';
import { runCheck } from '../../src/evaluate/check.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { fixture } from '../helpers.js';

const polluted = ['polluted_fact', 'polluted_attestation', 'polluted_field'];
afterEach(() => {
  for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
});

function specReading(tests: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-pollution-'));
  const rules = tests
    .map(
      (test, i) => `  - id: r${i}
    title: Reads a polluted key
    severity: must
    rationale: x
    remediation: y
    test: ${test}
`,
    )
    .join('');
  const spec = path.join(dir, 'spec.md');
  writeFileSync(
    spec,
    `---
carespec: specification/1
id: pollution
title: Pollution
version: 1.0.0
commissioner: Test Council
contract_period: { start: "2024-05-01", end: "2027-03-31" }
---

# Pollution

## 1. Rules

\`\`\`carespec
facts:
  polluted_fact: { title: "Declared, so assembly accepts the rules that read it", type: boolean }
rules:
${rules}\`\`\`
`,
  );
  return spec;
}

const TESTS = [
  '{ "==": [{ var: facts.polluted_fact }, true] }',
  '{ var: attestations.polluted_attestation }',
  '{ "==": [{ var: provider.polluted_field }, true] }',
  '{ "!!": { var: facts.polluted_fact } }',
  '{ "==": [{ var: [facts.polluted_fact] }, true] }',
  '{ "some": [[1], { "==": [{ var: "" }, 1] }] }', // control: passes, proves the spec runs
];

const pollute = () => {
  // Non-enumerable and enumerable variants are both exercised below.
  (Object.prototype as Record<string, unknown>).polluted_fact = true;
  (Object.prototype as Record<string, unknown>).polluted_attestation = true;
  (Object.prototype as Record<string, unknown>).polluted_field = true;
};

describe('a polluted Object.prototype', () => {
  it('is not evidence when the pollution happens after loading (evaluate only)', () => {
    const prepared = prepareCheck(specReading(TESTS), fixture('core', 'evidence.yaml'));
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics));
    pollute();
    let statuses: Record<string, string>;
    try {
      const result = runCheck(prepared.value.plan, prepared.value.evidence);
      statuses = Object.fromEntries(result.rules.map((r) => [r.id, r.status]));
    } finally {
      for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
    }
    expect(statuses).toEqual({ r0: 'not_evidenced', r1: 'not_evidenced', r2: 'not_evidenced', r3: 'not_evidenced', r4: 'not_evidenced', r5: 'pass' });
  });

  it('is not evidence through the whole CLI run, enumerable or not (never a pass)', async () => {
    const spec = specReading(TESTS);
    const argv = ['check', spec, '--evidence', fixture('core', 'evidence.yaml'), '--format', 'json'];
    await run(argv, captureIo()); // warm up: schemas compiled before pollution
    for (const enumerable of [false, true]) {
      for (const key of polluted) Object.defineProperty(Object.prototype, key, { value: true, enumerable, configurable: true, writable: true });
      const io = captureIo();
      let code: number;
      try {
        code = await run(argv, io);
      } finally {
        for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
      }
      if (code === 2) {
        // Enumerable pollution shows up in `for…in` loops (ajv's additionalProperties) as unexpected
        // properties: refused as bad input, which is also not a pass.
        expect(io.err, `enumerable=${enumerable}`).toMatch(/schema\/additionalProperties: Unexpected property "polluted_/);
        continue;
      }
      const result = JSON.parse(io.out) as { rules: { id: string; status: string }[] };
      const statuses = Object.fromEntries(result.rules.map((r) => [r.id, r.status]));
      expect(statuses, `enumerable=${enumerable}`).toEqual({ r0: 'not_evidenced', r1: 'not_evidenced', r2: 'not_evidenced', r3: 'not_evidenced', r4: 'not_evidenced', r5: 'pass' });
      expect(code).toBe(1);
    }
  });

  it('leaves no trace: after deleting the key the same rule is still not evidenced (nothing cached)', async () => {
    const spec = specReading([TESTS[0]!]);
    const io = captureIo();
    expect(await run(['check', spec, '--evidence', fixture('core', 'evidence.yaml'), '--format', 'json'], io)).toBe(1);
    expect((JSON.parse(io.out) as { rules: { status: string }[] }).rules[0]!.status).toBe('not_evidenced');
  });
});
