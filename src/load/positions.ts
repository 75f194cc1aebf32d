/**
 * Look-ups in the loaders' PositionMaps: where a YAML path is written, or its
 * nearest written ancestor, without parsing the file again. Assembly and lint
 * use them for positions below what the models name directly (the line of a
 * `var` inside a rule's test, not the rule's): a rule library or evidence
 * manifest is one document, a specification its front matter plus each
 * ```carespec block.
 */
import path from 'node:path';
import type { Evidence, PositionMap, RuleLibrary, SourcePosition, Specification } from '../model/types.js';
import { displayPath } from './files.js';
import type { YamlPath } from './yaml.js';

/** `['rules', 0, 'test']` → `/rules/0/test` (RFC 6901 escapes). */
export function pointerOf(path: YamlPath): string {
  return path.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function hasPosition(map: PositionMap, path: YamlPath): boolean {
  return Object.hasOwn(map, pointerOf(path));
}

/** The position of `path`, or of the deepest ancestor that is written (the document's start at worst). */
export function positionIn(map: PositionMap, file: string, path: YamlPath): SourcePosition {
  for (let n = path.length; n >= 0; n--) {
    const found = map[pointerOf(path.slice(0, n))];
    if (found) return { file, line: found[0], column: found[1] };
  }
  return { file, line: 1, column: 1 };
}

/** One YAML document (a file, front matter or rule block) of a loaded model. */
interface YamlDoc {
  file: string;
  positions: PositionMap;
  /** Ids of the rules under `rules:`, in order. */
  rules: readonly string[];
  use: readonly string[];
}

type Model = RuleLibrary | Specification | Evidence;

function documentsOf(model: Model): YamlDoc[] {
  if ('clauses' in model) {
    const spec = model;
    if (!spec.sources) return [];
    return [
      { file: spec.file, positions: spec.sources.front, rules: [], use: [] },
      ...spec.sources.blocks.map((b) => ({ file: spec.file, positions: b.positions, rules: b.rules, use: b.use })),
    ];
  }
  if (!model.positions) return [];
  const rules = 'rules' in model ? model.rules.map((r) => r.id) : [];
  return [{ file: model.file, positions: model.positions, rules, use: [] }];
}

export class SourceIndex {
  private readonly documents = new Map<string, YamlDoc[]>();

  /** The models whose files can be located, each by its (resolved) display path; the first model of a file wins. */
  constructor(models: Iterable<Model> = []) {
    for (const model of models) this.add(model);
  }

  add(model: Model): this {
    const key = path.resolve(model.file);
    if (!this.documents.has(key)) this.documents.set(key, documentsOf(model));
    return this;
  }

  private load(file: string): YamlDoc[] {
    return this.documents.get(path.resolve(file)) ?? [];
  }

  /** Position of `yamlPath` in a YAML file, or in a specification's front matter. */
  at(file: string, yamlPath: YamlPath, fallback?: SourcePosition): SourcePosition {
    const doc = this.load(file)[0];
    if (!doc) return fallback ?? unknown(file);
    return positionIn(doc.positions, doc.file, yamlPath);
  }

  /**
   * Position of `sub` inside the rule with id `ruleId` defined in `file`
   * (a library's `rules:` list or a specification's rule blocks).
   */
  inRule(file: string, ruleId: string, sub: YamlPath, fallback?: SourcePosition): SourcePosition {
    for (const doc of this.load(file)) {
      const index = doc.rules.indexOf(ruleId);
      if (index >= 0) return positionIn(doc.positions, doc.file, ['rules', index, ...sub]);
    }
    return fallback ?? unknown(file);
  }

  /** The YAML path of `sub` inside the rule with id `ruleId` in `file` (`['rules', 3, ...sub]`), when that rule is there. */
  rulePath(file: string, ruleId: string, sub: YamlPath): YamlPath | undefined {
    for (const doc of this.load(file)) {
      const index = doc.rules.indexOf(ruleId);
      if (index >= 0) return ['rules', index, ...sub];
    }
    return undefined;
  }

  /** Position of `yamlPath` in the first document (front matter or rule block) where it is written. */
  inBlock(file: string, yamlPath: YamlPath): SourcePosition | undefined {
    const doc = this.load(file).find((d) => hasPosition(d.positions, yamlPath));
    return doc && positionIn(doc.positions, doc.file, yamlPath);
  }

  /** Position of the first rule block's `use:` entry naming `ruleId`. */
  useOf(file: string, ruleId: string): SourcePosition | undefined {
    for (const doc of this.load(file)) {
      const i = doc.use.indexOf(ruleId);
      if (i >= 0) return positionIn(doc.positions, doc.file, ['use', i]);
    }
    return undefined;
  }
}

/** A file no loaded model came from: nothing is known of it but its name (line 0: no position exists). */
function unknown(file: string): SourcePosition {
  return { file: displayPath(path.resolve(file)), line: 0, column: 0 };
}
