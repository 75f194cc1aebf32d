import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { preparePlan } from '../../src/pipeline.js';
import { fixture, repoFile } from '../helpers.js';

const carespec = async (...argv: string[]) => {
  const io = captureIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
};

const specs = [
  fixture('core', 'spec.md'),
  ...(existsSync(repoFile('specs')) ? readdirSync(repoFile('specs')).filter((f) => f.endsWith('.md')).map((f) => repoFile('specs', f)) : []),
];

describe('carespec render', () => {
  it.each(specs)('states every selected rule of %s under its clause, with its severity', async (spec) => {
    const { code, out } = await carespec('render', spec);
    expect(code).toBe(0);
    const plan = preparePlan(spec);
    if (!plan.ok) throw new Error('spec does not load');
    for (const { rule } of plan.value.rules) {
      expect(out).toContain(`\`${rule.id}\``);
    }
    for (const clause of plan.value.spec.clauses.filter((c) => c.depth > 1)) expect(out).toContain(clause.title);
    expect(out).toContain('**Severity:** Must — mandatory');
    expect((await carespec('render', spec)).out).toBe(out); // reproducible
  });

  it('states thresholds in words with the parameter values and effective dates over the contract period', async () => {
    const { out } = await carespec('render', fixture('core', 'spec.md'));
    expect(out).toContain('**Requirement:** Lowest hourly pay is at least the Real Living Wage');
    expect(out).toContain('**Threshold:** Real Living Wage (`living_wage`): everywhere else: 12 GBP/hour from 2024-05-01, then 12.6 GBP/hour from 2025-05-01; london: 13.15 GBP/hour from 2024-05-01, then 13.85 GBP/hour from 2025-05-01');
    expect(out).toContain('**Applies when:** Provider delivers time-critical visits is true');
    expect(out).toContain('**Requirement:** A signed attestation “complaints_policy” is present');
    expect(out).toMatch(/\| `living_wage` Real Living Wage +\| london +\| 13\.85 GBP\/hour +\| 2025-05-01 +\| 2024-10-23 +\| facts +\|/);
    expect(out).toContain('Stage 1: `no-short-visits`');
  });

  it('writes the document to a file', async () => {
    const output = path.join(mkdtempSync(path.join(tmpdir(), 'carespec-render-')), 'spec.md');
    const { code, err } = await carespec('render', fixture('core', 'spec.md'), '--output', output);
    expect(code).toBe(0);
    expect(err).toContain('specification written to');
    expect(readFileSync(output, 'utf8')).toMatch(/^# Core fixture specification\n/);
  });

  it('exits 2 for a specification that does not load', async () => {
    expect((await carespec('render', fixture('core', 'nope.md'))).code).toBe(2);
  });
});
