/**
 * JSON Schema validation (ajv's precompiled validators) of parsed YAML, turning ajv's errors into
 * diagnostics at the file:line:col of the offending field.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlFile, YamlPath } from '../load/yaml.js';
import type { SchemaName, Validator } from './schema-catalog.js';
import { createValidators } from './schema-validators.generated.js';

export { SCHEMA_DIR, type SchemaName } from './schema-catalog.js';

let validators: Readonly<Record<SchemaName, Validator>> | undefined;

/** Validate `value` (located in `yaml`) against a schema; `base` prefixes paths for nested documents. */
export function validateAgainst(name: SchemaName, yaml: YamlFile, value: unknown = yaml.value, base: YamlPath = []): Diagnostic[] {
  // Precompiled at development time (scripts/schema-validators.ts): no ajv, no schema compilation at start-up.
  validators ??= createValidators();
  const validate = validators[name];
  if (validate(value)) return [];
  // Libraries and profiles are reached indirectly (an import, a profile name): one that does not say it is a carespec
  // file (an import that is really a link to /etc/passwd) may hold anything, so its diagnostics never quote its values;
  // stderr must not become a way to read files. Files named on the command line are the user's own and are quoted.
  const quote = DIRECTLY_NAMED.has(name) || declaresCarespec(yaml.value);
  return simplify(validate.errors ?? []).map((error) => toDiagnostic(error, yaml, base, quote));
}

/**
 * Validate a value read from JSON, where no positions are kept (a results file can be large): each
 * error by its field path. For documents carespec wrote itself (results, portfolio reports) that a
 * person may have edited or truncated.
 */
export function jsonSchemaErrors(name: SchemaName, value: unknown): { field: string; message: string }[] {
  validators ??= createValidators();
  const validate = validators[name];
  if (validate(value)) return [];
  return simplify(validate.errors ?? []).map((e) => {
    const { message, field } = phrase(e, value, [], true);
    return { field, message };
  });
}

const DIRECTLY_NAMED: ReadonlySet<SchemaName> = new Set(['specification', 'rule-block', 'evidence', 'rule-tests']);
const NOT_QUOTED = 'not quoted: the file does not declare itself a carespec file';

/** The root is a mapping with a `carespec: <kind>/<version>` tag. */
function declaresCarespec(root: unknown): boolean {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return false;
  const tag = (root as Record<string, unknown>).carespec;
  return typeof tag === 'string' && /^[a-z-]+\/\d+$/.test(tag);
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

function toDiagnostic(error: ErrorObject, yaml: YamlFile, base: YamlPath, quote: boolean): Diagnostic {
  const { message, field, segments } = phrase(error, yaml.value, base, quote);
  const { line, column } = yaml.locate(segments);
  return { code: `schema/${error.keyword}`, message, severity: 'error', file: yaml.file, line, column, ...(field ? { field } : {}) };
}

/** An ajv error in words a person can act on, with the field it is about (YAML and JSON inputs alike). */
function phrase(error: ErrorObject, root: unknown, base: YamlPath, quote: boolean): { message: string; field: string; segments: (string | number)[] } {
  const segments: (string | number)[] = [...base, ...pointerSegments(error.instancePath)];
  let field = segments.join('.');
  let message: string;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      message = `Missing property "${String(params.missingProperty)}"${whyRequired(error, valueAt(root, segments), String(params.missingProperty))}`;
      field = [...segments, String(params.missingProperty)].join('.');
      break;
    case 'additionalProperties':
      if (!quote) {
        message = `Unexpected property (${NOT_QUOTED})`;
        break;
      }
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
      message = `Unexpected ${describe(valueAt(root, segments.slice(0)), quote)}, expected ${String(params.type)}`;
      break;
    case 'pattern':
      message = `Unexpected value${quote ? ` ${shorten(JSON.stringify(valueAt(root, segments)) ?? 'undefined')}` : ''}, expected text matching ${String(params.pattern)}`;
      break;
    default:
      message = error.message ?? 'is invalid';
  }
  return { message, field, segments };
}

/**
 * A property required only by what another says (a metric's aggregate) reads as arbitrary unless the
 * message says which: "Missing property "column" (a sum metric needs the column it adds up)".
 */
const METRIC_NEEDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  column: {
    sum: 'a sum metric needs the column it adds up',
    mean: 'a mean metric needs the column it averages',
    min: 'a min metric needs the column whose smallest value it takes',
    max: 'a max metric needs the column whose largest value it takes',
    percentile: 'a percentile metric needs the column it ranks',
  },
  match: { share: 'a share metric needs match, the rows it counts as a share of all rows' },
  group_by: { distinct_per_group: 'a distinct_per_group metric needs group_by, the column it groups rows by' },
  distinct: { distinct_per_group: 'a distinct_per_group metric needs distinct, the column whose different values it counts in each group' },
};

function whyRequired(error: ErrorObject, parent: unknown, missing: string): string {
  // Only a conditional requirement (if/then) depends on another property; a plain one needs no reason.
  if (!error.schemaPath.includes('/then/') || parent === null || typeof parent !== 'object') return '';
  const fields = parent as Record<string, unknown>;
  if (missing === 'threshold' && fields.statistic === 'share_above') return ' (a share_above statistic needs the threshold each value is compared with)';
  if (missing === 'statistic' && Object.hasOwn(fields, 'threshold')) return ' (a threshold is used only by the share_above statistic)';
  const aggregate = fields.aggregate;
  const reason = typeof aggregate === 'string' ? METRIC_NEEDS[missing]?.[aggregate] : undefined;
  return reason ? ` (${reason})` : '';
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

function describe(value: unknown, quote: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (!quote) return `${typeof value} (${NOT_QUOTED})`;
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
