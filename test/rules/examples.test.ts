/**
 * Every rule's inline examples in rules/*.yaml (and in the specifications'
 * own rule blocks) evaluated through the engine: a `pass` example must give
 * `pass` and a `fail` example `fail`. The libraries are assembled together
 * with a tiny in-memory specification, because they share declarations
 * (monitoring.yaml declares the `visits` dataset that other libraries read).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/load/library.js';
import { loadSpecification } from '../../src/load/spec.js';
import { assemble, type Plan } from '../../src/validate/assemble.js';
import { runOnContext } from '../../src/authoring/rule-tests.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import type { JsonObject, RuleLibrary, Specification } from '../../src/model/types.js';
import { repoFile } from '../helpers.js';

const libraryFiles = readdirSync(repoFile('rules'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => repoFile('rules', f));

const libraries: RuleLibrary[] = libraryFiles.map((file) => {
  const loaded = loadLibrary(file);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n'));
  return loaded.value;
});

/** A specification that imports every library and selects every rule. */
const everything: Specification = {
  id: 'all-rule-examples',
  title: 'Every rule of every library (test)',
  version: '1.0.0',
  commissioner: 'test',
  contractPeriod: { start: '2011-01-01', end: '2099-12-31' },
  imports: libraryFiles,
  importSources: [],
  metrics: [],
  parameterOverrides: [],
  exclude: [],
  verdictPolicy: 'must',
  maxBadRowShare: 0.01,
  clauses: [],
  facts: [],
  rules: [],
  tailoring: {},
  groups: [],
  file: 'test/rules/examples.test.ts',
  sha256: '',
};

function planFor(spec: Specification, libs: readonly RuleLibrary[]): Plan {
  const assembled = assemble(spec, libs);
  if (!assembled.ok) throw new Error(assembled.diagnostics.map((d) => d.message).join('\n'));
  return assembled.plan;
}

const plan = planFor(everything, libraries);

type Case = { library: string; rule: string; expected: 'pass' | 'fail'; index: number; example: JsonObject };
const cases: Case[] = libraries.flatMap((library) =>
  library.rules.flatMap((rule) =>
    (['pass', 'fail'] as const).flatMap((expected) =>
      rule.examples[expected].map((example, index) => ({ library: library.id, rule: rule.id, expected, index, example })),
    ),
  ),
);

describe('rule libraries: inline examples', () => {
  it('loads the seven libraries', () => {
    expect(libraries.map((l) => l.id).sort()).toEqual(['ethical-care-charter', 'homecare-kpis', 'monitoring', 'payments', 'quality', 'reablement-kpis', 'wages']);
  });

  it('gives every rule at least one pass and one fail example', () => {
    const lacking = libraries.flatMap((l) => l.rules.filter((r) => r.examples.pass.length === 0 || r.examples.fail.length === 0).map((r) => r.id));
    expect(lacking).toEqual([]);
  });

  it.each(cases)('$library › $rule examples.$expected[$index]', ({ rule, expected, example }) => {
    const planned = plan.rules.find((p) => p.rule.id === rule);
    expect(planned, `rule ${rule} is in the plan`).toBeDefined();
    const result = runOnContext(plan, planned!, example);
    expect(result.status, result.message).toBe(expected);
  });
});

describe('specifications: rules defined in clause blocks', () => {
  const specs = readdirSync(repoFile('specs')).filter((f) => f.endsWith('.md')).sort();
  const specCases = specs.flatMap((name) => {
    const loaded = loadSpecification(repoFile('specs', name));
    if (!loaded.ok) throw new Error(`${name}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    const spec = loaded.value;
    const libs = spec.imports.map((file) => {
      const library = libraries.find((l) => path.basename(l.file) === path.basename(file));
      if (!library) throw new Error(`${name} imports ${file}, which is not in rules/`);
      return library;
    });
    const specPlan = planFor(spec, libs);
    return spec.rules.flatMap((rule) =>
      (['pass', 'fail'] as const).flatMap((expected) =>
        rule.examples[expected].map((example, index) => ({ spec: spec.id, rule: rule.id, expected, index, example, specPlan })),
      ),
    );
  });

  it('has at least one spec-defined rule with examples', () => {
    expect(specCases.length).toBeGreaterThan(0);
  });

  it.each(specCases)('$spec › $rule examples.$expected[$index]', ({ rule, expected, example, specPlan }) => {
    const planned = specPlan.rules.find((p) => p.rule.id === rule)!;
    const result = runOnContext(specPlan, planned, example);
    expect(result.status, result.message).toBe(expected);
  });
});

describe('carespec test', () => {
  it('passes every example of rules/ and specs/ with full coverage', async () => {
    const io = captureIo();
    const code = await run(['test', repoFile('rules'), repoFile('specs')], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toMatch(/ 0 failed/);
  });
});
