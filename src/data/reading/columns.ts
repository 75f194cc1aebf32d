/**
 * Binding an export's header row to a dataset kind's columns through a
 * mapping profile, and turning each record into the row object rules read.
 *
 * Everything per column (file index, converter, required flag) is decided
 * once at the header; the per-row loop is index → converter → store. The row
 * object is created once per file and overwritten for every record (every
 * declared column always present, null when empty), so rows cost no
 * allocation and keep one hidden class. Consumers copy what they keep.
 */
import type { ColumnDeclaration, DatasetKind, JsonPrimitive } from '../../model/types.js';
import { BAD, converterFor, type Converter } from './convert.js';
import type { Profile } from './profile.js';
import { nearest as nearestName } from '../../text/suggest.js';

export type Row = Record<string, JsonPrimitive>;

interface BoundColumn {
  name: string;
  index: number;
  /** A joined column: the field indexes whose text is joined with one space (`index` is the first). */
  parts?: Int32Array;
  header: string;
  convert: Converter;
  required: boolean;
  identifier: boolean;
  type: ColumnDeclaration['type'];
}

interface DerivedColumn {
  name: string;
  from: string;
  to: string;
  /** Minutes → the derived unit. */
  scale: number;
  integer: boolean;
}

export interface RowProblem {
  /** e.g. `unparseable datetime in column planned_start`. */
  key: string;
  column?: string;
  /** Example of the bad text, only for non-identifier columns. */
  example?: string;
}

/** A header that appears more than once (trimmed, case-insensitive), with its 1-based positions. */
export interface DuplicateHeader {
  header: string;
  positions: number[];
  /** The declared column bound to it, if any: then which field holds its data is ambiguous. */
  column?: string;
}

export interface Binding {
  /** Columns the export provides (mapped from a header, constant or derived). */
  present: Set<string>;
  /** Required columns the export lacks, with the headers the profile looked for and the nearest header there is. */
  missingRequired: { column: string; looked: string[]; nearest?: string }[];
  /** Repeated headers; one bound to a column makes the file unusable (see `unusable`). */
  duplicates: DuplicateHeader[];
  /** The header cannot be bound: a required column is missing or a bound header is repeated. */
  unusable: boolean;
  headerCount: number;
  /** Convert one record into `row`; returns a problem for a malformed record (the row is then not used). */
  fill(fields: readonly string[], count: number, row: Row): RowProblem | undefined;
  newRow(): Row;
}

const norm = (header: string) => header.trim().toLowerCase();

export function bindHeader(kind: DatasetKind, profile: Profile, header: readonly string[], headerCount: number): Binding {
  const position = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  for (let i = 0; i < headerCount; i++) {
    const key = norm(header[i] ?? '');
    const first = position.get(key);
    if (first === undefined) position.set(key, i);
    else if (key !== '') repeated.set(key, [...(repeated.get(key) ?? [first]), i]); // blank headers bind nothing
  }
  const bound: BoundColumn[] = [];
  const constants: [string, JsonPrimitive][] = [];
  const derived: DerivedColumn[] = [];
  const present = new Set<string>();
  const missingRequired: Binding['missingRequired'] = [];

  for (const [name, declaration] of Object.entries(kind.columns)) {
    const mapping = Object.hasOwn(profile.columns, name) ? profile.columns[name] : undefined;
    if (mapping?.constant) {
      constants.push([name, mapping.constant.value]);
      present.add(name);
      continue;
    }
    if (mapping?.derive) {
      const { op, from, to } = mapping.derive;
      derived.push({ name, from, to, scale: op === 'hours_between' ? 1 / 60 : 1, integer: declaration.type === 'integer' });
      continue; // present once its sources are (below)
    }
    const joined = mapping?.join;
    const looked = joined ?? mapping?.headers ?? (profile.matchByName ? [name] : []);
    const partIndexes = joined?.map((h) => position.get(norm(h)));
    // A joined column needs every one of its headers; alternatives need one.
    const index = partIndexes
      ? (partIndexes.every((i) => i !== undefined) ? partIndexes[0] : undefined)
      : looked.map((h) => position.get(norm(h))).find((i) => i !== undefined);
    if (index === undefined) {
      if (declaration.required) {
        // Headers match trimmed and case-insensitively, so the nearest is sought the same way.
        const byNorm = new Map(header.slice(0, headerCount).map((h) => [norm(h), h] as const));
        const near = looked.map((h) => nearestName(norm(h), byNorm.keys())).find((hint) => hint !== undefined);
        const nearest = near === undefined ? undefined : byNorm.get(near);
        missingRequired.push({ column: name, looked, ...(nearest === undefined ? {} : { nearest }) });
      }
      continue;
    }
    present.add(name);
    bound.push({
      name,
      index,
      ...(partIndexes ? { parts: Int32Array.from(partIndexes as number[]) } : {}),
      header: joined ? joined.join(' + ') : header[index] ?? name,
      convert: converterFor(declaration, {
        ...(mapping?.format ? { format: mapping.format } : {}),
        ...(mapping?.values ? { values: mapping.values } : {}),
        ...(mapping?.unit ? { unit: mapping.unit } : {}),
        ...(mapping?.round ? { round: mapping.round } : {}),
      }),
      required: declaration.required === true,
      identifier: declaration.identifier === true,
      type: declaration.type,
    });
  }
  const usableDerived = derived.filter((d) => present.has(d.from) && present.has(d.to));
  for (const d of usableDerived) present.add(d.name);
  for (const d of derived) {
    if (!present.has(d.name) && kind.columns[d.name]?.required) missingRequired.push({ column: d.name, looked: [`derived from ${d.from} and ${d.to}`] });
  }

  // Hardening: the first of two equal headers used to be read silently; a bound one is now ambiguous.
  const duplicates: DuplicateHeader[] = [...repeated].map(([key, indexes]) => {
    const column = bound.find((b) => (b.parts ? [...b.parts] : [b.index]).some((i) => norm(header[i] ?? '') === key))?.name;
    return { header: header[indexes[0]!] ?? key, positions: indexes.map((i) => i + 1), ...(column === undefined ? {} : { column }) };
  });
  const constantValues = new Map(constants);
  const rowEntries = Object.keys(kind.columns).map((name) => [name, constantValues.has(name) ? constantValues.get(name)! : null] as const);
  const n = bound.length;
  const names = bound.map((b) => b.name);
  const indexes = Int32Array.from(bound.map((b) => b.index));
  const converters = bound.map((b) => b.convert);
  const parts = bound.map((b) => b.parts);
  const required = bound.map((b) => b.required);
  const problemKeys = bound.map((b) => ({
    missing: `missing required value in column ${b.name}`,
    bad: b.type === 'enum' ? `unknown code in column ${b.name}` : `unparseable ${b.type} in column ${b.name}`,
  }));

  return {
    present,
    missingRequired,
    duplicates,
    unusable: missingRequired.length > 0 || duplicates.some((d) => d.column !== undefined),
    headerCount,
    newRow() {
      // Object.fromEntries, not `row[name] = null` in a loop: keyed stores past a dozen
      // properties turn the object into a slow dictionary, which made every `var` read of
      // a rule several times slower. Built this way, all rows of a binding share one
      // fast hidden class with every column in a fixed order.
      return Object.fromEntries(rowEntries) as Row;
    },
    fill(fields, count, row) {
      if (count !== headerCount) return { key: `wrong number of fields (the header has ${headerCount})` };
      for (let k = 0; k < n; k++) {
        const joinedParts = parts[k];
        const raw = joinedParts === undefined ? fields[indexes[k]!]! : joinFields(fields, joinedParts);
        const name = names[k]!;
        if (raw.length === 0) {
          if (required[k]) return { key: problemKeys[k]!.missing, column: name };
          row[name] = null;
          continue;
        }
        const value = converters[k]!(raw);
        if (value === BAD) {
          const b = bound[k]!;
          return { key: problemKeys[k]!.bad, column: name, ...(b.identifier ? {} : { example: raw.length > 40 ? `${raw.slice(0, 40)}…` : raw }) };
        }
        row[name] = value;
      }
      for (const d of usableDerived) {
        const minutes = minutesBetween(row[d.from], row[d.to]);
        row[d.name] = minutes === null ? null : d.integer ? Math.round(minutes * d.scale) : minutes * d.scale;
      }
      return undefined;
    },
  };
}

/** The cells of a joined column, one space between them; empty when every cell is (so a required one is "missing"). */
function joinFields(fields: readonly string[], parts: Int32Array): string {
  let text = fields[parts[0]!]!;
  let empty = text.length === 0;
  for (let p = 1; p < parts.length; p++) {
    const cell = fields[parts[p]!]!;
    if (cell.length > 0) empty = false;
    text += ` ${cell}`;
  }
  return empty ? '' : text;
}

/** Minutes from one ISO datetime to another (wall-clock, UTC arithmetic), or null if either is absent. */
export function minutesBetween(from: JsonPrimitive | undefined, to: JsonPrimitive | undefined): number | null {
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const a = Date.parse(from.length === 10 ? `${from}T00:00:00Z` : `${from.slice(0, 19)}Z`);
  const b = Date.parse(to.length === 10 ? `${to}T00:00:00Z` : `${to.slice(0, 19)}Z`);
  return Number.isNaN(a) || Number.isNaN(b) ? null : (b - a) / 60_000;
}
