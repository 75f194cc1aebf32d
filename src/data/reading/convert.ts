/**
 * Column converters: text cell → typed value, built ONCE per column per file
 * from the column's declared type and the mapping profile (date format, code
 * values, duration unit), so the per-row work is a single function call.
 *
 * Representations in a row object (what JSON Logic sees):
 *   string, enum → string; number, integer → number; boolean → true/false;
 *   date → "YYYY-MM-DD"; datetime → "YYYY-MM-DDTHH:MM:SS" (wall-clock, no zone:
 *   monitoring exports are UK local time); duration → minutes (number).
 * Dates stay ISO strings because the rule libraries compare them with `<=`
 * and pass them to `days_between` and `{"param": [name, date]}`.
 */
import type { ColumnDeclaration, JsonPrimitive } from '../../model/types.js';

/** Returned by a converter for a value it cannot read. */
export const BAD: unique symbol = Symbol('bad value');
export type Converter = (raw: string) => JsonPrimitive | typeof BAD;

export interface ConverterOptions {
  /** Date or datetime format, e.g. "DD/MM/YYYY HH:mm"; default ISO 8601. */
  format?: string;
  /** Export codes → carespec values (e.g. "Telephony" → "telephony", "Y" → true). */
  values?: Record<string, JsonPrimitive>;
  /** For time quantities (number, integer and duration columns) exported in another unit; carespec stores minutes. */
  unit?: 'minutes' | 'hours' | 'seconds';
  /** For an integer column with a unit: how a converted value that is not whole is rounded; without it the cell is malformed. */
  round?: 'nearest' | 'down' | 'up';
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 't'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'f'];

export function converterFor(column: ColumnDeclaration, options: ConverterOptions = {}): Converter {
  const base = baseConverter(column, options);
  const values = options.values;
  if (!values) return base;
  // Code values: exact first, then trimmed and case-folded; unmapped codes go to the base converter.
  const exact = new Map<string, JsonPrimitive>(Object.entries(values));
  const folded = new Map<string, JsonPrimitive>();
  for (const [code, value] of exact) folded.set(code.trim().toLowerCase(), value);
  return (raw) => {
    let mapped = exact.get(raw);
    if (mapped === undefined) mapped = folded.get(raw.trim().toLowerCase());
    if (mapped === undefined) return base(raw);
    if (mapped === null || typeof mapped !== 'string') return mapped;
    return column.type === 'string' ? mapped : base(mapped);
  };
}

function baseConverter(column: ColumnDeclaration, options: ConverterOptions): Converter {
  switch (column.type) {
    case 'string':
      return (raw) => raw;
    case 'number': {
      const factor = unitFactor(options.unit);
      if (factor === 1) {
        return (raw) => {
          const n = toNumber(raw);
          return n === undefined ? BAD : n;
        };
      }
      return (raw) => {
        const n = toNumber(raw);
        return n === undefined ? BAD : scaled(n, factor);
      };
    }
    case 'integer': {
      const factor = unitFactor(options.unit);
      if (factor === 1) {
        return (raw) => {
          const n = toNumber(raw);
          return n === undefined || !Number.isSafeInteger(n) ? BAD : n;
        };
      }
      // "0.75" hours is 45 minutes: the export's decimals are allowed, the result must be whole (or rounded as declared).
      const round = options.round;
      return (raw) => {
        const n = toNumber(raw);
        if (n === undefined) return BAD;
        const minutes = scaled(n, factor);
        if (Number.isSafeInteger(minutes)) return minutes;
        if (!Number.isFinite(minutes) || Math.abs(minutes) > Number.MAX_SAFE_INTEGER) return BAD;
        if (round === 'nearest') return Math.sign(minutes) * Math.round(Math.abs(minutes));
        if (round === 'down') return Math.floor(minutes);
        if (round === 'up') return Math.ceil(minutes);
        return BAD;
      };
    }
    case 'boolean': {
      const words = new Map<string, boolean>([...TRUE_WORDS.map((w) => [w, true] as const), ...FALSE_WORDS.map((w) => [w, false] as const)]);
      return (raw) => {
        if (raw === 'true') return true;
        if (raw === 'false') return false;
        const b = words.get(raw.trim().toLowerCase());
        return b === undefined ? BAD : b;
      };
    }
    case 'enum': {
      // The declared value itself, not the cell's text: every row then shares a handful of
      // strings, so a rule's `==` / `in` on them is mostly a pointer comparison on hot memory
      // (and a row keeps no slice of the read buffer alive).
      const allowed = new Map((column.values ?? []).map((v) => [v, v] as const));
      const folded = new Map((column.values ?? []).map((v) => [v.toLowerCase(), v] as const));
      return (raw) => {
        const exact = allowed.get(raw);
        if (exact !== undefined) return exact;
        const v = folded.get(raw.trim().toLowerCase());
        return v === undefined ? BAD : v;
      };
    }
    case 'date': {
      const parse = dateParser(options.format ?? 'YYYY-MM-DD');
      return (raw) => {
        const dt = parse(raw);
        return dt === undefined ? BAD : dt.slice(0, 10);
      };
    }
    case 'datetime': {
      const parse = dateParser(options.format ?? 'ISO');
      return (raw) => parse(raw) ?? BAD;
    }
    case 'duration': {
      const factor = unitFactor(options.unit);
      return (raw) => {
        const n = toNumber(raw);
        if (n !== undefined) return scaled(n, factor);
        return parseDurationText(raw) ?? BAD;
      };
    }
  }
}

/** Minutes per exported unit (default minutes: no scaling). Any column given a unit holds minutes. */
function unitFactor(unit: ConverterOptions['unit']): number {
  if (unit === 'hours') return 60;
  if (unit === 'seconds') return 1 / 60;
  return 1;
}

/**
 * n × factor, snapped to the nearest value with 9 decimals: 1.1 hours is 66 minutes, not
 * 66.00000000000001, so a whole number of minutes stays whole.
 */
function scaled(n: number, factor: number): number {
  const value = n * factor;
  const snapped = Math.round(value * 1e9) / 1e9;
  return Object.is(snapped, -0) ? 0 : snapped;
}

/**
 * What a number column accepts: a plain, optionally signed decimal (`30`, `-2.5`, `+0.75`, `.5`),
 * with spaces or tabs around it. Nothing else: `0x1E`, `0b11110`, `0o17`, `1_000`, `1,000`, `1e5`,
 * `3 0`, `+-3`, `5.`, `Infinity`, `NaN` and the empty cell are not numbers (JavaScript's `+text`
 * reads the first three as 30, 30 and 15, `1e5` as 100000 and `" "` as 0, so it is never asked
 * before the text has passed this scan). A char-code scan, no regex: it runs once per cell.
 */
export function toNumber(raw: string): number | undefined {
  let end = raw.length;
  let i = 0;
  while (i < end && isBlank(raw.charCodeAt(i))) i++;
  while (end > i && isBlank(raw.charCodeAt(end - 1))) end--;
  let k = i;
  const sign = raw.charCodeAt(k);
  if (sign === 43 || sign === 45) k++; // + or -
  const intStart = k;
  while (k < end && isDigit(raw.charCodeAt(k))) k++;
  let digits = k - intStart;
  if (k < end && raw.charCodeAt(k) === 46) { // '.', then at least one digit
    const fracStart = ++k;
    while (k < end && isDigit(raw.charCodeAt(k))) k++;
    if (k === fracStart) return undefined;
    digits += k - fracStart;
  }
  if (digits === 0 || k !== end) return undefined;
  const n = +(i === 0 && end === raw.length ? raw : raw.slice(i, end));
  return n === Infinity || n === -Infinity ? undefined : n; // 400 digits overflow to Infinity
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === 32 || c === 9;

/** "1:30", "01:30:00" (hours:minutes[:seconds]) or ISO "PT1H30M" → minutes. */
export function parseDurationText(raw: string): number | undefined {
  const text = raw.trim();
  let m = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (m) return Number(m[1]) * 60 + Number(m[2]) + Number(m[3] ?? 0) / 60;
  m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text);
  if (m && (m[1] ?? m[2] ?? m[3]) !== undefined) return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
  return undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * A parser for one date format, compiled once. "ISO" (the default for
 * datetimes) accepts YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM] and a
 * space instead of T; an offset is dropped (wall-clock time). Other formats
 * are token patterns: YYYY, MM, M, DD, D, HH, H, mm, ss, other characters
 * literal (ISO text is accepted too, for XLSX date cells). Returns "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"-style text.
 */
export function dateParser(format: string): (raw: string) => string | undefined {
  if (format === 'ISO' || format === 'YYYY-MM-DD') return isoDateTime;
  const tokens: { group: string; field: 'y' | 'mo' | 'd' | 'h' | 'mi' | 's' }[] = [];
  const table: [string, string, 'y' | 'mo' | 'd' | 'h' | 'mi' | 's'][] = [
    ['YYYY', '(\\d{4})', 'y'], ['MM', '(\\d{2})', 'mo'], ['M', '(\\d{1,2})', 'mo'], ['DD', '(\\d{2})', 'd'], ['D', '(\\d{1,2})', 'd'],
    ['HH', '(\\d{2})', 'h'], ['H', '(\\d{1,2})', 'h'], ['mm', '(\\d{2})', 'mi'], ['ss', '(\\d{2})', 's'],
  ];
  let pattern = '';
  for (let i = 0; i < format.length; ) {
    const hit = table.find(([token]) => format.startsWith(token, i));
    if (hit) {
      pattern += hit[1];
      tokens.push({ group: hit[0], field: hit[2] });
      i += hit[0].length;
    } else {
      pattern += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const re = new RegExp(`^\\s*${pattern}\\s*$`);
  const hasTime = tokens.some((t) => t.field === 'h');
  return (raw) => {
    const m = re.exec(raw);
    if (!m) return isoDateTime(raw); // XLSX date cells arrive as ISO text whatever the export's format
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    tokens.forEach((t, k) => {
      const v = Number(m[k + 1]);
      if (t.field === 'y') y = v;
      else if (t.field === 'mo') mo = v;
      else if (t.field === 'd') d = v;
      else if (t.field === 'h') h = v;
      else if (t.field === 'mi') mi = v;
      else s = v;
    });
    if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
    const date = `${y}-${pad2(mo)}-${pad2(d)}`;
    return hasTime ? `${date}T${pad2(h)}:${pad2(mi)}:${pad2(s)}` : date;
  };
}

const d2 = (raw: string, i: number) => {
  const a = raw.charCodeAt(i) - 48;
  const b = raw.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/** Fast ISO reader: char codes, no regex, and no new string when the input is already canonical. */
function isoDateTime(raw: string): string | undefined {
  const n = raw.length;
  if (n < 10 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined;
  const y1 = d2(raw, 0), y2 = d2(raw, 2), mo = d2(raw, 5), d = d2(raw, 8);
  if (y1 < 0 || y2 < 0 || !realDay(y1 * 100 + y2, mo, d)) return undefined;
  if (n === 10) return raw;
  const sep = raw.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || raw.charCodeAt(13) !== 58) return undefined; // 'T' or ' ', then HH:MM
  const h = d2(raw, 11), mi = d2(raw, 14);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return undefined;
  let s = 0;
  let i = 16;
  if (n >= 19 && raw.charCodeAt(16) === 58) {
    s = d2(raw, 17);
    if (s < 0 || s > 59) return undefined;
    i = 19;
    if (i < n && raw.charCodeAt(i) === 46) { // fractional seconds
      i++;
      while (i < n && raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57) i++;
    }
  }
  if (i < n) {
    const rest = raw.slice(i);
    if (rest !== 'Z' && !/^[+-]\d{2}:?\d{2}$/.test(rest)) return undefined;
  }
  if (n === 19 && sep === 84) return raw; // already canonical: keep the string
  return `${raw.slice(0, 10)}T${raw.slice(11, 16)}:${pad2(s)}`;
}
