/**
 * SARIF 2.1.0: valid against the SARIF 2.1.0 JSON schema (draft-04, validated with ajv-draft-04);
 * every result has one physical location that exists (the CSV line of a failing row, else the
 * specification line of the clause), a ruleId described in tool.driver.rules, a stable unique
 * fingerprint and the level its status calls for; GitHub's 25,000-results limit holds.
 *
 * The schema file comes from the npm package @microsoft/jest-sarif (MIT): the SARIF 2.1.0 RTM.5
 * schema as published by the OASIS SARIF TC. The OASIS standard (errata 01) adds only
 * `type: string` beside enums and requires a region to have startLine, charOffset or byteOffset;
 * this test checks startLine on every region itself.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import type { CheckResult } from '../../src/model/types.js';
import { renderSarif, SARIF_MAX_RESULTS } from '../../src/render/sarif.js';
import { ROOT } from '../helpers.js';
import { BUNDLES, bundleResult, copy } from './bundles.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// The schema's language-tag pattern is not a valid Unicode-mode regular expression: compile patterns as plain ones.
// Both packages are CommonJS that also set `exports.default`: that is the class and the plugin under either interop.
const Ajv = AjvDraft04.default;
const addFormats = formats.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const sarif = (result: CheckResult): Log => JSON.parse(renderSarif(result)) as Log;
const results = (log: Log): Result[] => log.runs[0]!.results ?? [];
const lineCount = (file: string) => readFileSync(path.join(ROOT, file), 'utf8').split('\n').length;

describe('SARIF', () => {
  for (const bundle of BUNDLES) {
    for (const variant of ['failing', 'partial', 'compliant'] as const) {
      it(`${bundle} ${variant}: valid SARIF 2.1.0 with a real location for every result`, async () => {
        const result = await bundleResult(bundle, variant);
        const log = sarif(result);
        expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
        expect(log.version).toBe('2.1.0');
        const run = log.runs[0]!;
        const rules = run.tool.driver.rules ?? [];
        const expected = result.rules.filter((r) => !['pass', 'not_applicable'].includes(r.status));
        expect(results(log).length).toBeGreaterThanOrEqual(expected.length);
        const fingerprints = new Set<string>();
        for (const r of results(log)) {
          expect(r.locations).toHaveLength(1);
          const physical = r.locations![0]!.physicalLocation!;
          const file = decodeURI(physical.artifactLocation!.uri!);
          expect(path.isAbsolute(file)).toBe(false);
          expect(physical.region!.startLine!).toBeGreaterThanOrEqual(1);
          expect(physical.region!.startLine!).toBeLessThanOrEqual(lineCount(file));
          expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
          const fingerprint = r.partialFingerprints!['carespec/v1']!;
          expect(fingerprints.has(fingerprint), `${r.ruleId} ${file}:${physical.region!.startLine}`).toBe(false);
          fingerprints.add(fingerprint);
        }
        // Row-level findings point at the failing CSV line; others at the specification.
        for (const rule of result.rules.filter((r) => r.status === 'fail' && (r.records?.failedLines.length ?? 0) > 0)) {
          const rows = results(log).filter((r) => r.ruleId === rule.id);
          expect(rows.length).toBe(rule.records!.failedLines.reduce((n, f) => n + f.lines.length, 0));
          expect(rows.every((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri!.endsWith('.csv'))).toBe(true);
        }
        expect(renderSarif(copy(result))).toBe(renderSarif(result));
      });
    }
  }

  it('levels: must failures are errors, should failures and gaps warnings, waived results notes', async () => {
    const result = copy(await bundleResult('reablement-wnc', 'failing'));
    const must = result.rules.find((r) => r.severity === 'must' && r.status === 'fail' && !r.records)!;
    const should = result.rules.find((r) => r.severity === 'should' && r.status === 'fail' && !r.records)!;
    const gap = result.rules.find((r) => r.status === 'not_evidenced')!;
    const waived = result.rules.find((r) => r.status === 'fail' && r.records && r.id !== must.id)!;
    waived.status = 'waived';
    waived.waiver = { rule: waived.id, justification: 'agreed recovery plan', approved_by: 'Commissioner', approved_on: '2024-01-01', expires: '2025-01-01', status: 'applied' };
    const log = sarif(result);
    expect(validate(log)).toBe(true);
    const levels = (id: string) => [...new Set(results(log).filter((r) => r.ruleId === id).map((r) => r.level))];
    expect(levels(must.id)).toEqual(['error']);
    expect(levels(should.id)).toEqual(['warning']);
    expect(levels(gap.id)).toEqual(['warning']);
    expect(levels(waived.id)).toEqual(['note']);
    expect(results(log).filter((r) => r.ruleId === gap.id)[0]!.message.text).toContain('Supply:');
  });

  it(`keeps at most ${SARIF_MAX_RESULTS} results, errors first, and says how many it left out`, async () => {
    const result = copy(await bundleResult('reablement-wnc', 'failing'));
    const rowRule = result.rules.find((r) => r.severity === 'should' && r.status === 'fail' && r.records)!;
    rowRule.records!.failedLines = [{ file: 'data/visits.csv', lines: Array.from({ length: 30_000 }, (_, i) => i + 2) }];
    const log = sarif(result);
    expect(validate(log)).toBe(true);
    expect(results(log)).toHaveLength(SARIF_MAX_RESULTS);
    const errors = sarif(await bundleResult('reablement-wnc', 'failing')).runs[0]!.results!.filter((r) => r.level === 'error').length;
    expect(results(log).filter((r) => r.level === 'error')).toHaveLength(errors);
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toMatch(/left out/);
  });

  it('describes each rule once, with at most 10 tags', async () => {
    const log = sarif(await bundleResult('ethical-care-homecare-bnes', 'failing'));
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) expect((rule.properties?.tags ?? []).length).toBeLessThanOrEqual(10);
  });
});
