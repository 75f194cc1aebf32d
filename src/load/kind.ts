/**
 * What a carespec file is, from its name and its `carespec: <kind>/<version>` tag: the one
 * detector `validate` and the authoring commands (lint, test, folder expansion) share.
 */
import { readTextFile } from './files.js';

export type CarespecFileKind = 'specification' | 'rule-library' | 'evidence' | 'rule-tests' | 'profile' | 'portfolio' | 'unknown';

const TAGGED: ReadonlySet<string> = new Set(['rule-library', 'evidence', 'rule-tests', 'profile', 'portfolio']);

/**
 * Markdown is a specification; YAML says what it is in its tag. `strict` (for files found by
 * searching a folder, where READMEs are markdown too) also wants a specification's front matter
 * to carry `carespec: specification/…`; a file named explicitly is taken at its word.
 */
export function kindOfFile(file: string, strict = false): CarespecFileKind {
  const markdown = /\.(md|markdown)$/i.test(file);
  if (markdown && !strict) return 'specification';
  const read = readTextFile(file);
  if (!read.ok) return 'unknown';
  if (markdown) return /^---\r?\n[\s\S]*?^carespec:\s*["']?specification\/\d+/m.test(read.value.text) ? 'specification' : 'unknown';
  const tag = /^carespec:\s*["']?([a-z-]+)\/\d+/m.exec(read.value.text)?.[1];
  return tag !== undefined && TAGGED.has(tag) ? (tag as CarespecFileKind) : 'unknown';
}
