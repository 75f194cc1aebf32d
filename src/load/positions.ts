/**
 * Look-ups in a loader's PositionMap: where a YAML path is written, or its
 * nearest written ancestor, without parsing the file again.
 */
import type { PositionMap, SourcePosition } from '../model/types.js';
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
