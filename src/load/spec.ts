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
import type { Clause, FactDeclaration, Group, JsonValue, Metric, Parameter, ResolvedImport, Rule, Specification, Tailoring, VerdictGate } from '../model/types.js';
import { resolveGivenImport, resolveImport } from './imports.js';
import { readFileMap, readInMemoryText, type SpecificationSource } from './memory.js';
import { validateAgainst } from './schema.js';
import { displayPath, readTextFile } from './files.js';
import { asList, asRaw, asStrings, parameterDateDiagnostics, requiresDiagnostics, positionOf, toFact, toGroup, toMetric, toParameter, toRule } from './rule.js';
import { parseYaml, type YamlFile } from './yaml.js';
import { isRealDate } from './dates.js';
import { lostSpecificationText } from './spec-lost.js';
import { findMarkdownHazard, MAX_MARKDOWN_DEPTH } from './markdown-bounds.js';
import { paymentDiagnostics, toPayment } from '../payments/load.js';
import type { InvoiceDeclaration, PortfolioSettings, PaymentDefinition, QuantitySource, SourcePosition, SpecificationSources } from '../model/types.js';

export const RULE_BLOCK_LANG = 'carespec';
const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/**
 * From a path, or from content in memory whose relative imports are among the files given with it
 * (memory.ts); `carespec:<id>` imports name bundled libraries either way.
 */
export function loadSpecification(source: SpecificationSource): Outcome<Specification> {
  const read = typeof source === 'string' ? readTextFile(source) : readInMemoryText(source);
  if (!read.ok) return read;
  const shown = typeof source === 'string' ? displayPath(source) : read.value.file;
  let given: Map<string, string | Uint8Array> | undefined;
  if (typeof source !== 'string') {
    const files = readFileMap(source.files, shown, false);
    if (!files.ok) return files;
    given = files.value;
  }
  // Shapes that make the parser slow (or overflow it) are refused on a cheap count first.
  const hazard = findMarkdownHazard(read.value.text);
  if (hazard) return { ok: false, diagnostics: [{ ...hazard, severity: 'error', file: shown }] };
  let tree: Root;
  try {
    tree = parser.parse(read.value.text) as Root;
  } catch (error) {
    // Hardening: pathological nesting (thousands of `>` or list levels) overflows the parser's stack;
    // that is bad input with a diagnostic, not an internal error.
    const why = error instanceof RangeError ? 'it nests too deeply' : firstLine(String((error as Error)?.message ?? error));
    return { ok: false, diagnostics: [{ code: 'spec/markdown', message: `The markdown cannot be parsed: ${why}`, severity: 'error', file: shown, line: 0, column: 0 }] };
  }
  const tooDeep = markdownTooDeep(tree);
  if (tooDeep) {
    return { ok: false, diagnostics: [{ code: 'spec/too-deep', message: `Unexpected markdown nesting deeper than ${MAX_MARKDOWN_DEPTH} levels (block quotes, lists, emphasis)`, severity: 'error', file: shown, line: tooDeep.line, column: tooDeep.column }] };
  }
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
  const contract = asRaw(meta.contract_period);
  if (!isRealDate(String(contract.start)) || !isRealDate(String(contract.end)) || String(contract.start) > String(contract.end)) {
    const { line, column } = frontYaml.locate(['contract_period']);
    diagnostics.push({ code: 'spec/contract-period', message: `Unexpected contract period ${String(contract.start)} to ${String(contract.end)}, expected two real dates with start ≤ end`, severity: 'error', file: shown, line, column, field: 'contract_period' });
  }
  diagnostics.push(...parameterDateDiagnostics(frontYaml, meta.parameters, isRealDate));
  diagnostics.push(...strayRuleBlocks(tree, shown), ...lostSpecificationText(tree, read.value.text, shown, RULE_BLOCK_LANG));

  const clauses: Clause[] = [];
  const rules: Rule[] = [];
  const groups: Group[] = [];
  const facts: FactDeclaration[] = [];
  const tailoring: Specification['tailoring'] = {};
  const metrics: Metric[] = [];
  const payments: NonNullable<Specification['payments']> = { defined: [], used: [], clauseOf: {} };
  const blocks: SpecificationSources['blocks'] = [];
  let current: Clause | undefined;
  const clauseIds = uniqueIds();

  for (const node of tree.children) {
    if (node.type === 'heading') {
      current = toClause(node, shown, clauseIds);
      clauses.push(current);
      continue;
    }
    if (current) {
      if (node.type === 'code' && node.lang === RULE_BLOCK_LANG) {
        const block = parseRuleBlock(node, shown, diagnostics);
        if (!block) continue;
        const raw = asRaw(block.value);
        blocks.push({ positions: block.positions(), rules: asList(raw.rules).map((r) => String(asRaw(r).id)), use: asStrings(raw.use) });
        current.rules.push(...asStrings(raw.use));
        asList(raw.rules).forEach((r, i) => {
          const rule = toRule(asRaw(r), id, block, ['rules', i]);
          rules.push(rule);
          current!.rules.push(rule.id);
        });
        for (const [ruleId, change] of Object.entries(asRaw(raw.tailor))) {
          tailoring[ruleId] = { ...tailoring[ruleId], ...(asRaw(change) as Omit<Tailoring, 'position'>), position: positionOf(block, ['tailor', ruleId]) };
        }
        for (const [name, metric] of Object.entries(asRaw(raw.metrics))) metrics.push(toMetric(name, asRaw(metric), block, ['metrics', name]));
        asList(raw.groups).forEach((g, i) => groups.push(toGroup(asRaw(g), block, ['groups', i])));
        for (const [name, fact] of Object.entries(asRaw(raw.facts))) facts.push(toFact(name, asRaw(fact)));
        // Payments (issue #15): defined here, or used from a library with `pay:`, under this clause.
        const clauseRef = { id: current.id, title: current.title };
        asList(raw.payments).forEach((p, i) => {
          const payment: PaymentDefinition = toPayment(asRaw(p), block, ['payments', i]);
          payments.defined.push(payment);
          payments.clauseOf[payment.id] = clauseRef;
        });
        asList(raw.pay).forEach((p, i) => {
          const position: SourcePosition = positionOf(block, ['pay', i]);
          payments.used.push({ id: String(p), position });
          payments.clauseOf[String(p)] ??= clauseRef;
        });
      } else {
        const text = plainText(node).trim();
        if (text) current.text = current.text ? `${current.text}\n\n${text}` : text;
      }
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const importSources: ResolvedImport[] = [];
  asStrings(meta.imports).forEach((written, i) => {
    const request = { written, position: positionOf(frontYaml, ['imports', i]) };
    const resolved = typeof source === 'string'
      ? resolveImport(request, path.dirname(source), `imports.${i}`)
      : resolveGivenImport(request, '', given ?? new Map<string, string>(), shown, `imports.${i}`);
    if (resolved.ok) importSources.push(resolved.value);
    else diagnostics.push(...resolved.diagnostics);
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };
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
      imports: importSources.map((i) => i.file),
      importSources,
      parameterOverrides: Object.entries(asRaw(meta.parameters)).map(([name, value]) =>
        toOverride(name, value, String(period.start), frontYaml),
      ),
      ...(select.include === undefined ? {} : { include: asStrings(select.include) }),
      exclude: asStrings(select.exclude),
      verdictPolicy: asRaw(meta.verdict).policy === 'all' ? 'all' : 'must',
      ...(asRaw(meta.verdict).gate === undefined ? {} : { verdictGate: asRaw(asRaw(meta.verdict).gate) as VerdictGate }),
      maxBadRowShare: Number(asRaw(meta.data_quality).max_bad_row_share ?? 0.01),
      clauses,
      rules,
      tailoring,
      metrics,
      groups,
      facts,
      ...(payments.defined.length + payments.used.length === 0 ? {} : { payments }),
      ...(meta.invoice === undefined ? {} : { invoice: toInvoice(asRaw(meta.invoice), frontYaml) }),
      // Schema-validated above; both only read by `carespec portfolio`.
      ...(meta.portfolio === undefined ? {} : { portfolio: asRaw(meta.portfolio) as PortfolioSettings }),
      ...(meta.accreditation === undefined ? {} : { accreditation: { valid_for_months: Number(asRaw(meta.accreditation).valid_for_months) } }),
      sources: { front: frontYaml.positions(), blocks },
      file: shown,
      sha256: read.value.sha256,
    },
  };
}

/**
 * Hardening ("nothing lost"): only top-level ```carespec blocks under a heading
 * are read. A block before the first heading, or inside a list item or block
 * quote, used to be skipped silently, so its rules were never checked.
 */
function strayRuleBlocks(tree: Root, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = (node: RootContent) => ({ file, line: node.position?.start.line ?? 0, column: node.position?.start.column ?? 0 });
  const isRuleBlock = (node: RootContent): node is Code => node.type === 'code' && node.lang === RULE_BLOCK_LANG;
  for (const node of tree.children) {
    // ```CareSpec or ```Carespec looks like a rule block to a reader but would be read as plain text.
    if (node.type === 'code' && node.lang && node.lang !== RULE_BLOCK_LANG && node.lang.toLowerCase() === RULE_BLOCK_LANG) {
      found.push({ code: 'spec/rule-block-language', message: `Unexpected \`\`\`${node.lang} block: rule blocks are read only when the language is exactly "${RULE_BLOCK_LANG}"`, severity: 'error', ...at(node) });
    }
  }
  const firstHeading = tree.children.findIndex((n) => n.type === 'heading');
  tree.children.forEach((node, index) => {
    if (isRuleBlock(node) && (firstHeading === -1 || index < firstHeading)) {
      found.push({ code: 'spec/orphan-rule-block', message: 'Unexpected ```carespec block before the first heading: it belongs to no clause; put it under a clause heading', severity: 'error', ...at(node) });
    }
  });
  // Iterative, so a deep (but parseable) document cannot overflow the stack here.
  const stack: RootContent[] = [];
  const pushChildren = (node: Root | RootContent) => {
    if ('children' in node) for (const child of node.children as RootContent[]) stack.push(child);
  };
  for (const node of tree.children) pushChildren(node);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isRuleBlock(node)) {
      found.push({ code: 'spec/nested-rule-block', message: 'Unexpected ```carespec block inside a list or block quote: it would not be read; move it to the top level under its clause heading', severity: 'error', ...at(node) });
    }
    pushChildren(node);
  }
  return found.sort((a, b) => a.line - b.line);
}

export { MAX_MARKDOWN_DEPTH };

/** The position of the first node nested deeper than the limit, found without recursion. */
function markdownTooDeep(tree: Root): { line: number; column: number } | undefined {
  const stack: [Root | RootContent, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_MARKDOWN_DEPTH) return { line: node.position?.start.line ?? 0, column: node.position?.start.column ?? 0 };
    if ('children' in node) for (const child of node.children as RootContent[]) stack.push([child, depth + 1]);
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}

function parseRuleBlock(node: Code, file: string, diagnostics: Diagnostic[]): YamlFile | undefined {
  const parsed = parseYaml(node.value, file, { lineOffset: node.position?.start.line ?? 0 });
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  const errors = validateAgainst('rule-block', parsed.value);
  if (errors.length === 0) errors.push(...requiresDiagnostics(parsed.value, asRaw(parsed.value.value).rules), ...paymentDiagnostics(parsed.value, asRaw(parsed.value.value).payments, ['payments']));
  if (errors.length > 0) {
    diagnostics.push(...errors);
    return undefined;
  }
  return parsed.value;
}

/** The front matter's `invoice:` (schema-validated). */
function toInvoice(raw: Record<string, JsonValue>, yaml: YamlFile): InvoiceDeclaration {
  const quantity = (value: JsonValue | undefined): QuantitySource | undefined => {
    const q = asRaw(value);
    return typeof q.metric === 'string' ? { metric: q.metric } : typeof q.fact === 'string' ? { fact: q.fact } : undefined;
  };
  const hours = quantity(raw.hours);
  const delivered = quantity(raw.delivered);
  const amount = asRaw(raw.amount);
  const tolerance = asRaw(raw.tolerance);
  const toleranceAmount = tolerance.amount;
  return {
    ...(hours ? { hours } : {}),
    ...(typeof amount.fact === 'string' ? { amount: { fact: amount.fact } } : {}),
    ...(delivered ? { delivered } : {}),
    tolerance: {
      ...(typeof tolerance.hours === 'number' ? { hours: tolerance.hours } : {}),
      ...(toleranceAmount === undefined ? {} : { amount: (typeof toleranceAmount === 'object' && toleranceAmount !== null && !Array.isArray(toleranceAmount) ? { param: String(toleranceAmount.param) } : toleranceAmount as number | string) }),
    },
    position: positionOf(yaml, ['invoice']),
  };
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

/**
 * Unnumbered headings may repeat; keep ids unique so results can name them: the second "Foo" is
 * `foo-2`, skipping any suffix already taken (after "Foo", "Foo 3", "Foo" the ids are foo, foo-3,
 * foo-2). Each base remembers its next suffix, so many repeats cost linear time, not quadratic.
 */
function uniqueIds(): (base: string) => string {
  const taken = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return (base) => {
    let id = base;
    if (taken.has(id)) {
      let n = nextSuffix.get(base) ?? 2;
      while (taken.has(`${base}-${n}`)) n++;
      id = `${base}-${n}`;
      nextSuffix.set(base, n + 1);
    }
    taken.add(id);
    return id;
  };
}

function toClause(node: Heading, file: string, clauseId: (base: string) => string): Clause {
  const heading = plainText(node).trim();
  const numbered = NUMBERED.exec(heading);
  const id = clauseId(numbered ? numbered[1]! : slug(heading));
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
