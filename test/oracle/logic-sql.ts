/**
 * JSON Logic → DuckDB SQL, for the subset the rule libraries use in metric
 * `where`/`match` and per-record `where`/`test`, written from json-logic-js's
 * documented JavaScript semantics (not from carespec's compiler): loose `==`,
 * relational operators on strings only when both sides are strings, `null` as
 * 0 in comparisons, `+` and `*` through parseFloat, an empty array falsy.
 *
 * Every value carries its static type, because SQL is typed and JavaScript is
 * not: a column is a number, text or boolean, or JSON null (SQL NULL). A number
 * computed by arithmetic can be NaN, which this module also keeps as SQL NULL,
 * so such values are marked `nan` and never count as JSON null.
 *
 * Anything outside the subset throws CannotExpress with the reason; the oracle
 * lists those items instead of guessing.
 */

export class CannotExpress extends Error {}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type SqlType = 'num' | 'str' | 'bool' | 'null';

/** A translated value. `nan`: SQL NULL means NaN (arithmetic), not JSON null. */
interface Value {
  sql: string;
  type: SqlType;
  nan?: boolean;
}

export interface LogicScope {
  /** Path prefix of row columns: "" for metrics, "row." for per-record rules. */
  prefix: string;
  /** Declared columns of the dataset kind → their SQL type (the table holds every one, NULL when absent). */
  columns: ReadonlyMap<string, SqlType>;
  /** Values outside the row (period.end, provider.region …), resolved before translation. */
  context: Readonly<Record<string, string | number | boolean | null>>;
  /** `{"param": name}` or `{"param": [name, date]}` → SQL; `date` is a str-typed SQL expression or undefined (the reference date). */
  param: (name: string, date: string | undefined) => Value;
}

export const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
/** A double literal that round-trips exactly (JS prints the shortest exact form). */
export const sqlNumber = (n: number) => `CAST('${String(n)}' AS DOUBLE)`;

export function literal(value: JsonValue): Value {
  if (value === null) return { sql: 'NULL', type: 'null' };
  if (typeof value === 'number') return { sql: sqlNumber(value), type: 'num' };
  if (typeof value === 'string') return { sql: sqlString(value), type: 'str' };
  if (typeof value === 'boolean') return { sql: value ? 'TRUE' : 'FALSE', type: 'bool' };
  throw new CannotExpress(`a literal ${JSON.stringify(value)} outside "in"`);
}

/** SQL that is TRUE when the value is JSON null. */
function isNull(v: Value): string {
  if (v.type === 'null') return 'TRUE';
  return v.nan ? 'FALSE' : `(${v.sql} IS NULL)`;
}

/** JavaScript ToNumber (relational operators, `-`, `/`): null → 0, true → 1, text → Number(text); SQL NULL is NaN. */
function toNumber(v: Value): string {
  switch (v.type) {
    case 'null':
      return '0::DOUBLE';
    case 'num':
      return v.nan ? v.sql : `COALESCE(${v.sql}, 0)`;
    case 'bool':
      return `(CASE WHEN ${v.sql} THEN 1 ELSE 0 END)::DOUBLE`;
    case 'str':
      // Number(" ") is 0; decimal text only (hex, "Infinity" are not in any export carespec reads).
      return `(CASE WHEN ${v.sql} IS NULL OR trim(${v.sql}) = '' THEN 0::DOUBLE WHEN regexp_matches(${v.sql}, '^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*$') THEN TRY_CAST(trim(${v.sql}) AS DOUBLE) END)`;
  }
}

/** parseFloat (`+`, `*`): null and booleans are NaN, text is read up to its first non-numeric character. */
function parseFloatOf(v: Value): string {
  switch (v.type) {
    case 'null':
    case 'bool':
      return 'NULL::DOUBLE';
    case 'num':
      return v.sql;
    case 'str':
      return `TRY_CAST(NULLIF(regexp_extract(${v.sql}, '^\\s*([+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)', 1), '') AS DOUBLE)`;
  }
}

/** JSON Logic truthiness as a SQL boolean that is never NULL. */
function truthy(v: Value): string {
  switch (v.type) {
    case 'null':
      return 'FALSE';
    case 'num':
      return `COALESCE(${v.sql} <> 0, FALSE)`;
    case 'str':
      return `COALESCE(${v.sql} <> '', FALSE)`;
    case 'bool':
      return `COALESCE(${v.sql}, FALSE)`;
  }
}

const bool = (sql: string): Value => ({ sql: `(${sql})`, type: 'bool' });

/** `==`: JavaScript loose equality. */
function looseEquals(a: Value, b: Value): string {
  const same = a.type === b.type ? `COALESCE(${a.sql} = ${b.sql}, FALSE)` : `COALESCE(${toNumber(a)} = ${toNumber(b)}, FALSE)`;
  return `CASE WHEN ${isNull(a)} OR ${isNull(b)} THEN ${isNull(a)} AND ${isNull(b)} ELSE ${same} END`;
}

/** `===`: same type and value (`in` uses it too, through indexOf). */
function strictEquals(a: Value, b: Value): string {
  const same = a.type === b.type ? `COALESCE(${a.sql} = ${b.sql}, FALSE)` : 'FALSE';
  return `CASE WHEN ${isNull(a)} OR ${isNull(b)} THEN ${isNull(a)} AND ${isNull(b)} ELSE ${same} END`;
}

/** `<` `<=` `>` `>=`: text order when both sides are text, numeric otherwise (NaN compares false). */
function relational(op: string, a: Value, b: Value): string {
  const numeric = `COALESCE(${toNumber(a)} ${op} ${toNumber(b)}, FALSE)`;
  if (a.type === 'str' && b.type === 'str') return `CASE WHEN ${a.sql} IS NOT NULL AND ${b.sql} IS NOT NULL THEN ${a.sql} ${op} ${b.sql} ELSE ${numeric} END`;
  return numeric;
}

const args = (value: JsonValue): JsonValue[] => (Array.isArray(value) ? value : [value]);

function operation(logic: JsonValue): [string, JsonValue] | undefined {
  if (logic === null || typeof logic !== 'object' || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  return keys.length === 1 ? [keys[0]!, logic[keys[0]!]!] : undefined;
}

/** A condition (where, match, test): a SQL boolean, never NULL. */
export function condition(logic: JsonValue, scope: LogicScope): string {
  const op = operation(logic);
  if (op?.[0] === 'and' || op?.[0] === 'or') {
    const parts = args(op[1]).map((a) => condition(a, scope));
    if (parts.length === 0) throw new CannotExpress(`"${op[0]}" without arguments`);
    return `(${parts.join(op[0] === 'and' ? ' AND ' : ' OR ')})`;
  }
  if (op?.[0] === 'if') {
    const a = args(op[1]);
    let sql = 'CASE';
    for (let i = 0; i + 1 < a.length; i += 2) sql += ` WHEN ${condition(a[i]!, scope)} THEN ${condition(a[i + 1]!, scope)}`;
    return `${sql} ELSE ${a.length % 2 === 1 ? condition(a[a.length - 1]!, scope) : 'FALSE'} END`;
  }
  return truthy(value(logic, scope));
}

/** Any expression as a typed SQL value. */
export function value(logic: JsonValue, scope: LogicScope): Value {
  const op = operation(logic);
  if (!op) {
    if (logic !== null && typeof logic === 'object') throw new CannotExpress(`the literal ${JSON.stringify(logic)}`);
    return literal(logic);
  }
  const [name, raw] = op;
  const a = args(raw);
  const v = (i: number) => value(a[i] ?? null, scope);
  switch (name) {
    case 'var':
      return variable(a, scope);
    case 'param':
      return parameter(a, scope);
    case '==':
      return bool(looseEquals(v(0), v(1)));
    case '!=':
      return bool(`NOT (${looseEquals(v(0), v(1))})`);
    case '===':
      return bool(strictEquals(v(0), v(1)));
    case '!==':
      return bool(`NOT (${strictEquals(v(0), v(1))})`);
    case '<':
    case '<=':
      // json-logic-js: a 3-argument `<` / `<=` is "between": a op b && b op c.
      return bool(a.length === 3 ? `${relational(name, v(0), v(1))} AND ${relational(name, v(1), v(2))}` : relational(name, v(0), v(1)));
    case '>':
    case '>=':
      return bool(relational(name, v(0), v(1)));
    case '!':
      return bool(`NOT ${condition(a[0] ?? null, scope)}`);
    case '!!':
      return bool(condition(a[0] ?? null, scope));
    case 'and':
    case 'or':
    case 'if':
      // In a value position these return one of their operands, not a boolean.
      throw new CannotExpress(`"${name}" used as a value rather than a condition`);
    case 'in':
      return inList(v(0), a[1] ?? null);
    case '+':
      return { sql: `(${a.length === 0 ? '0::DOUBLE' : a.map((_, i) => parseFloatOf(v(i))).join(' + ')})`, type: 'num', nan: true };
    case '*':
      if (a.length === 1) return v(0); // reduce without an initial value returns a lone operand as it is
      if (a.length === 0) throw new CannotExpress('"*" without arguments (json-logic-js throws)');
      return { sql: `(${a.map((_, i) => parseFloatOf(v(i))).join(' * ')})`, type: 'num', nan: true };
    case '-':
      return { sql: a.length === 1 ? `(-${toNumber(v(0))})` : `(${toNumber(v(0))} - ${toNumber(v(1))})`, type: 'num', nan: true };
    case '/':
      return { sql: divide(toNumber(v(0)), toNumber(v(1))), type: 'num', nan: true };
    case 'days_between':
      return daysBetween(v(0), v(1));
    case 'hours_between':
      return hoursBetween(v(0), v(1));
    default:
      throw new CannotExpress(`the operation "${name}"`);
  }
}

/** JavaScript division: x/0 is ±Infinity (0/0 NaN), where SQL would give NULL. */
function divide(a: string, b: string): string {
  return `(CASE WHEN ${b} = 0 THEN (CASE WHEN ${a} > 0 THEN 'Infinity'::DOUBLE WHEN ${a} < 0 THEN '-Infinity'::DOUBLE END) ELSE ${a} / ${b} END)`;
}

function variable(a: JsonValue[], scope: LogicScope): Value {
  const [path, fallback] = a;
  if (typeof path !== 'string') throw new CannotExpress(`a computed var path ${JSON.stringify(path)}`);
  const type = path.startsWith(scope.prefix) ? scope.columns.get(path.slice(scope.prefix.length)) : undefined;
  // Every declared column is in the row (null when empty or absent), so a default never applies to it.
  if (type !== undefined) return { sql: `"${path.slice(scope.prefix.length)}"`, type };
  if (Object.hasOwn(scope.context, path)) return literal(scope.context[path] ?? null);
  throw new CannotExpress(`the variable "${path}"${fallback === undefined ? '' : ' (with a default)'}`);
}

function parameter(a: JsonValue[], scope: LogicScope): Value {
  const [name, date] = a;
  if (typeof name !== 'string') throw new CannotExpress(`a computed parameter name ${JSON.stringify(name)}`);
  if (date === undefined) return scope.param(name, undefined);
  const d = value(date, scope);
  if (d.type !== 'str') throw new CannotExpress(`parameter ${name} dated by a ${d.type}`);
  return scope.param(name, d.sql);
}

/** `in` with a literal array: indexOf, i.e. strict equality with any element. */
function inList(needle: Value, haystack: JsonValue): Value {
  if (!Array.isArray(haystack)) throw new CannotExpress('"in" over anything but a literal array');
  if (haystack.length === 0) return bool('FALSE');
  return bool(haystack.map((item) => strictEquals(needle, literal(item))).join(' OR '));
}

/** carespec's days_between: whole days between two ISO dates (their first 10 characters), else null. */
function daysBetween(from: Value, to: Value): Value {
  const day = (v: Value) => (v.type === 'str' ? `TRY_CAST(CASE WHEN regexp_matches(${v.sql}, '^\\d{4}-\\d{2}-\\d{2}') THEN substr(${v.sql}, 1, 10) END AS DATE)` : 'NULL::DATE');
  return { sql: `CAST(date_diff('day', ${day(from)}, ${day(to)}) AS DOUBLE)`, type: 'num' };
}

/** carespec's hours_between: wall-clock hours between two ISO datetimes (T or space, seconds optional), else null. */
function hoursBetween(from: Value, to: Value): Value {
  const at = (v: Value) =>
    v.type === 'str' ? `epoch(TRY_CAST(CASE WHEN regexp_matches(${v.sql}, '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2})?$') THEN replace(${v.sql}, 'T', ' ') END AS TIMESTAMP))` : 'NULL::DOUBLE';
  return { sql: `((${at(to)} - ${at(from)}) / 3600::DOUBLE)`, type: 'num' };
}
