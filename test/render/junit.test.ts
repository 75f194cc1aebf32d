/**
 * JUnit XML: well-formed whatever the evidence says (fast-xml-parser's validator), one suite per
 * specification and one case per rule, names made of ids and titles only, and the status in the
 * case body (failure, error, skipped).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CheckResult } from '../../src/model/types.js';
import { renderJunit } from '../../src/render/junit.js';
import { bundleResult, copy } from './bundles.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_type': string };
  error?: { '@_type': string };
  skipped?: { '@_message': string };
}

const parser = new XMLParser({ ignoreAttributes: false, trimValues: false, isArray: (name) => name === 'testcase' || name === 'testsuite' || name === 'property' });

function parse(xml: string): { suites: { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testcase: Case[] }[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid)}`);
  const doc = parser.parse(xml) as { testsuites: { testsuite: never[] } };
  return { suites: doc.testsuites.testsuite };
}

describe('JUnit', () => {
  it('one suite per specification, one case per rule, status in the body', async () => {
    const result = copy(await bundleResult('reablement-wnc', 'failing'));
    // One of each status, so every body kind appears.
    const [waived, notApplicable, error] = result.rules.filter((r) => r.status === 'fail').slice(-3);
    waived!.status = 'waived';
    notApplicable!.status = 'not_applicable';
    error!.status = 'error';
    error!.error = 'division by zero';
    const { suites } = parse(renderJunit(result));
    expect(suites).toHaveLength(1);
    const suite = suites[0]!;
    expect(suite['@_name']).toBe(`${result.spec.id}: ${result.spec.title}`);
    expect(suite.testcase).toHaveLength(result.rules.length);
    expect(Number(suite['@_tests'])).toBe(result.rules.length);
    result.rules.forEach((rule, i) => {
      const testcase = suite.testcase[i]!;
      expect(testcase['@_name']).toBe(`${rule.id}: ${rule.title}`);
      const body = testcase.failure ? 'failure' : testcase.error ? `error:${testcase.error['@_type']}` : testcase.skipped ? 'skipped' : 'none';
      const expected = { pass: 'none', fail: 'failure', error: 'error:error', not_evidenced: 'error:not_evidenced', waived: 'skipped', not_applicable: 'skipped' }[rule.status];
      expect(body, rule.id).toBe(expected);
    });
    const count = (pred: (s: string) => boolean) => result.rules.filter((r) => pred(r.status)).length;
    expect(Number(suite['@_failures'])).toBe(count((s) => s === 'fail'));
    expect(Number(suite['@_errors'])).toBe(count((s) => s === 'error' || s === 'not_evidenced'));
    expect(Number(suite['@_skipped'])).toBe(count((s) => s === 'waived' || s === 'not_applicable'));
  });

  it('case names do not change when the evidence does (partial and failing evidence, same names)', async () => {
    const names = async (variant: 'failing' | 'partial' | 'compliant') => parse(renderJunit(await bundleResult('ethical-care-homecare-bnes', variant))).suites[0]!.testcase.map((c) => `${c['@_classname']} ${c['@_name']}`);
    const failing = await names('failing');
    expect(await names('partial')).toEqual(failing);
    expect(await names('compliant')).toEqual(failing);
    // Class names keep clause numbers out of the package path (dots separate packages).
    expect(failing.every((n) => /^ethical-care-homecare-bnes\.[^.\s]+ /.test(n))).toBe(true);
  });

  it('property: any text in messages, titles and waivers keeps the XML well-formed and round-trips', async () => {
    const base = await bundleResult('outcome-homecare-bfc', 'failing');
    await fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), (message, title) => {
        const result: CheckResult = copy(base);
        const rule = result.rules.find((r) => r.status === 'fail')!;
        rule.message = message;
        rule.title = `T${title}`;
        const { suites } = parse(renderJunit(result));
        const testcase = suites[0]!.testcase.find((c) => c['@_name'].startsWith(`${rule.id}: `))!;
        expect(testcase['@_name']).toBe(`${rule.id}: T${title}`);
      }),
      { numRuns: 150 },
    );
  });
});
