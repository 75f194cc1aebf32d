/**
 * Load a specification: a markdown document whose YAML front matter names the
 * spec and its imports, whose headings are clauses, and whose ```carespec
 * blocks attach or define rules for the clause above them (literate style).
 */
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import type { Code, Heading, Root, RootContent, Yaml } from 'mdast';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { Clause, Group, JsonValue, Parameter, Rule, Specification } from '../model/types.js';
import { validateAgainst } from '../validate/schema.js';
import { displayPath, readTextFile } from './files.js';
import { asList, asRaw, asStrings, positionOf, toGroup, toParameter, toRule } from './rule.js';
import { parseYaml, type YamlFile } from './yaml.js';

export const RULE_BLOCK_LANG = 'carespec';
const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

export function loadSpecification(file: string): Outcome<Specification> {
  const read = readTextFile(file);
  if (!read.ok) return read;
  const shown = displayPath(file);
  const tree = parser.parse(read.value.text) as Root;
  const diagnostics: Diagnostic[] = [];

  const front = tree.children.find((n): n is Yaml => n.type === 'yaml');
  if (!front) {
    return {
      ok: false,
      diagnostics: [{ code: 'spec/front-matter', message: 'Missing YAML front matter (--- … ---) at the top of the specification', severity: 'error', file: shown, line: 1, column: 1 }],
    };
  }
  const parsedFront = parseYaml(front.value, shown, { lineOffset: front.position?.start.line ?? 0 });
  if (!parsedFront.ok) return parsedFront;
  const frontYaml = parsedFront.value;
  diagnostics.push(...validateAgainst('specification', frontYaml));
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const meta = asRaw(frontYaml.value);
  const id = String(meta.id);

  const clauses: Clause[] = [];
  const rules: Rule[] = [];
  const groups: Group[] = [];
  const tailoring: Specification['tailoring'] = {};
  let current: Clause | undefined;

  for (const node of tree.children) {
    if (node.type === 'heading') {
      current = toClause(node, shown, clauses);
      clauses.push(current);
      continue;
    }
    if (current) {
      if (node.type === 'code' && node.lang === RULE_BLOCK_LANG) {
        const block = parseRuleBlock(node, shown, diagnostics);
        if (!block) continue;
        const raw = asRaw(block.value);
        current.rules.push(...asStrings(raw.use));
        asList(raw.rules).forEach((r, i) => {
          const rule = toRule(asRaw(r), id, block, ['rules', i]);
          rules.push(rule);
          current!.rules.push(rule.id);
        });
        for (const [ruleId, change] of Object.entries(asRaw(raw.tailor))) {
          tailoring[ruleId] = { ...tailoring[ruleId], ...(asRaw(change) as Specification['tailoring'][string]) };
        }
        asList(raw.groups).forEach((g, i) => groups.push(toGroup(asRaw(g), block, ['groups', i])));
      } else {
        const text = plainText(node).trim();
        if (text) current.text = current.text ? `${current.text}\n\n${text}` : text;
      }
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const specDir = path.dirname(file);
  const period = asRaw(meta.contract_period);
  const select = asRaw(meta.select);
  return {
    ok: true,
    warnings: [],
    value: {
      id,
      title: String(meta.title),
      version: String(meta.version),
      commissioner: String(meta.commissioner),
      contractPeriod: { start: String(period.start), end: String(period.end) },
      ...(meta.illustrative === undefined ? {} : { illustrative: String(meta.illustrative) }),
      imports: asStrings(meta.imports).map((p) => path.resolve(specDir, p)),
      parameterOverrides: Object.entries(asRaw(meta.parameters)).map(([name, value]) =>
        toOverride(name, value, String(period.start), frontYaml),
      ),
      include: asStrings(select.include),
      exclude: asStrings(select.exclude),
      verdictPolicy: asRaw(meta.verdict).policy === 'all' ? 'all' : 'must',
      maxBadRowShare: Number(asRaw(meta.data_quality).max_bad_row_share ?? 0.01),
      clauses,
      rules,
      tailoring,
      groups,
      file: shown,
      sha256: read.value.sha256,
    },
  };
}

function parseRuleBlock(node: Code, file: string, diagnostics: Diagnostic[]): YamlFile | undefined {
  const parsed = parseYaml(node.value, file, { lineOffset: node.position?.start.line ?? 0 });
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  const errors = validateAgainst('rule-block', parsed.value);
  if (errors.length > 0) {
    diagnostics.push(...errors);
    return undefined;
  }
  return parsed.value;
}

/** A plain value overrides from the contract start, in every region. */
function toOverride(name: string, value: JsonValue, contractStart: string, yaml: YamlFile): Parameter {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return toParameter(name, value, yaml, ['parameters', name]);
  }
  return {
    name,
    title: name,
    values: { default: [{ from: contractStart, value: value as number | string | boolean, source: 'specification override' }] },
    position: positionOf(yaml, ['parameters', name]),
  };
}

const NUMBERED = /^((?:\d+\.)*\d+)\.?\s+(.*)$/;

function toClause(node: Heading, file: string, existing: readonly Clause[]): Clause {
  const heading = plainText(node).trim();
  const numbered = NUMBERED.exec(heading);
  let id = numbered ? numbered[1]! : slug(heading);
  // Unnumbered headings may repeat; keep ids unique so results can name them.
  if (existing.some((c) => c.id === id)) id = `${id}-${existing.filter((c) => c.id.startsWith(id)).length + 1}`;
  return {
    id,
    title: numbered ? numbered[2]! : heading,
    depth: node.depth,
    text: '',
    rules: [],
    position: { file, line: node.position?.start.line ?? 0, column: node.position?.start.column ?? 0 },
  };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'clause';
}

function plainText(node: RootContent | Root): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'code' && node.type !== 'html') return node.value;
  if ('children' in node) {
    const sep = node.type === 'list' || node.type === 'table' || node.type === 'tableRow' ? '\n' : node.type === 'tableCell' ? ' | ' : '';
    return (node.children as RootContent[]).map((child) => plainText(child)).join(sep);
  }
  return '';
}
