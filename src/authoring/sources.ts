/**
 * Positions below the granularity the loaders keep: the loaders record where a
 * rule starts; lint wants the line of the `var` inside its test. This re-reads
 * a file (already known to be valid) and locates any YAML path in it: a rule
 * library or evidence manifest as one document, a specification as its front
 * matter plus each ```carespec block.
 */
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';
import { displayPath, readTextFile } from '../load/files.js';
import { RULE_BLOCK_LANG } from '../load/spec.js';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { YamlPath } from '../load/yaml.js';
import type { SourcePosition } from '../model/types.js';

const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/** One YAML document (a file, front matter or rule block) that can say where a path's key is written. */
interface YamlDoc {
  file: string;
  value: unknown;
  locate(path: YamlPath): { line: number; column: number };
}

interface Located {
  documents: YamlDoc[];
}

/**
 * Like load/yaml.ts's locate(), but a path ending in a mapping key points at
 * the key (`min_minutes:`), not at its value, which may start a line later.
 */
function yamlDoc(text: string, file: string, lineOffset: number): YamlDoc | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, version: '1.2', schema: 'core' }); // as load/yaml.ts reads it
  if (doc.errors.length > 0) return undefined;
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const start = (node: unknown) => (node as { range?: [number, number, number] } | null)?.range?.[0];
  return {
    file,
    value: doc.toJS() as unknown,
    locate(path) {
      let node: unknown = doc.contents;
      let offset = start(node) ?? 0;
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
          if (!pair) break;
          offset = start(pair.key) ?? offset;
          node = pair.value;
        } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
          node = node.items[key];
          offset = start(node) ?? offset;
        } else break;
      }
      return position(offset);
    },
  };
}

export class SourceIndex {
  private readonly cache = new Map<string, Located>();

  /** Parse `file` (an absolute or cwd-relative path) once. */
  private load(file: string): Located {
    const key = path.resolve(file);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const located: Located = { documents: [] };
    const read = readTextFile(key);
    if (read.ok) {
      const shown = displayPath(key);
      if (/\.(md|markdown)$/i.test(key)) {
        const tree = markdown.parse(read.value.text) as Root;
        for (const node of tree.children) {
          if (node.type !== 'yaml' && !(node.type === 'code' && node.lang === RULE_BLOCK_LANG)) continue;
          const doc = yamlDoc(node.value, shown, node.position?.start.line ?? 0);
          if (doc) located.documents.push(doc);
        }
      } else {
        const doc = yamlDoc(read.value.text, shown, 0);
        if (doc) located.documents.push(doc);
      }
    }
    this.cache.set(key, located);
    return located;
  }

  /** Position of `yamlPath` in a YAML file, or in a specification's front matter. */
  at(file: string, yamlPath: YamlPath, fallback?: SourcePosition): SourcePosition {
    const doc = this.load(file).documents[0];
    if (!doc) return fallback ?? { file: displayPath(path.resolve(file)), line: 0, column: 0 };
    return { file: doc.file, ...doc.locate(yamlPath) };
  }

  /**
   * Position of `sub` inside the rule with id `ruleId` defined in `file`
   * (a library's `rules:` list or a specification's rule blocks).
   */
  inRule(file: string, ruleId: string, sub: YamlPath, fallback?: SourcePosition): SourcePosition {
    for (const doc of this.load(file).documents) {
      const rules = (doc.value as { rules?: unknown } | null)?.rules;
      if (!Array.isArray(rules)) continue;
      const index = rules.findIndex((r) => (r as { id?: unknown } | null)?.id === ruleId);
      if (index >= 0) return { file: doc.file, ...doc.locate(['rules', index, ...sub]) };
    }
    return fallback ?? { file: displayPath(path.resolve(file)), line: 0, column: 0 };
  }

  /** Position of `yamlPath` in the first document (front matter or rule block) where it exists. */
  inBlock(file: string, yamlPath: YamlPath): SourcePosition | undefined {
    return this.inBlockWhere(file, (value) => (hasPath(value, yamlPath) ? yamlPath : undefined));
  }

  /** Position of the path `choose` picks in the first document it picks one in. */
  inBlockWhere(file: string, choose: (value: unknown) => YamlPath | undefined): SourcePosition | undefined {
    for (const doc of this.load(file).documents) {
      const chosen = choose(doc.value);
      if (chosen) return { file: doc.file, ...doc.locate(chosen) };
    }
    return undefined;
  }
}

function hasPath(value: unknown, yamlPath: YamlPath): boolean {
  let node = value;
  for (const key of yamlPath) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}
