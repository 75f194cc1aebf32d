/**
 * Strict YAML: duplicate keys, unresolved tags (`!!js/function`, `!!python/…`)
 * and alias abuse are errors, and every value keeps its position so schema
 * errors can name file:line:col. Keys that could reach a prototype are refused.
 */
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import type { Document, Node } from 'yaml';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { JsonValue, PositionMap } from '../model/types.js';
import { pointerOf } from './positions.js';
import { findRunawayNesting, MAX_ESTIMATED_YAML_DEPTH } from './yaml-depth.js';

export type YamlPath = readonly (string | number)[];

export interface YamlFile {
  file: string;
  value: JsonValue;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  locate(path: YamlPath): { line: number; column: number };
  /** Where every mapping key and list item is written (see PositionMap). */
  positions(): PositionMap;
}

export interface YamlOptions {
  /** Lines before the YAML text in its file (front matter, fenced blocks). */
  lineOffset?: number;
  /** Columns before the YAML text on each line (indented fenced blocks). */
  columnOffset?: number;
  maxAliasCount?: number;
  maxDepth?: number;
}

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const DEFAULT_MAX_DEPTH = 64;

let yamlPackage: typeof YamlPackage | undefined;
/**
 * Loaded on first use (~65 ms of modules): libraries from prebuilt snapshots need no YAML parser.
 * `require` keeps parsing synchronous; yaml's Node entry is CommonJS, the very module `import` gives.
 */
function yaml(): typeof YamlPackage {
  return (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof YamlPackage);
}

export function parseYaml(text: string, file: string, options: YamlOptions = {}): Outcome<YamlFile> {
  const lineOffset = options.lineOffset ?? 0;
  const columnOffset = options.columnOffset ?? 0;
  const { isMap, isSeq, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col + columnOffset };
  };
  const diag = (code: string, message: string, offset: number, field?: string): Diagnostic => ({
    code,
    message,
    severity: 'error',
    file,
    ...position(offset),
    ...(field === undefined ? {} : { field }),
  });

  // Refused before parsing: the parser recurses once per level and would overflow the stack first.
  const runaway = findRunawayNesting(text);
  if (runaway !== undefined) {
    const before = text.slice(0, runaway);
    const line = before.split('\n').length + lineOffset;
    const column = runaway - before.lastIndexOf('\n') + columnOffset;
    const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    return { ok: false, diagnostics: [{ code: 'yaml/too-deep', message: `Unexpected nesting deeper than ${maxDepth} levels (over ${MAX_ESTIMATED_YAML_DEPTH} open here; refused before parsing)`, severity: 'error', file, line, column }] };
  }

  let doc: Document.Parsed;
  try {
    // resolveKnownTags: false, so !!binary, !!timestamp, !!set and !!omap are unresolved tags (errors) rather than
    // Uint8Array, Date, Set and Map values that are not JSON (hardening: !!binary used to load silently).
    // schema: 'core' as well as version 1.2: a `%YAML 1.1` directive switches the parser to YAML 1.1's
    // schema (yes → true, 1:30 → 90, 2025-04-01 → a Date), and the directive is refused below anyway.
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false, version: '1.2', schema: 'core', resolveKnownTags: false });
  } catch (error) {
    return { ok: false, diagnostics: [diag('yaml/syntax', String((error as Error).message), 0)] };
  }
  const directive = doc.directives?.yaml;
  if (directive?.explicit && directive.version !== '1.2') {
    return { ok: false, diagnostics: [diag('yaml/version', `Unexpected %YAML ${directive.version} directive, expected YAML 1.2 (carespec reads the YAML 1.2 core schema, where yes is text, not true); remove the directive`, directiveOffset(text))] };
  }
  const problems = [...doc.errors, ...doc.warnings].map((e) =>
    diag(yamlCode(e.code), firstLine(e.message), e.pos[0]),
  );
  if (problems.length > 0) return { ok: false, diagnostics: problems };

  const structural = checkStructure(doc.contents as Node | null, options.maxDepth ?? DEFAULT_MAX_DEPTH, diag);
  if (structural.length > 0) return { ok: false, diagnostics: structural };

  let value: JsonValue;
  try {
    value = (doc.toJS({ maxAliasCount: options.maxAliasCount ?? 50 }) ?? null) as JsonValue;
  } catch (error) {
    return { ok: false, diagnostics: [diag('yaml/alias', firstLine(String((error as Error).message)), 0)] };
  }

  const locate = (path: YamlPath) => {
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const key of path) {
      if (isMap(node) || isSeq(node)) {
        const child = (node as { get(k: unknown, keepScalar: true): unknown }).get(key, true);
        if (child === undefined) break;
        node = child;
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    return position(offset);
  };
  let map: PositionMap | undefined;
  const positions = () => (map ??= positionMap(doc.contents, (offset) => {
    const { line, column } = position(offset);
    return [line, column];
  }));
  return { ok: true, value: { file, value, locate, positions }, warnings: [] };
}

/** Every key (a mapping entry at its key) and list item by JSON pointer; the root at ''. Iterative: documents are already depth-checked, but aliases may repeat subtrees. */
function positionMap(root: unknown, at: (offset: number) => [number, number]): PositionMap {
  const { isMap, isScalar, isSeq } = yaml();
  const map: PositionMap = {};
  const rootStart = rangeStart(root);
  if (rootStart !== undefined) map[''] = at(rootStart);
  const stack: [unknown, readonly (string | number)[]][] = [[root, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const child = [...path, String(pair.key.value)];
        const pointer = pointerOf(child);
        const start = rangeStart(pair.key);
        // The first entry wins, as a lookup by key finds the first.
        if (start !== undefined && !Object.hasOwn(map, pointer)) map[pointer] = at(start);
        stack.push([pair.value, child]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = [...path, i];
        const start = rangeStart(item);
        if (start !== undefined) map[pointerOf(child)] = at(start);
        stack.push([item, child]);
      });
    }
  }
  return map;
}

/** Where the `%YAML` directive is (the parser keeps its version but not its position). */
function directiveOffset(text: string): number {
  return /^%YAML\b/m.exec(text)?.index ?? 0;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/**
 * Refuse prototype-reaching keys, non-string keys, runaway nesting and numbers
 * JSON cannot carry before conversion. (Hardening: `.inf`, `.nan` and `1e400`
 * used to load as Infinity/NaN, so `{">=": [{"var": "facts.pay"}, 12]}` passed
 * on `pay: .inf` while the JSON report showed `null`.)
 */
function checkStructure(
  root: Node | null,
  maxDepth: number,
  diag: (code: string, message: string, offset: number, field?: string) => Diagnostic,
): Diagnostic[] {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  const found: Diagnostic[] = [];
  // Anchors seen so far in document order: an alias to an anchor not (yet) defined is an error at the alias,
  // not a position-less failure of the conversion.
  const anchors = new Set<string>();
  const walk = (node: unknown, depth: number, path: string): void => {
    if (found.length >= 20) return;
    if (isAlias(node)) {
      if (!anchors.has(node.source)) found.push(diag('yaml/alias', `Unexpected alias *${node.source}: no anchor &${node.source} is defined before it`, rangeStart(node) ?? 0, path || undefined));
      return;
    }
    const anchor = (node as { anchor?: unknown } | null)?.anchor;
    if (typeof anchor === 'string') anchors.add(anchor);
    if (depth > maxDepth) {
      found.push(diag('yaml/too-deep', `Unexpected nesting deeper than ${maxDepth} levels`, rangeStart(node) ?? 0, path));
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        const keyOffset = rangeStart(pair.key) ?? rangeStart(node) ?? 0;
        if (typeof key !== 'string' && typeof key !== 'number') {
          found.push(diag('yaml/key', 'Unexpected complex mapping key, expected a plain string', keyOffset, path));
          continue;
        }
        if (FORBIDDEN_KEYS.has(String(key))) {
          found.push(diag('yaml/forbidden-key', `Unexpected key "${key}": it could reach an object prototype`, keyOffset, path));
          continue;
        }
        walk(pair.value, depth + 1, `${path}/${key}`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, depth + 1, `${path}/${index}`));
    } else if (isScalar(node) && typeof node.value === 'number') {
      const problem = numberProblem(node.value, (node as { source?: unknown }).source);
      if (problem) found.push(diag('yaml/number', problem, rangeStart(node) ?? 0, path || undefined));
    }
  };
  walk(root, 0, '');
  return found;
}

/** Numbers JSON cannot carry exactly: Infinity, NaN, and integers written beyond 2^53 (they would silently change). */
function numberProblem(value: number, source: unknown): string | undefined {
  const written = typeof source === 'string' ? source : String(value);
  if (!Number.isFinite(value)) return `Unexpected number ${written}: it is not finite; expected a finite number (quote it to keep it as text)`;
  if (Number.isInteger(value) && !Number.isSafeInteger(value) && /^[-+]?(?:\d+|0x[0-9a-fA-F]+|0o[0-7]+)$/.test(written)) {
    return `Unexpected integer ${written}: it is beyond ±2^53 and would lose precision; quote it to keep it as text`;
  }
  return undefined;
}

function yamlCode(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'yaml/duplicate-key';
    case 'TAG_RESOLVE_FAILED':
      return 'yaml/unresolved-tag';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return 'yaml/alias';
    default:
      return 'yaml/syntax';
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
