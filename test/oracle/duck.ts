/**
 * An in-memory DuckDB database with the SQL macros the oracle's conversions
 * use. One thread, so a table made from read_csv keeps the file's record order
 * in its rowid (failures are reported by line).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export type SqlRow = Record<string, unknown>;

export interface Database {
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<SqlRow[]>;
  close(): void;
}

/** ISO 8601 as the docs define it: a date, or date + T/space + HH:MM[:SS[.fff]], optional Z or offset (dropped). */
const ISO = String.raw`^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`;

const MACROS = [
  // JavaScript's String.prototype.trim removes all whitespace, not just spaces.
  String.raw`CREATE MACRO js_trim(s) AS regexp_replace(s, '^\s+|\s+$', '', 'g')`,
  // Decimal text only, finite (carespec's numbers are JavaScript's Number(text)).
  String.raw`CREATE MACRO js_number(s) AS CASE WHEN regexp_matches(s, '^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$') AND isfinite(TRY_CAST(js_trim(s) AS DOUBLE)) THEN TRY_CAST(js_trim(s) AS DOUBLE) END`,
  `CREATE MACRO iso_parts(s) AS regexp_extract(s, '${ISO}', ['d', 'h', 'mi', 'sec'])`,
  `CREATE MACRO iso_datetime(s) AS CASE
     WHEN NOT regexp_matches(s, '${ISO}') OR TRY_CAST(iso_parts(s).d AS DATE) IS NULL THEN NULL
     WHEN iso_parts(s).h = '' THEN iso_parts(s).d
     WHEN CAST(iso_parts(s).h AS INT) > 23 OR CAST(iso_parts(s).mi AS INT) > 59 OR CAST(COALESCE(NULLIF(iso_parts(s).sec, ''), '0') AS INT) > 59 THEN NULL
     ELSE iso_parts(s).d || 'T' || iso_parts(s).h || ':' || iso_parts(s).mi || ':' || COALESCE(NULLIF(iso_parts(s).sec, ''), '00') END`,
  // "1:30", "01:30:00" (hours:minutes[:seconds]) or ISO "PT1H30M" → minutes.
  String.raw`CREATE MACRO clock_minutes(s) AS CASE WHEN regexp_matches(js_trim(s), '^\d+:[0-5]\d(:[0-5]\d)?$') THEN
     CAST(split_part(js_trim(s), ':', 1) AS DOUBLE) * 60 + CAST(split_part(js_trim(s), ':', 2) AS DOUBLE) + COALESCE(TRY_CAST(NULLIF(split_part(js_trim(s), ':', 3), '') AS DOUBLE), 0) / 60 END`,
  String.raw`CREATE MACRO iso_minutes(s) AS CASE WHEN regexp_matches(js_trim(s), '^(?i)PT(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?$') AND upper(js_trim(s)) <> 'PT' THEN
     COALESCE(TRY_CAST(NULLIF(regexp_extract(upper(js_trim(s)), '(\d+(\.\d+)?)H', 1), '') AS DOUBLE), 0) * 60
     + COALESCE(TRY_CAST(NULLIF(regexp_extract(upper(js_trim(s)), '(\d+(\.\d+)?)M', 1), '') AS DOUBLE), 0)
     + COALESCE(TRY_CAST(NULLIF(regexp_extract(upper(js_trim(s)), '(\d+(\.\d+)?)S', 1), '') AS DOUBLE), 0) / 60 END`,
];

export async function openDatabase(): Promise<Database> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection: DuckDBConnection = await instance.connect();
  const db: Database = {
    run: async (sql) => {
      await connection.run(sql);
    },
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as SqlRow[],
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
  await db.run("SET preserve_insertion_order = true");
  for (const macro of MACROS) await db.run(macro);
  return db;
}
