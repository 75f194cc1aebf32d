/**
 * Loads every file of one dataset kind into a DuckDB table with read_csv (all
 * columns VARCHAR), then types each declared column in SQL through the file's
 * mapping profile (columns-sql.ts). The table has every declared column (NULL
 * when the export lacks it) and, per record: its file (__f), record index
 * (__rec, 1 = first data row), whether it is malformed (__bad), whether it is
 * in the assessment period (__in) and its month index from the period's first
 * month (__m). Also decides, as docs/data.md "Sufficiency" says, whether the
 * kind is usable at all.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recordLines } from './csv-lines.js';
import type { Database } from './duck.js';
import { convertCell, readProfile, sqlColumnType, type ProfileRules } from './columns-sql.js';
import { sqlString } from './logic-sql.js';
import type { KindDecl } from './spec-files.js';

export interface DatasetFile {
  /** As the manifest writes it (failures name it so). */
  file: string;
  profile?: string;
}

export interface Period {
  start: string;
  end: string;
}

export interface LoadedKind {
  table: string;
  /** Per file: the start line of each record (index 0 is the header). */
  lines: number[][];
  paths: string[];
  /** Columns every file provides (mapped, constant or derived). */
  present: Set<string>;
  /** Why the kind is unusable, if it is. */
  reason?: string;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const monthNumber = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function loadKind(db: Database, kind: KindDecl, files: DatasetFile[], period: Period, maxBadRowShare: number, manifestDir: string, repoRoot: string): Promise<LoadedKind> {
  const table = `kind_${kind.name}`;
  const loaded: LoadedKind = { table, lines: [], paths: files.map((f) => f.file), present: new Set() };
  const selects: string[] = [];
  const reasons: string[] = [];
  let tolerance = 1;
  for (const [i, file] of files.entries()) {
    const profile = readProfile(file.profile, manifestDir, repoRoot);
    tolerance = Math.max(tolerance, profile.toleranceDays);
    const absolute = path.resolve(manifestDir, file.file);
    const { header, starts } = recordLines(readFileSync(absolute, 'utf8'), profile.delimiter);
    loaded.lines.push(starts);
    if (header.length === 0) {
      reasons.push(`${file.file} is empty`);
      continue;
    }
    const raw = `raw_${kind.name}_${i}`;
    const columns = header.map((_, k) => `'c${k}': 'VARCHAR'`).join(', ');
    await db.run(`CREATE TABLE ${raw} AS SELECT * FROM read_csv(${sqlString(absolute)}, header = false, auto_detect = false, columns = {${columns}}, delim = ${sqlString(profile.delimiter)}, quote = '"', escape = '"', strict_mode = true)`);
    const [{ n }] = (await db.rows(`SELECT count(*)::DOUBLE AS n FROM ${raw}`)) as [{ n: number }];
    if (n !== starts.length) throw new Error(`${file.file}: DuckDB read ${n} records, the line scan ${starts.length}`);
    const bound = bindColumns(kind, profile, header);
    if (bound.missingRequired.length > 0) reasons.push(`${file.file} lacks the required column(s) ${bound.missingRequired.join(', ')}`);
    const present = bound.present;
    loaded.present = i === 0 ? present : new Set([...loaded.present].filter((c) => present.has(c)));
    selects.push(fileSelect(kind, profile, bound, raw, i));
  }
  if (reasons.length > 0 || selects.length === 0) return { ...loaded, reason: reasons.join('; ') || 'no files' };

  const date = kind.date_column === undefined ? undefined : quote(kind.date_column);
  const firstMonth = monthNumber(period.start);
  await db.run(`CREATE TABLE ${table} AS SELECT *,
      ${date ? `__bad OR ${date} IS NULL` : '__bad'} AS __malformed,
      ${date ? `substr(${date}, 1, 10)` : 'NULL::VARCHAR'} AS __day
    FROM (${selects.join(' UNION ALL BY NAME ')})`);
  await db.run(`ALTER TABLE ${table} ADD COLUMN __in BOOLEAN`);
  await db.run(`ALTER TABLE ${table} ADD COLUMN __m INTEGER`);
  await db.run(`UPDATE ${table} SET
      __in = NOT __malformed ${date ? `AND __day BETWEEN ${sqlString(period.start)} AND ${sqlString(period.end)}` : ''},
      __m = ${date ? `CAST(substr(__day, 1, 4) AS INT) * 12 + CAST(substr(__day, 6, 2) AS INT) - 1 - ${firstMonth}` : 'NULL'}`);

  // Sufficiency: the bad-row limit per file, then coverage of the period by all files together.
  const perFile = (await db.rows(`SELECT __f AS f, count(*)::DOUBLE AS n, count(*) FILTER (WHERE __malformed)::DOUBLE AS bad FROM ${table} GROUP BY __f`)) as { f: number; n: number; bad: number }[];
  for (const [i, file] of files.entries()) {
    const row = perFile.find((r) => r.f === i);
    if (!row) reasons.push(`${file.file} has no data rows`);
    else if (row.bad === row.n) reasons.push(`every row of ${file.file} is malformed`);
    else if (row.bad / row.n > maxBadRowShare) reasons.push(`${file.file}: ${row.bad} of ${row.n} rows malformed`);
  }
  if (reasons.length === 0 && date) {
    const [span] = (await db.rows(`SELECT min(__day) AS first, max(__day) AS last FROM ${table} WHERE NOT __malformed`)) as [{ first: string | null; last: string | null }];
    if (span.first === null || span.last === null) reasons.push('no dated rows');
    else if (span.first > addDays(period.start, tolerance) || span.last < addDays(period.end, -tolerance)) reasons.push(`the data runs from ${span.first} to ${span.last}, not covering the period`);
  }
  return reasons.length > 0 ? { ...loaded, reason: reasons.join('; ') } : loaded;
}

interface Bound {
  /** Declared column → index of its header in the file. */
  index: Map<string, number>;
  present: Set<string>;
  missingRequired: string[];
}

/** Headers are matched trimmed and case-insensitively, the first alternative the file has winning. */
function bindColumns(kind: KindDecl, profile: ProfileRules, header: string[]): Bound {
  const position = new Map<string, number>();
  header.forEach((h, k) => {
    const key = h.trim().toLowerCase();
    if (!position.has(key)) position.set(key, k);
  });
  const bound: Bound = { index: new Map(), present: new Set(), missingRequired: [] };
  for (const [name, column] of Object.entries(kind.columns)) {
    const rule = profile.columns[name];
    if (rule?.constant) bound.present.add(name);
    if (rule?.constant || rule?.derive) continue;
    const looked = rule?.headers ?? (profile.matchByName ? [name] : []);
    const k = looked.map((h) => position.get(h.trim().toLowerCase())).find((p) => p !== undefined);
    if (k === undefined) {
      if (column.required) bound.missingRequired.push(name);
      continue;
    }
    bound.index.set(name, k);
    bound.present.add(name);
  }
  for (const [name, column] of Object.entries(kind.columns)) {
    const derive = profile.columns[name]?.derive;
    if (!derive || profile.columns[name]?.constant) continue;
    if (bound.present.has(derive.from) && bound.present.has(derive.to)) bound.present.add(name);
    else if (column.required) bound.missingRequired.push(name);
  }
  return bound;
}

/** One file's records as typed rows (every declared column), with __bad for a cell that cannot be read or a missing required value. */
function fileSelect(kind: KindDecl, profile: ProfileRules, bound: Bound, raw: string, fileIndex: number): string {
  const values: string[] = [];
  const problems: string[] = [];
  const derived: { name: string; sql: string }[] = [];
  for (const [name, column] of Object.entries(kind.columns)) {
    const rule = profile.columns[name];
    const type = sqlColumnType(column.type);
    const k = bound.index.get(name);
    if (rule?.constant) {
      const v = rule.constant.value;
      values.push(`CAST(${v === null ? 'NULL' : typeof v === 'string' ? sqlString(v) : String(v)} AS ${type}) AS ${quote(name)}`);
    } else if (rule?.derive && bound.present.has(name)) {
      // Wall-clock minutes between two datetimes; an integer column rounds half up, as Math.round.
      const minutes = `(epoch(CAST(${quote(rule.derive.to)} AS TIMESTAMP)) - epoch(CAST(${quote(rule.derive.from)} AS TIMESTAMP))) / 60`;
      const scaled = rule.derive.hours ? `(${minutes}) / 60` : minutes;
      derived.push({ name: quote(name), sql: `CAST(${column.type === 'integer' ? `floor(${scaled} + 0.5)` : scaled} AS ${type})` });
      values.push(`NULL::${type} AS ${quote(name)}`);
    } else if (k === undefined) {
      values.push(`NULL::${type} AS ${quote(name)}`);
    } else {
      const cell = `c${k}`;
      const { value, readable } = convertCell(cell, column, rule);
      values.push(`${value} AS ${quote(name)}`);
      problems.push(`NOT ${readable}`);
      if (column.required) problems.push(`${cell} IS NULL`);
    }
  }
  const typed = `SELECT ${fileIndex} AS __f, rowid AS __rec, ${values.join(', ')}, ${problems.length > 0 ? problems.join(' OR ') : 'FALSE'} AS __bad FROM ${raw} WHERE rowid > 0`;
  if (derived.length === 0) return `(${typed})`;
  // Derived columns read the typed sources, so they are computed over the typed rows.
  return `(SELECT * REPLACE (${derived.map((d) => `${d.sql} AS ${d.name}`).join(', ')}) FROM (${typed}))`;
}

