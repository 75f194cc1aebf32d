/**
 * A mapping profile's column rules as SQL over a raw VARCHAR cell, written from
 * docs/data.md (not from carespec's converters): the profile's code values
 * (exact, then trimmed and case-insensitive), then the declared type's
 * reading: numbers, integers, the boolean words, enum values, ISO or custom
 * date formats, durations in minutes (hours and seconds scaled).
 * Each conversion yields NULL for a cell it cannot read; the caller makes
 * that row malformed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { sqlString, sqlNumber } from './logic-sql.js';
import type { ColumnDecl, ColumnType, Scalar } from './spec-files.js';

export interface ColumnRule {
  headers?: string[];
  format?: string;
  values?: Record<string, Scalar | null>;
  unit?: 'minutes' | 'hours' | 'seconds';
  constant?: { value: Scalar | null };
  derive?: { hours: boolean; from: string; to: string };
}

export interface ProfileRules {
  delimiter: string;
  matchByName: boolean;
  toleranceDays: number;
  columns: Record<string, ColumnRule>;
}

type Raw = Record<string, unknown>;

/** A bundled profile by name (profiles/<name>.yaml) or a path relative to the manifest. */
export function readProfile(name: string | undefined, manifestDir: string, repoRoot: string): ProfileRules {
  const wanted = name ?? 'generic';
  const file = /^[a-z0-9][a-z0-9-]*$/.test(wanted) ? path.join(repoRoot, 'profiles', `${wanted}.yaml`) : path.resolve(manifestDir, wanted);
  const raw = parse(readFileSync(file, 'utf8')) as Raw;
  const columns: Record<string, ColumnRule> = {};
  for (const [column, entry] of Object.entries((raw.columns ?? {}) as Record<string, Raw>)) {
    const between = (entry.minutes_between ?? entry.hours_between) as [string, string] | undefined;
    columns[column] = {
      ...(entry.header === undefined ? {} : { headers: ([] as unknown[]).concat(entry.header).map(String) }),
      ...(typeof entry.format === 'string' ? { format: entry.format } : {}),
      ...(entry.values ? { values: entry.values as Record<string, Scalar | null> } : {}),
      ...(entry.unit ? { unit: entry.unit as ColumnRule['unit'] & string } : {}),
      ...('value' in entry ? { constant: { value: entry.value as Scalar | null } } : {}),
      ...(between ? { derive: { hours: entry.hours_between !== undefined, from: between[0], to: between[1] } } : {}),
    };
  }
  return {
    delimiter: typeof raw.delimiter === 'string' ? raw.delimiter : ',',
    matchByName: raw.match_by_name !== false,
    toleranceDays: typeof raw.coverage_tolerance_days === 'number' ? raw.coverage_tolerance_days : 1,
    columns,
  };
}

/** How each declared type is held in the oracle's tables (dates stay canonical ISO text, as rules compare them). */
export function sqlTypeOf(type: ColumnType): 'num' | 'str' | 'bool' {
  if (type === 'number' || type === 'integer' || type === 'duration') return 'num';
  return type === 'boolean' ? 'bool' : 'str';
}

const SQL_TYPE = { num: 'DOUBLE', str: 'VARCHAR', bool: 'BOOLEAN' } as const;
export const sqlColumnType = (type: ColumnType) => SQL_TYPE[sqlTypeOf(type)];

const TRUE_WORDS = ['true', 'yes', 'y', '1', 't'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'f'];
const list = (words: string[]) => words.map(sqlString).join(', ');

/** A custom date format ("DD/MM/YYYY HH:mm") as a regular expression with one group per token. */
function formatPattern(format: string): { pattern: string; fields: string[] } {
  const tokens: [string, string, string][] = [
    ['YYYY', '(\\d{4})', 'y'], ['MM', '(\\d{2})', 'mo'], ['M', '(\\d{1,2})', 'mo'], ['DD', '(\\d{2})', 'd'], ['D', '(\\d{1,2})', 'd'],
    ['HH', '(\\d{2})', 'h'], ['H', '(\\d{1,2})', 'h'], ['mm', '(\\d{2})', 'mi'], ['ss', '(\\d{2})', 's'],
  ];
  let pattern = '';
  const fields: string[] = [];
  for (let i = 0; i < format.length; ) {
    const token = tokens.find(([t]) => format.startsWith(t, i));
    if (token) {
      pattern += token[1];
      fields.push(token[2]);
      i += token[0].length;
    } else {
      pattern += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return { pattern: `^\\s*${pattern}\\s*$`, fields };
}

/** A datetime (or date) in a custom format as canonical ISO text; ISO text is accepted too (XLSX cells). */
function formattedDatetime(raw: string, format: string): string {
  const { pattern, fields } = formatPattern(format);
  const re = sqlString(pattern);
  const part = (field: string) => (fields.includes(field) ? `CAST(regexp_extract(${raw}, ${re}, ${fields.indexOf(field) + 1}) AS INT)` : '0');
  const date = `TRY_CAST(printf('%04d-%02d-%02d', ${part('y')}, ${part('mo')}, ${part('d')}) AS DATE)`;
  const hasTime = fields.includes('h');
  const value = hasTime ? `strftime(${date}, '%Y-%m-%d') || printf('T%02d:%02d:%02d', ${part('h')}, ${part('mi')}, ${part('s')})` : `strftime(${date}, '%Y-%m-%d')`;
  const valid = `${date} IS NOT NULL AND ${part('h')} <= 23 AND ${part('mi')} <= 59 AND ${part('s')} <= 59`;
  return `(CASE WHEN regexp_matches(${raw}, ${re}) THEN (CASE WHEN ${valid} THEN ${value} END) ELSE iso_datetime(${raw}) END)`;
}

/** The declared type's reading of a non-empty cell, or NULL. */
function typed(raw: string, column: ColumnDecl, rule: ColumnRule | undefined): string {
  switch (column.type) {
    case 'string':
      return raw;
    case 'number':
      return `js_number(${raw})`;
    case 'integer':
      return `(CASE WHEN js_number(${raw}) = floor(js_number(${raw})) THEN js_number(${raw}) END)`;
    case 'boolean':
      return `(CASE WHEN lower(js_trim(${raw})) IN (${list(TRUE_WORDS)}) THEN TRUE WHEN lower(js_trim(${raw})) IN (${list(FALSE_WORDS)}) THEN FALSE END)`;
    case 'enum': {
      const values = column.values ?? [];
      if (values.length === 0) return 'NULL::VARCHAR';
      const exact = values.map((v) => `WHEN ${raw} = ${sqlString(v)} THEN ${sqlString(v)}`).join(' ');
      const folded = values.map((v) => `WHEN lower(js_trim(${raw})) = ${sqlString(v.toLowerCase())} THEN ${sqlString(v)}`).join(' ');
      return `(CASE ${exact} ${folded} END)`;
    }
    case 'date':
      return `substr(${rule?.format && rule.format !== 'ISO' && rule.format !== 'YYYY-MM-DD' ? formattedDatetime(raw, rule.format) : `iso_datetime(${raw})`}, 1, 10)`;
    case 'datetime':
      return rule?.format && rule.format !== 'ISO' && rule.format !== 'YYYY-MM-DD' ? formattedDatetime(raw, rule.format) : `iso_datetime(${raw})`;
    case 'duration': {
      const factor = rule?.unit === 'hours' ? 60 : rule?.unit === 'seconds' ? 1 / 60 : 1;
      return `COALESCE(js_number(${raw}) * ${sqlNumber(factor)}, clock_minutes(${raw}), iso_minutes(${raw}))`;
    }
  }
}

/** A profile value (already a carespec value) as a SQL literal of the column's type. */
function mappedLiteral(value: Scalar | null, column: ColumnDecl, rule: ColumnRule | undefined): string {
  if (value === null) return `NULL::${sqlColumnType(column.type)}`;
  if (typeof value === 'string') return column.type === 'string' ? sqlString(value) : typed(sqlString(value), column, rule);
  if (typeof value === 'boolean') return sqlTypeOf(column.type) === 'bool' ? (value ? 'TRUE' : 'FALSE') : `CAST(${value ? 'TRUE' : 'FALSE'} AS ${sqlColumnType(column.type)})`;
  return sqlTypeOf(column.type) === 'num' ? sqlNumber(value) : `CAST(${sqlNumber(value)} AS ${sqlColumnType(column.type)})`;
}

/**
 * The converted value of a cell and whether it could be read. `raw` is NULL for an
 * empty cell (then the value is NULL and the cell is fine unless required).
 */
export function convertCell(raw: string, column: ColumnDecl, rule: ColumnRule | undefined): { value: string; readable: string } {
  const type = sqlColumnType(column.type);
  const codes = Object.entries(rule?.values ?? {});
  if (codes.length === 0) {
    const value = `CAST(${typed(raw, column, rule)} AS ${type})`;
    return { value, readable: `(${raw} IS NULL OR ${value} IS NOT NULL)` };
  }
  const exact = codes.map(([code, v]) => `WHEN ${raw} = ${sqlString(code)} THEN ${mappedLiteral(v, column, rule)}`).join(' ');
  const folded = codes.map(([code, v]) => `WHEN lower(js_trim(${raw})) = ${sqlString(code.trim().toLowerCase())} THEN ${mappedLiteral(v, column, rule)}`).join(' ');
  const value = `CAST((CASE ${exact} ${folded} ELSE ${typed(raw, column, rule)} END) AS ${type})`;
  // A code mapped to null is read (as null); any other cell must convert.
  const nullCodes = codes.filter(([, v]) => v === null).map(([code]) => `${raw} = ${sqlString(code)} OR lower(js_trim(${raw})) = ${sqlString(code.trim().toLowerCase())}`);
  return { value, readable: `(${raw} IS NULL OR ${value} IS NOT NULL${nullCodes.length > 0 ? ` OR ${nullCodes.join(' OR ')}` : ''})` };
}
