/**
 * Read a YAML file of one kind: its text, strict YAML, and its JSON Schema, in that order, each
 * failure a diagnostic with its position. The evidence manifest and the pool basis both start here,
 * from a path or from content given in memory (memory.ts), read the same way.
 */
import type { Outcome } from '../model/diagnostic.js';
import { displayPath, readTextFile, type TextFile } from './files.js';
import { readInMemoryText, type TextSource } from './memory.js';
import { validateAgainst, type SchemaName } from './schema.js';
import { parseYaml, type YamlFile } from './yaml.js';

export interface YamlOfKind {
  read: TextFile;
  /** The path as reports show it (the name given, for content in memory). */
  shown: string;
  yaml: YamlFile;
}

export function readYamlOfKind(source: TextSource, schema: SchemaName): Outcome<YamlOfKind> {
  const read = typeof source === 'string' ? readTextFile(source) : readInMemoryText(source);
  if (!read.ok) return read;
  const shown = typeof source === 'string' ? displayPath(source) : read.value.file;
  const parsed = parseYaml(read.value.text, shown);
  if (!parsed.ok) return parsed;
  const errors = validateAgainst(schema, parsed.value);
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  return { ok: true, value: { read: read.value, shown, yaml: parsed.value }, warnings: [] };
}
