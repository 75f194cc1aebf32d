/**
 * The committed JSON Schemas against the TypeScript model (src/model/types.ts).
 *
 * What this checks, honestly: property NAMES, both ways, for every model type
 * that has a schema counterpart, and for the results schema (which is the
 * model serialised as-is) also which properties are required. It does not
 * compare value types. The model is not the file format (libraries write
 * parameters as maps keyed by name, the model adds `origin`, `position`, …),
 * so generating the file schemas from the model (ts-json-schema-generator)
 * would not give the schemas users need; instead each known difference is
 * listed below with its reason, and anything new on either side fails here.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoFile } from '../helpers.js';

interface Property {
  optional: boolean;
}

/** Interfaces of src/model/ (types.ts and diagnostic.ts): name → property → optional, inherited members included. */
function modelInterfaces(): Map<string, Map<string, Property>> {
  const own = new Map<string, Map<string, Property>>();
  const bases = new Map<string, string[]>();
  for (const name of ['types.ts', 'diagnostic.ts']) {
    const file = repoFile('src', 'model', name);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const props = new Map<string, Property>();
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
          props.set(member.name.text, { optional: member.questionToken !== undefined });
        }
      }
      own.set(node.name.text, props);
      bases.set(node.name.text, (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source))));
    });
  }
  const resolved = (name: string): Map<string, Property> => {
    const props = new Map<string, Property>();
    for (const base of bases.get(name) ?? []) for (const [k, v] of resolved(base)) props.set(k, v);
    for (const [k, v] of own.get(name) ?? []) props.set(k, v);
    return props;
  };
  return new Map([...own.keys()].map((name) => [name, resolved(name)]));
}

type Schema = { properties?: Record<string, Schema>; required?: string[]; $ref?: string; items?: Schema; additionalProperties?: Schema | boolean; definitions?: Record<string, Schema> };

const schemas = new Map<string, Schema>();
function schemaAt(name: string, pointer: string): Schema {
  let root = schemas.get(name);
  if (!root) schemas.set(name, (root = JSON.parse(readFileSync(repoFile('schemas', `${name}.schema.json`), 'utf8')) as Schema));
  let node: unknown = root;
  for (const token of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown>)[token];
  if (!node) throw new Error(`no ${pointer} in ${name}.schema.json`);
  const ref = (node as Schema).$ref;
  if (ref) {
    const [file, inner] = ref.split('#');
    return schemaAt(file ? file.replace('.schema.json', '') : name, inner ?? '');
  }
  return node as Schema;
}

interface Pair {
  type: string;
  schema: string;
  pointer: string;
  /** Results are serialised from the model: names and requiredness must match exactly. */
  exact?: boolean;
  /** In the model only, with the reason. */
  modelOnly?: Record<string, string>;
  /** In the file format only, with the reason. */
  fileOnly?: Record<string, string>;
}

const KEY = 'the key of its map in the file';
const POSITION = 'where it was written, added by the loader';
const PAIRS: Pair[] = [
  { type: 'CheckResult', schema: 'results', pointer: '', exact: true },
  { type: 'RuleResult', schema: 'results', pointer: '/definitions/rule', exact: true },
  { type: 'ResolvedParameter', schema: 'results', pointer: '/definitions/parameter', exact: true },
  { type: 'SeenValue', schema: 'results', pointer: '/definitions/rule/properties/seen/items', exact: true },
  { type: 'WaiverNote', schema: 'results', pointer: '/definitions/rule/properties/waiver', exact: true },
  { type: 'GroupResult', schema: 'results', pointer: '/properties/groups/items', exact: true },
  { type: 'Finding', schema: 'results', pointer: '/properties/findings/items', exact: true },
  { type: 'InputHash', schema: 'results', pointer: '/properties/inputs/items', exact: true },
  { type: 'PaymentStatement', schema: 'results', pointer: '/definitions/paymentStatement', exact: true },
  { type: 'PaymentResult', schema: 'results', pointer: '/definitions/payment', exact: true },
  { type: 'PaymentLine', schema: 'results', pointer: '/definitions/paymentLine', exact: true },
  { type: 'InvoiceCheck', schema: 'results', pointer: '/definitions/invoiceCheck', exact: true },
  { type: 'PaymentDefinition', schema: 'payments', pointer: '/definitions/payment', modelOnly: { position: POSITION } },
  { type: 'Tier', schema: 'payments', pointer: '/definitions/payment/properties/tiers/items' },
  { type: 'VolumeBand', schema: 'payments', pointer: '/definitions/payment/properties/bands/items' },
  {
    type: 'PoolBasis', schema: 'pool-basis', pointer: '',
    modelOnly: { file: 'the path it was read from', sha256: 'the hash of the file, for reports' },
    fileOnly: { carespec: 'the format tag, checked by the schema', notes: 'free text for people, not used by the engine' },
  },
  {
    type: 'RuleLibrary', schema: 'rule-library', pointer: '',
    modelOnly: { file: 'the path it was read from', sha256: 'the hash of the file, for reports', positions: 'where every key is written, for diagnostics' },
    fileOnly: { carespec: 'the format tag, checked by the schema', notes: 'free text for authors, not used by the engine' },
  },
  { type: 'Rule', schema: 'rule-library', pointer: '/definitions/rule', modelOnly: { origin: 'the library or spec it came from', position: POSITION, logicPositions: 'where each logic field was written, for diagnostics' } },
  { type: 'RuleExamples', schema: 'rule-library', pointer: '/definitions/rule/properties/examples' },
  { type: 'PerRecord', schema: 'rule-library', pointer: '/definitions/rule/properties/per_record' },
  { type: 'Reference', schema: 'rule-library', pointer: '/definitions/reference' },
  { type: 'Parameter', schema: 'rule-library', pointer: '/definitions/parameter', modelOnly: { name: KEY, position: POSITION } },
  { type: 'ParameterValue', schema: 'rule-library', pointer: '/definitions/parameterValue' },
  { type: 'FactDeclaration', schema: 'rule-library', pointer: '/definitions/fact', modelOnly: { name: KEY } },
  { type: 'ColumnDeclaration', schema: 'rule-library', pointer: '/definitions/column' },
  { type: 'DatasetKind', schema: 'rule-library', pointer: '/definitions/dataset', modelOnly: { name: KEY, position: POSITION }, fileOnly: { description: 'documentation only; the loader drops it' } },
  { type: 'Metric', schema: 'rule-library', pointer: '/definitions/metric', modelOnly: { name: KEY, position: POSITION }, fileOnly: { description: 'documentation only; the loader drops it' } },
  { type: 'Group', schema: 'rule-library', pointer: '/definitions/group', modelOnly: { position: POSITION } },
  { type: 'Band', schema: 'rule-library', pointer: '/definitions/group/properties/bands/items' },
  { type: 'Stage', schema: 'rule-library', pointer: '/definitions/group/properties/stages/items' },
  { type: 'EvidenceSource', schema: 'evidence', pointer: '/definitions/source' },
  { type: 'Fact', schema: 'evidence', pointer: '/properties/facts/additionalProperties', modelOnly: { name: KEY, position: POSITION }, fileOnly: { note: 'a remark for people; the loader drops it' } },
  { type: 'Attestation', schema: 'evidence', pointer: '/properties/attestations/additionalProperties', modelOnly: { id: KEY, position: POSITION } },
  { type: 'Waiver', schema: 'evidence', pointer: '/properties/waivers/items', modelOnly: { position: POSITION } },
  {
    type: 'DatasetRef', schema: 'evidence', pointer: '/properties/datasets/items',
    modelOnly: { path: 'the path as written (file is resolved)', sha256: 'hash of the data, for reports', content: 'the bytes or stream given in memory (the library API)' },
  },
];

describe('committed JSON Schemas match the TypeScript model', () => {
  const model = modelInterfaces();

  it.each(PAIRS.map((p) => [p.type, p] as const))('%s', (_, pair) => {
    const props = model.get(pair.type);
    expect(props, `interface ${pair.type} in src/model/types.ts`).toBeDefined();
    const schema = schemaAt(pair.schema, pair.pointer);
    const inSchema = new Set(Object.keys(schema.properties ?? {}));
    const inModel = new Set(props!.keys());
    const modelOnly = [...inModel].filter((p) => !inSchema.has(p)).sort();
    const fileOnly = [...inSchema].filter((p) => !inModel.has(p)).sort();
    expect(modelOnly, `${pair.type}: in the model but not in ${pair.schema}.schema.json${pair.pointer}`).toEqual(Object.keys(pair.modelOnly ?? {}).sort());
    expect(fileOnly, `${pair.type}: in ${pair.schema}.schema.json${pair.pointer} but not in the model`).toEqual(Object.keys(pair.fileOnly ?? {}).sort());
    if (pair.exact) {
      const required = [...inModel].filter((p) => !props!.get(p)!.optional).sort();
      expect([...(schema.required ?? [])].sort(), `${pair.type}: required properties`).toEqual(required);
    }
  });
});

/** Every bundled YAML file names its schema on line 1, for editors (yaml-language-server). */
describe('bundled YAML files carry a $schema comment', () => {
  const SCHEMA_FOR: Record<string, string> = {
    'rule-library': 'rule-library.schema.json',
    evidence: 'evidence.schema.json',
    profile: 'profile.schema.json',
    'rule-tests': 'rule-tests.schema.json',
  };
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return; // folders others have not committed yet are skipped
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(name)) files.push(full);
    }
  };
  for (const folder of ['rules', 'examples', 'profiles', 'test/fixtures/lint', 'test/fixtures/rule-tests']) walk(repoFile(folder));

  it.runIf(files.length > 0).each(files.map((f) => [path.relative(repoFile(), f), f]))('%s', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const first = text.split('\n')[0]!;
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match, `first line of ${file}`).not.toBeNull();
    const target = path.resolve(path.dirname(file), match![1]!);
    expect(existsSync(target), `${match![1]} exists`).toBe(true);
    const kind = /^carespec:\s*["']?([a-z-]+)\/\d+/m.exec(text)?.[1];
    if (kind && SCHEMA_FOR[kind]) expect(path.basename(target)).toBe(SCHEMA_FOR[kind]);
  });
});
