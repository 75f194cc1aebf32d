/**
 * `carespec init`: an evidence manifest template for a specification, with an
 * entry for every fact, attestation and dataset the selected rules need, each
 * commented with what it is for; and the same as a markdown checklist.
 * The YAML is built as a document tree (yaml's Document API), so it is always
 * valid YAML whatever the rule titles contain.
 */
import path from 'node:path';
import { Document, isMap, isSeq, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { RootContent } from 'mdast';
import type { Plan } from '../validate/assemble.js';
import { SCHEMA_DIR } from '../load/schema.js';
import { describeBy, evidenceNeeds, factType, type EvidenceNeeds } from './needs.js';
import { code, heading, list, paragraph, strong, stringify, table, text, type Item } from './md.js';

/** Regions the parameters have their own values for (besides `default`). */
function regionsOf(plan: Plan): string[] {
  const regions = new Set<string>(['default']);
  for (const p of plan.parameters.values()) for (const r of Object.keys(p.values)) regions.add(r);
  return [...regions].sort();
}

const comment = (lines: readonly string[]) => lines.map((l) => ` ${l.replace(/\s+/g, ' ').trim()}`).join('\n');

function keyOf(map: YAMLMap, key: string): Scalar | undefined {
  const pair = map.items.find((p) => (p.key as Scalar | undefined)?.value === key) as Pair<Scalar> | undefined;
  return pair?.key ?? undefined;
}

function setComment(map: unknown, key: string, lines: readonly string[]): void {
  if (!isMap(map)) return;
  const k = keyOf(map, key);
  if (k) k.commentBefore = comment(lines);
}

/** Where the template's `$schema` comment should point, relative to the output file. */
export function schemaReference(outputFile: string | undefined): string {
  const from = outputFile ? path.dirname(path.resolve(outputFile)) : process.cwd();
  const relative = path.relative(from, path.join(SCHEMA_DIR, 'evidence.schema.json')).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

export function evidenceTemplate(plan: Plan, outputFile: string | undefined): string {
  const needs = evidenceNeeds(plan);
  const { spec } = plan;
  const regions = regionsOf(plan);

  const provider: Record<string, null> = { name: null, region: null };
  for (const name of [...needs.provider.keys()].sort()) provider[name] = null;
  const value: Record<string, unknown> = {
    carespec: 'evidence/1',
    provider,
    period: { start: null, end: null },
  };
  const factNames = [...needs.facts.keys()].sort();
  if (factNames.length > 0) value.facts = Object.fromEntries(factNames.map((n) => [n, { value: null, source: { document: null } }]));
  const attestationIds = [...needs.attestations.keys()].sort();
  if (attestationIds.length > 0) {
    value.attestations = Object.fromEntries(attestationIds.map((id) => [id, { statement: null, signed_by: { name: null, role: null }, signed_on: null }]));
  }
  const kinds = [...needs.datasets.keys()].sort();
  if (kinds.length > 0) value.datasets = kinds.map((kind) => ({ id: kind.replace(/_/g, '-'), kind, file: null }));

  const doc = new Document(value);
  doc.commentBefore = comment([
    `yaml-language-server: $schema=${schemaReference(outputFile)}`,
    `Evidence template for "${spec.title}" (${spec.id} ${spec.version}, ${spec.commissioner}), written by carespec init.`,
    `Replace every null with the provider's evidence. A fact left null makes the rules that read it "not evidenced".`,
    `Facts need a source document (and optionally locator and url); attestations are signed statements;`,
    `dataset files are paths relative to this file. Check with: carespec check ${spec.file} --evidence <this file>`,
  ]);

  const root = doc.contents;
  if (!isMap(root)) return doc.toString();
  setComment(root, 'provider', ['The provider being assessed.']);
  setComment(root.get('provider', true), 'region', [`Selects regional parameter values: ${regions.join(', ')} (any other region uses default).`]);
  for (const name of needs.provider.keys()) setComment(root.get('provider', true), name, [`Read by ${describeBy(needs.provider.get(name)!.by)}.`]);
  setComment(root, 'period', [`Assessment period (YYYY-MM-DD), within the contract period ${spec.contractPeriod.start} to ${spec.contractPeriod.end}.`]);

  const facts = root.get('facts', true);
  for (const name of factNames) {
    const need = needs.facts.get(name)!;
    const d = need.declaration;
    setComment(facts, name, [
      `${d?.title ?? name}: ${factType(d)}.`,
      ...(d?.description ? [d.description] : []),
      `Needed by ${describeBy(need.by)}.`,
    ]);
  }
  const attestations = root.get('attestations', true);
  for (const id of attestationIds) {
    const need = needs.attestations.get(id)!;
    setComment(attestations, id, [
      `Signed statement for: ${need.by.map((b) => b.rule.title).join('; ')}.`,
      `Needed by ${describeBy(need.by)}. signed_on is a date (YYYY-MM-DD).`,
    ]);
  }
  const datasets = root.get('datasets', true);
  if (isSeq(datasets)) {
    kinds.forEach((kind, i) => {
      const need = needs.datasets.get(kind)!;
      const d = need.declaration;
      const columns = Object.entries(d?.columns ?? {});
      const required = columns.filter(([, c]) => c.required).map(([n]) => n);
      const optional = columns.filter(([, c]) => !c.required).map(([n]) => n);
      const item = (datasets as YAMLSeq).items[i] as { commentBefore?: string } | undefined;
      if (item) {
        item.commentBefore = comment([
          `${d?.title ?? kind} (CSV; add "profile:" to map your system's column names).`,
          ...(required.length ? [`Required columns: ${required.join(', ')}.`] : []),
          ...(optional.length ? [`Optional columns: ${optional.join(', ')}.`] : []),
          ...(need.metrics.length ? [`Feeds metrics: ${need.metrics.map((m) => m.name).join(', ')}.`] : []),
          `Needed by ${describeBy(need.by)}.`,
        ]);
      }
    });
  }
  doc.comment = comment([
    'waivers: add approved waivers here, e.g.',
    '  - { rule: <rule id>, justification: …, approved_by: …, approved_on: YYYY-MM-DD, expires: YYYY-MM-DD }',
  ]);
  return doc.toString({ lineWidth: 0 });
}

// ---------------------------------------------------------------------------
// Checklist (markdown)
// ---------------------------------------------------------------------------

export function evidenceChecklist(plan: Plan): string {
  const needs: EvidenceNeeds = evidenceNeeds(plan);
  const { spec } = plan;
  const nodes: RootContent[] = [
    heading(1, text(`Evidence checklist: ${spec.title}`)),
    paragraph(
      text(`${spec.commissioner}, specification `),
      code(spec.id),
      text(` version ${spec.version}; contract period ${spec.contractPeriod.start} to ${spec.contractPeriod.end}. Every item below is read by at least one of the ${plan.rules.length} rules the specification selects.`),
    ),
    list([
      { checked: false, children: [strong('Provider:'), text(' ' + 'name and region (region selects regional parameter values: '), text(regionsOf(plan).join(', ')), text(')')] },
      { checked: false, children: [strong('Assessment period:'), text(' ' + `start and end dates within ${spec.contractPeriod.start} to ${spec.contractPeriod.end}`)] },
      ...[...needs.provider.entries()].map(([name, need]): Item => ({ checked: false, children: [strong('Provider field'), text(' '), code(name), text(` — needed by ${describeBy(need.by)}`)] })),
    ]),
  ];
  const clauseOf = (by: { clause: { id: string; title: string } | null }[]) =>
    [...new Set(by.map((b) => (b.clause ? `${b.clause.id} ${b.clause.title}` : '(no clause)')))].join('; ');

  const facts = [...needs.facts.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  nodes.push(heading(2, text(`Facts (${facts.length})`)));
  if (facts.length === 0) nodes.push(paragraph(text('None.')));
  else
    nodes.push(
      table(
        ['Done', 'Fact', 'Expected', 'Clause', 'Rules'],
        facts.map(([name, need]) => [[text('☐')], [code(name), text(` ${need.declaration?.title ?? ''}`)], [text(factType(need.declaration))], [text(clauseOf(need.by))], [text(describeBy(need.by))]]),
      ),
    );

  const attestations = [...needs.attestations.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  nodes.push(heading(2, text(`Attestations (${attestations.length})`)));
  if (attestations.length === 0) nodes.push(paragraph(text('None.')));
  else
    nodes.push(
      table(
        ['Done', 'Attestation', 'Statement about', 'Clause', 'Rules'],
        attestations.map(([id, need]) => [[text('☐')], [code(id)], [text(need.by.map((b) => b.rule.title).join('; '))], [text(clauseOf(need.by))], [text(describeBy(need.by))]]),
      ),
    );

  const datasets = [...needs.datasets.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  nodes.push(heading(2, text(`Datasets (${datasets.length})`)));
  if (datasets.length === 0) nodes.push(paragraph(text('None.')));
  else
    nodes.push(
      table(
        ['Done', 'Dataset', 'Required columns', 'Metrics', 'Rules'],
        datasets.map(([kind, need]) => [
          [text('☐')],
          [code(kind), text(` ${need.declaration?.title ?? ''}`)],
          [text(Object.entries(need.declaration?.columns ?? {}).filter(([, c]) => c.required).map(([n]) => n).join(', '))],
          [text(need.metrics.map((m) => m.name).join(', '))],
          [text(describeBy(need.by))],
        ]),
      ),
    );
  return stringify(nodes);
}
