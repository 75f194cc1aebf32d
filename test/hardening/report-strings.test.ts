/**
 * Property: any string in the evidence, in any field that reaches the report
 * (provider name and extra provider fields, fact values, sources, waiver
 * justification and approver, attestation statement and signer), goes through
 * the whole pipeline (YAML file → load → check → markdown) without changing the
 * report's structure: the same sections and tables of the same size, no HTML,
 * no images, no link that hides its target, exactly one top-level heading.
 *
 * The HTML report, read back with parse5 (the HTML parser browsers follow), has the same elements
 * with the same attributes in the same order whatever the evidence says: no evidence string can
 * add an element, an attribute or a script.
 *
 * Also: the same inputs give the same bytes (run() twice, md, json and html).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent } from 'mdast';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { fixture } from '../helpers.js';
import { elements, skeleton } from '../render/html-dom.js';

const LIBRARY = fixture('core', 'library.yaml');

/** The core spec, with its local rule inverted so it fails and shows the attestation (and its signer) as seen evidence. */
const SPEC = `---
carespec: specification/1
id: report-strings
title: Report strings
version: 1.0.0
commissioner: Test Council
contract_period: { start: "2024-05-01", end: "2027-03-31" }
imports: [${JSON.stringify(LIBRARY)}]
---

# Report strings

## 1. Quality

### 1.1 CQC rating

\`\`\`carespec
use: [cqc-good, pay-living-wage, no-short-visits, time-critical-on-time]
rules:
  - id: attestation-shown
    title: Attestation is shown
    severity: must
    rationale: x
    remediation: y
    test: { "!": { var: attestations.complaints_policy } }
\`\`\`
`;

interface Strings {
  providerName: string;
  providerField: string;
  factValue: string;
  document: string;
  locator: string;
  url: string;
  justification: string;
  approvedBy: string;
  statement: string;
  signer: string;
  role: string;
}

/**
 * JSON strings are YAML double-quoted scalars, so any string (control characters escaped) round-trips.
 * JSON leaves DEL (U+007F) raw, and a raw control character makes the file unreadable (file/encoding),
 * so it is escaped too: the property is about what a valid manifest can say.
 */
const y = (s: string) => JSON.stringify(s).replace(/\u007f/g, '\\u007f');

function evidence(s: Strings): string {
  return `carespec: evidence/1
provider: { name: ${y(s.providerName)}, region: london, trading_as: ${y(s.providerField)} }
period: { start: "2025-04-01", end: "2025-06-30" }
facts:
  cqc_rating: { value: ${y(s.factValue)}, source: { document: ${y(s.document)}, locator: ${y(s.locator)}, url: ${y(s.url)} } }
  lowest_hourly_pay: { value: 10, source: { document: ${y(s.document)} } }
  shortest_visit_minutes: { value: 10, source: { document: ${y(s.document)}, locator: ${y(s.locator)}, url: ${y(s.url)} } }
  time_critical_visits: { value: false, source: { document: Service profile } }
attestations:
  complaints_policy:
    statement: ${y(s.statement)}
    signed_by: { name: ${y(s.signer)}, role: ${y(s.role)} }
    signed_on: "2025-07-01"
waivers:
  - { rule: pay-living-wage, justification: ${y(s.justification)}, approved_by: ${y(s.approvedBy)}, approved_on: "2025-01-01", expires: "2025-12-31" }
`;
}

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;

function shape(tree: Root): string[] {
  return tree.children.map((n) => (n.type === 'table' ? `table:${n.children.length}x${n.children[0]?.children.length}` : n.type === 'list' ? `list:${n.children.length}` : n.type === 'heading' ? `h${n.depth}` : n.type));
}

function unsafe(tree: Root): string[] {
  const problems: string[] = [];
  const walk = (node: Root | RootContent) => {
    if (node.type === 'html' || node.type === 'image' || node.type === 'imageReference' || node.type === 'definition' || node.type === 'linkReference' || node.type === 'footnoteDefinition') problems.push(node.type);
    if (node.type === 'link') {
      const label = node.children.map((c) => ('value' in c ? c.value : '')).join('');
      if (!(node.url === label || node.url === `http://${label}` || node.url === `mailto:${label}`)) problems.push(`link [${label}](${node.url})`);
    }
    if (node.type === 'table') {
      const width = node.children[0]?.children.length;
      if (node.children.some((row) => row.children.length !== width)) problems.push('ragged table');
    }
    if ('children' in node) for (const child of node.children as RootContent[]) walk(child);
  };
  walk(tree);
  if (tree.children.filter((n) => n.type === 'heading' && n.depth === 1).length !== 1) problems.push('top-level headings');
  return problems;
}

async function checkWith(s: Strings, format: Format = 'md', times = 1): Promise<{ code: number; out: string; err: string }[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-strings-'));
  try {
    const runs = [];
    for (let i = 0; i < times; i++) runs.push(await checkOnce(dir, s, format));
    return runs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each run writes its inputs afresh (same bytes, same paths), so nothing is carried over but the files. */
async function checkOnce(dir: string, s: Strings, format: Format): Promise<{ code: number; out: string; err: string }> {
  {
    writeFileSync(path.join(dir, 'spec.md'), SPEC);
    writeFileSync(path.join(dir, 'evidence.yaml'), evidence(s));
    const io = captureIo();
    const code = await run(['check', path.join(dir, 'spec.md'), '--evidence', path.join(dir, 'evidence.yaml'), '--format', format], io);
    return { code, out: io.out, err: io.err };
  }
}

type Format = 'md' | 'json' | 'html';

const BENIGN: Strings = {
  providerName: 'Benign Care Ltd',
  providerField: 'Benign',
  factValue: 'Bad',
  document: 'Document',
  locator: 'p. 1',
  url: 'https://example.org/doc',
  justification: 'Justified',
  approvedBy: 'Approver',
  statement: 'Statement',
  signer: 'Signer',
  role: 'Role',
};

/** Markdown-significant characters, HTML, link syntax, line breaks and arbitrary Unicode, mixed. */
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom('|', '\n', '\r\n', '<script>', '</td>', '<!--', '-->', '`', '```', '~~~', '*', '_', '#', '>', '-', '[x]', '](javascript:alert(1))', '![i](http://e/i.png)', '[r]: http://e', '\\', '&amp;', '&#60;', 'https://e.org', 'www.e.org', ' ', 'x', '\u2028', '\t', '\u0000', '\u202e', '1.', '+', '=', '---', '$$'), { minLength: 1, maxLength: 14 })
      .map((parts) => parts.join('')),
  },
);

const strings: fc.Arbitrary<Strings> = fc.record({
  providerName: hostile.filter((s) => s.trim() !== ''),
  providerField: hostile,
  // Never a passing rating, so the rule always fails and its value is shown.
  factValue: hostile.filter((s) => s !== 'Good' && s !== 'Outstanding'),
  document: hostile.filter((s) => s !== ''),
  locator: hostile,
  url: hostile,
  // A blank waiver or attestation field is refused (evidence/waiver, evidence/attestation): not valid evidence.
  justification: hostile.filter((s) => s.trim() !== ''),
  approvedBy: hostile.filter((s) => s.trim() !== ''),
  statement: hostile.filter((s) => s.trim() !== ''),
  signer: hostile.filter((s) => s.trim() !== ''),
  role: hostile.filter((s) => s.trim() !== ''),
});

describe('evidence strings in the report', () => {
  it('the benign report has failures, a waiver and seen evidence to attack', async () => {
    const { code, out, err } = (await checkWith(BENIGN))[0]!;
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toContain('attestation signed by Signer (Role)');
    expect(out).toContain('Justified');
    expect(out).toContain('(from Document, p. 1, https');
    // An enum fact outside its declared values is not evidenced, and the report quotes it.
    expect(out).toContain('"Bad" is not one of Outstanding, Good, Requires improvement, Inadequate');
    expect(unsafe(parse(out))).toEqual([]);
  });

  it('property: no evidence string changes the report structure or injects markup', async () => {
    const reference = shape(parse((await checkWith(BENIGN))[0]!.out));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(strings, async (s) => {
        runs++;
        const { code, out, err } = (await checkWith(s))[0]!;
        expect(err, 'no diagnostics for valid evidence').toBe('');
        expect(code).toBe(1);
        const tree = parse(out);
        expect(unsafe(tree)).toEqual([]);
        expect(shape(tree)).toEqual(reference);
      }),
      { numRuns: 200 },
    );
    expect(runs).toBe(200);
  });

  it('property: no evidence string adds an element or attribute to the HTML report', async () => {
    const benign = (await checkWith(BENIGN, 'html'))[0]!.out;
    const reference = skeleton(benign);
    // The benign report shows the strings under attack, so the property tests real positions.
    for (const shown of ['Benign Care Ltd', 'Justified', 'Approver', 'Signer', 'Document']) expect(benign).toContain(shown);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(strings, async (s) => {
        runs++;
        const { code, out, err } = (await checkWith(s, 'html'))[0]!;
        expect(err, 'no diagnostics for valid evidence').toBe('');
        expect(code).toBe(1);
        const els = elements(out);
        expect(els.filter((e) => e.tagName === 'script')).toEqual([]);
        expect(skeleton(out)).toEqual(reference);
      }),
      { numRuns: 150 },
    );
    expect(runs).toBe(150);
  });

  it('property: the same inputs give the same bytes (markdown, JSON and HTML)', async () => {
    await fc.assert(
      fc.asyncProperty(strings, fc.constantFrom('md' as const, 'json' as const, 'html' as const), async (s, format) => {
        const [first, second] = await checkWith(s, format, 2);
        if (!first || !second) throw new Error('two runs expected');
        expect(second.out).toBe(first.out);
        expect(second.code).toBe(first.code);
      }),
      { numRuns: 60 },
    );
  });
});
