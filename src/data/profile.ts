/**
 * Mapping profiles (`carespec: profile/1`): how one system's export maps onto
 * a dataset kind's columns. A DatasetRef names a bundled profile (a file in
 * `profiles/`) or a path relative to the manifest that must stay inside the
 * manifest's folder. Loading is strict YAML + JSON Schema, like every other input.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputHash, JsonPrimitive } from '../model/types.js';
import { displayPath, readTextFile, resolveInside } from '../load/files.js';
import { parseYaml } from '../load/yaml.js';
import { validateAgainst } from '../load/schema.js';

/** `profiles/` sits two levels above this module both in `src/` and in `dist/`. */
export const PROFILE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../profiles');
export const DEFAULT_PROFILE = 'generic';

export interface ColumnMapping {
  headers?: string[];
  format?: string;
  values?: Record<string, JsonPrimitive>;
  unit?: 'minutes' | 'hours' | 'seconds';
  round?: 'nearest' | 'down' | 'up';
  /** Present (even as null) when the column is a constant. */
  constant?: { value: JsonPrimitive };
  derive?: { op: 'minutes_between' | 'hours_between'; from: string; to: string };
}

export interface Profile {
  id: string;
  title: string;
  kind?: string;
  delimiter: string;
  sheet?: string;
  matchByName: boolean;
  coverageToleranceDays: number;
  columns: Record<string, ColumnMapping>;
  /** For reports: bundled name or the path as written. */
  shownAs: string;
  input: InputHash;
}

export type ProfileOutcome = { ok: true; profile: Profile } | { ok: false; reason: string };

/** Bundled profile names look like `telephony-ecm`; anything with a slash or extension is a path. */
const BUNDLED_NAME = /^[a-z0-9][a-z0-9-]*$/;

export function loadProfile(name: string | undefined, manifestDir: string, cache = new Map<string, ProfileOutcome>()): ProfileOutcome {
  const wanted = name ?? DEFAULT_PROFILE;
  let file: string;
  if (BUNDLED_NAME.test(wanted)) file = path.join(PROFILE_DIR, `${wanted}.yaml`);
  else {
    const resolved = resolveInside(manifestDir, wanted);
    if (!resolved.ok) return { ok: false, reason: `mapping profile: ${resolved.reason}` };
    file = resolved.path;
  }
  const cached = cache.get(file);
  if (cached) return cached;
  const outcome = readProfile(file, wanted);
  cache.set(file, outcome);
  return outcome;
}

function readProfile(file: string, shownAs: string): ProfileOutcome {
  const read = readTextFile(file);
  if (!read.ok) {
    const bundled = BUNDLED_NAME.test(shownAs);
    return { ok: false, reason: bundled ? `no bundled mapping profile named "${shownAs}"` : `mapping profile "${shownAs}": ${read.diagnostics[0]?.message ?? 'unreadable'}` };
  }
  // A bundled profile is named, never located: its install path would differ between machines (breaking
  // byte-identical reports) and can show a home folder.
  const shown = BUNDLED_NAME.test(shownAs) ? `${shownAs} (bundled profile)` : displayPath(file);
  const parsed = parseYaml(read.value.text, shown);
  if (!parsed.ok) return { ok: false, reason: describe(parsed.diagnostics) };
  const errors = validateAgainst('profile', parsed.value);
  if (errors.length > 0) return { ok: false, reason: describe(errors) };
  const raw = parsed.value.value as Record<string, unknown>;
  const columns: Record<string, ColumnMapping> = {};
  for (const [column, entry] of Object.entries((raw.columns ?? {}) as Record<string, Record<string, unknown>>)) {
    const header = entry.header;
    const between = (entry.minutes_between ?? entry.hours_between) as [string, string] | undefined;
    columns[column] = {
      ...(header === undefined ? {} : { headers: Array.isArray(header) ? header.map(String) : [String(header)] }),
      ...(typeof entry.format === 'string' ? { format: entry.format } : {}),
      ...(entry.values ? { values: entry.values as Record<string, JsonPrimitive> } : {}),
      ...(entry.unit ? { unit: entry.unit as 'minutes' | 'hours' | 'seconds' } : {}),
      ...(entry.round ? { round: entry.round as 'nearest' | 'down' | 'up' } : {}),
      ...(Object.hasOwn(entry, 'value') ? { constant: { value: entry.value as JsonPrimitive } } : {}),
      ...(between ? { derive: { op: entry.minutes_between ? 'minutes_between' as const : 'hours_between' as const, from: between[0], to: between[1] } } : {}),
    };
  }
  return {
    ok: true,
    profile: {
      id: String(raw.id),
      title: String(raw.title),
      ...(typeof raw.kind === 'string' ? { kind: raw.kind } : {}),
      delimiter: typeof raw.delimiter === 'string' ? raw.delimiter : ',',
      ...(typeof raw.sheet === 'string' ? { sheet: raw.sheet } : {}),
      matchByName: raw.match_by_name !== false,
      coverageToleranceDays: typeof raw.coverage_tolerance_days === 'number' ? raw.coverage_tolerance_days : 1,
      columns,
      shownAs,
      input: { role: 'profile', path: shown, sha256: read.value.sha256 },
    },
  };
}

function describe(diagnostics: readonly { file: string; line: number; column: number; message: string }[]): string {
  return `invalid mapping profile: ${diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('; ')}`;
}
