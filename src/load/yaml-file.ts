/**
 * Read a YAML file of one kind: its text, strict YAML, and its JSON Schema, in that order, each
 * failure a diagnostic with its position. The evidence manifest and the pool basis both start here.
 */
import type { Outcome } from '../model/diagnostic.js';
import { displayPath, readTextFile, type TextFile } from './files.js';
import { validateAgainst, type SchemaName } from './schema.js';
import { parseYaml, type YamlFile } from './yaml.js';

export interface YamlOfKind {
  read: TextFile;
  /** The path as reports show it. */
  shown: string;
  yaml: YamlFile;
}

export function readYamlOfKind(file: string, schema: SchemaName): Outcome<YamlOfKind> {
  const read = readTextFile(file);
  if (!read.ok) return read;
  const shown = displayPath(file);
  const parsed = parseYaml(read.value.text, shown);
  if (!parsed.ok) return parsed;
  const errors = validateAgainst(schema, parsed.value);
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  return { ok: true, value: { read: read.value, shown, yaml: parsed.value }, warnings: [] };
}
