/**
 * A mapping profile's meaning, checked before any data is read. The schema
 * says what each field may hold; these checks say whether the fields agree
 * with each other (`profileShapeDiagnostics`) and with the dataset kind they
 * map (`profileKindDiagnostics`). A profile that fails them used to surface
 * only at check time, as a dataset with no usable rows.
 */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { ColumnDeclaration, DatasetKind, SourcePosition } from '../../model/types.js';
import type { YamlFile } from '../../load/yaml.js';
import { suggest } from '../../text/suggest.js';
import type { Profile } from './profile.js';

/** What fills a column: at most one of these per column. */
const SOURCES = ['header', 'join', 'value', 'minutes_between', 'hours_between'] as const;
const FORMAT_TOKENS = ['YYYY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'mm', 'ss'] as const;
const TOKEN_FIELD: Record<(typeof FORMAT_TOKENS)[number], string> = { YYYY: 'year', MM: 'month', M: 'month', DD: 'day', D: 'day', HH: 'hour', H: 'hour', mm: 'minute', ss: 'second' };
/** Column types a time quantity in minutes can be stored in (convert.ts applies `unit` to these). */
const MINUTE_TYPES: ReadonlySet<ColumnDeclaration['type']> = new Set(['number', 'integer', 'duration']);
const DATE_TYPES: ReadonlySet<ColumnDeclaration['type']> = new Set(['date', 'datetime']);

/**
 * Why a `format` cannot be what its author meant, or undefined. Letters that are not tokens would be
 * matched literally (`dd/mm/yyyy` matches only the text "dd/mm/yyyy"), so every cell would be malformed.
 */
export function formatProblem(format: string): string | undefined {
  if (format === 'ISO') return undefined;
  const seen = new Map<string, string>();
  for (let i = 0; i < format.length; ) {
    const token = FORMAT_TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      const field = TOKEN_FIELD[token];
      const earlier = seen.get(field);
      if (earlier !== undefined) return `the ${field} is given twice (${earlier} and ${token})`;
      seen.set(field, token);
      i += token.length;
      continue;
    }
    const char = format[i]!;
    // `T` is ISO's date-time separator; any other letter is a mistyped token.
    if (/[A-Za-z]/.test(char) && char !== 'T') return `"${char}" at position ${i + 1} is not a token (tokens: ${FORMAT_TOKENS.join(' ')}; other letters would be matched literally)`;
    i++;
  }
  for (const field of ['year', 'month', 'day']) if (!seen.has(field)) return `it has no ${field} (YYYY, MM or M, DD or D)`;
  if (seen.has('minute') && !seen.has('hour')) return 'it has minutes (mm) but no hour (HH or H)';
  if (seen.has('second') && !seen.has('minute')) return 'it has seconds (ss) but no minutes (mm)';
  return undefined;
}

const article = (type: string) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

const at = (code: string, message: string, position: SourcePosition, field: string): Diagnostic => ({
  code, message, severity: 'error', file: position.file, line: position.line, column: position.column, field,
});

/** Checks that need only the profile (run when it loads, whatever kind it maps). */
export function profileShapeDiagnostics(yaml: YamlFile): Diagnostic[] {
  const found: Diagnostic[] = [];
  const raw = yaml.value as Record<string, unknown>;
  const columns = (raw.columns ?? {}) as Record<string, Record<string, unknown>>;
  const pos = (path: (string | number)[]) => ({ file: yaml.file, ...yaml.locate(path) });
  for (const [name, entry] of Object.entries(columns)) {
    const sources = SOURCES.filter((key) => Object.hasOwn(entry, key));
    if (sources.length > 1) {
      found.push(at('profile/conflict', `Unexpected ${sources.join(' and ')} together in column "${name}", expected one way to fill it`, pos(['columns', name, sources[1]!]), `columns.${name}.${sources[1]}`));
    }
    if (typeof entry.format === 'string') {
      const problem = formatProblem(entry.format);
      if (problem) found.push(at('profile/format', `Unexpected format "${entry.format}" in column "${name}": ${problem}`, pos(['columns', name, 'format']), `columns.${name}.format`));
    }
    if (entry.round !== undefined && entry.unit === undefined) {
      found.push(at('profile/round', `Unexpected round in column "${name}" without a unit: only a value converted from hours or seconds needs rounding`, pos(['columns', name, 'round']), `columns.${name}.round`));
    }
    for (const key of ['minutes_between', 'hours_between'] as const) {
      const between = entry[key];
      if (!Array.isArray(between)) continue;
      between.forEach((source, i) => {
        // Without a kind, a column the profile does not list may still be found by its own name.
        if (source === name) found.push(at('profile/derive', `Unexpected ${key} in column "${name}" naming the column itself`, pos(['columns', name, key, i]), `columns.${name}.${key}.${i}`));
        else if (raw.match_by_name === false && !Object.hasOwn(columns, String(source))) {
          found.push(at('profile/derive', `Unexpected column "${String(source)}" in ${key} of "${name}": with match_by_name: false only the columns listed here exist${suggest(String(source), Object.keys(columns))}`, pos(['columns', name, key, i]), `columns.${name}.${key}.${i}`));
        }
      });
    }
  }
  return found;
}

/** Checks against the dataset kind the profile maps (known from the libraries of the run). */
export function profileKindDiagnostics(profile: Profile, kindName: string, kind: DatasetKind): Diagnostic[] {
  const found: Diagnostic[] = [];
  const pos = (key: string) => profile.positions[key] ?? profile.positions[key.split('.').slice(0, 2).join('.')] ?? { file: profile.input.path, line: 0, column: 0 };
  if (profile.kind !== undefined && profile.kind !== kindName) {
    found.push(at('profile/kind', `Unexpected use of profile "${profile.shownAs}" for ${kindName} data: it maps ${profile.kind} data`, pos('kind'), 'kind'));
    return found;
  }
  const declared = Object.keys(kind.columns);
  for (const [name, mapping] of Object.entries(profile.columns)) {
    const column = Object.hasOwn(kind.columns, name) ? kind.columns[name] : undefined;
    // A profile maps one system's export, and libraries may declare a kind with fewer columns than
    // the export has: a column the kind lacks is not read, so it is not an error here.
    if (!column) continue;
    if ((mapping.unit !== undefined || mapping.round !== undefined) && !MINUTE_TYPES.has(column.type)) {
      const key = mapping.unit !== undefined ? 'unit' : 'round';
      found.push(at('profile/unit', `Unexpected ${key} on column "${name}", which is ${article(column.type)}: only number, integer and duration columns hold a time quantity in minutes`, pos(`columns.${name}.${key}`), `columns.${name}.${key}`));
    }
    if (mapping.round !== undefined && column.type !== 'integer') {
      found.push(at('profile/round', `Unexpected round on column "${name}", which is ${article(column.type)}: only an integer column is rounded`, pos(`columns.${name}.round`), `columns.${name}.round`));
    }
    if (mapping.format !== undefined && !DATE_TYPES.has(column.type)) {
      found.push(at('profile/format', `Unexpected format on column "${name}", which is ${article(column.type)}: a format reads dates and datetimes`, pos(`columns.${name}.format`), `columns.${name}.format`));
    }
    if (mapping.derive) {
      const key = mapping.derive.op;
      if (!MINUTE_TYPES.has(column.type)) found.push(at('profile/derive', `Unexpected ${key} on column "${name}", which is ${article(column.type)}: a derived time is a number, integer or duration`, pos(`columns.${name}.${key}`), `columns.${name}.${key}`));
      [mapping.derive.from, mapping.derive.to].forEach((source, i) => {
        const type = Object.hasOwn(kind.columns, source) ? kind.columns[source]!.type : undefined;
        if (type === undefined) found.push(at('profile/derive', `Unexpected column "${source}" in ${key} of "${name}": dataset kind "${kindName}" declares no such column${suggest(source, declared)}`, pos(`columns.${name}.${key}`), `columns.${name}.${key}.${i}`));
        else if (!DATE_TYPES.has(type)) found.push(at('profile/derive', `Unexpected column "${source}" in ${key} of "${name}": it is ${article(type)}, expected a date or datetime column`, pos(`columns.${name}.${key}`), `columns.${name}.${key}.${i}`));
      });
    }
  }
  return found;
}
