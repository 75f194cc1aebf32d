/**
 * JSON Schema validation (ajv) of parsed YAML, turning ajv's errors into
 * diagnostics at the file:line:col of the offending field.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlFile, YamlPath } from '../load/yaml.js';

export type SchemaName = 'rule-library' | 'rule-block' | 'specification' | 'evidence' | 'results' | 'profile' | 'rule-tests';

/** `schemas/` sits two levels above this module both in `src/` and in `dist/`. */
export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schemas');
const SCHEMA_FILES: readonly SchemaName[] = ['rule-library', 'rule-block', 'specification', 'evidence', 'results', 'profile', 'rule-tests'];

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  const cached = compiled.get(name);
  if (cached) return cached;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    for (const schema of SCHEMA_FILES) {
      const file = path.join(SCHEMA_DIR, `${schema}.schema.json`);
      try {
        ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
      } catch {
        // A schema that does not exist yet is only an error when it is asked for.
      }
    }
  }
  const validate = ajv.getSchema(`${name}.schema.json`);
  if (!validate) throw new Error(`carespec is missing its schema ${name}.schema.json`);
  compiled.set(name, validate);
  return validate;
}

/** Validate `value` (located in `yaml`) against a schema; `base` prefixes paths for nested documents. */
export function validateAgainst(name: SchemaName, yaml: YamlFile, value: unknown = yaml.value, base: YamlPath = []): Diagnostic[] {
  const validate = validatorFor(name);
  if (validate(value)) return [];
  return simplify(validate.errors ?? []).map((error) => toDiagnostic(error, yaml, base));
}

/** ajv reports every failed branch of oneOf/if; keep the errors a person can act on. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const meaningful = errors.filter((e) => !['if', 'oneOf', 'anyOf', 'allOf'].includes(e.keyword));
  const seen = new Set<string>();
  const unique: ErrorObject[] = [];
  for (const error of meaningful.length > 0 ? meaningful : errors) {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(error);
    }
  }
  return unique.slice(0, 20);
}

function toDiagnostic(error: ErrorObject, yaml: YamlFile, base: YamlPath): Diagnostic {
  const segments: (string | number)[] = [...base, ...pointerSegments(error.instancePath)];
  let field = segments.join('.');
  let message: string;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      message = `Missing property "${String(params.missingProperty)}"`;
      field = [...segments, String(params.missingProperty)].join('.');
      break;
    case 'additionalProperties':
      message = `Unexpected property "${String(params.additionalProperty)}"`;
      segments.push(String(params.additionalProperty));
      field = segments.join('.');
      break;
    case 'enum':
      message = `Unexpected value, expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `Unexpected value, expected ${JSON.stringify(params.allowedValue)}`;
      break;
    case 'type':
      message = `Unexpected ${describe(valueAt(yaml.value, segments.slice(0)))}, expected ${String(params.type)}`;
      break;
    case 'pattern':
      message = `Unexpected value ${shorten(JSON.stringify(valueAt(yaml.value, segments)) ?? 'undefined')}, expected text matching ${String(params.pattern)}`;
      break;
    default:
      message = error.message ?? 'is invalid';
  }
  const { line, column } = yaml.locate(segments);
  return { code: `schema/${error.keyword}`, message, severity: 'error', file: yaml.file, line, column, ...(field ? { field } : {}) };
}

function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of segments) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return `${typeof value} ${shorten(JSON.stringify(value) ?? String(value))}`;
}

/**
 * Hardening: a diagnostic quotes the offending value, which can be a whole
 * file (UTF-16 read as one long string, a 5 MB scalar); keep one readable line.
 */
const MAX_QUOTED = 80;
function shorten(quoted: string): string {
  return quoted.length <= MAX_QUOTED ? quoted : `${quoted.slice(0, MAX_QUOTED)}… (${quoted.length} characters)`;
}
