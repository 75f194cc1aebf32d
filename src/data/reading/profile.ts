/**
 * Mapping profiles (`carespec: profile/1`): how one system's export maps onto
 * a dataset kind's columns. A DatasetRef names a bundled profile (a file in
 * `profiles/`) or a path relative to the manifest that must stay inside the
 * manifest's folder. Loading is strict YAML + JSON Schema, like every other input.
 */
import path from 'node:path';
import { packageRoot } from '../../package-root.js';
import { readdirSync } from 'node:fs';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { InputHash, JsonPrimitive, SourcePosition } from '../../model/types.js';
import { displayPath, readTextFile, resolveInside, textFromBytes, type TextFile } from '../../load/files.js';
import { bytesOf, keyInside, notGiven, type Beside } from '../../load/memory.js';
import { parseYaml } from '../../load/yaml.js';
import { positionOf } from '../../load/rule.js';
import { validateAgainst } from '../../load/schema.js';
import { suggest } from '../../text/suggest.js';
import { profileShapeDiagnostics } from './profile-check.js';

/** `profiles/` sits two levels above this module both in `src/` and in `dist/`. */
export const PROFILE_DIR = path.join(packageRoot(), 'profiles');
export const DEFAULT_PROFILE = 'generic';

export interface ColumnMapping {
  headers?: string[];
  /** Headers whose cells are joined, with one space, into this column's text (a date and a time column). */
  join?: string[];
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
  /** Where each field is written, by path (`kind`, `columns.status`, `columns.status.unit`), for diagnostics. */
  positions: Record<string, SourcePosition>;
}

/** `reason` for a finding; `diagnostics` (with positions) for a command that refuses the input. */
export type ProfileOutcome = { ok: true; profile: Profile } | { ok: false; reason: string; diagnostics: Diagnostic[] };

/** Bundled profile names look like `telephony-ecm`; anything with a slash or extension is a path. */
const BUNDLED_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * `beside`: the manifest's folder, or the files given with an in-memory manifest (a profile it
 * names by path is then one of them, never a file on disk).
 */
export function loadProfile(name: string | undefined, beside: Beside, cache = new Map<string, ProfileOutcome>()): ProfileOutcome {
  const wanted = name ?? DEFAULT_PROFILE;
  let file: string;
  if (BUNDLED_NAME.test(wanted)) file = path.join(PROFILE_DIR, `${wanted}.yaml`);
  else if (typeof beside !== 'string') return inMemoryProfile(wanted, beside, cache);
  else {
    const manifestDir = beside;
    const resolved = resolveInside(manifestDir, wanted);
    if (!resolved.ok) return refused(`mapping profile: ${resolved.reason}`, 'profile/path', manifestDir);
    file = resolved.path;
  }
  const cached = cache.get(file);
  if (cached) return cached;
  const outcome = readProfile(file, wanted);
  cache.set(file, outcome);
  return outcome;
}

/** The names of the bundled profiles, for "did you mean". */
export function bundledProfiles(): string[] {
  try {
    return readdirSync(PROFILE_DIR).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -'.yaml'.length)).sort();
  } catch {
    return [];
  }
}

function refused(reason: string, code: string, file: string): ProfileOutcome {
  return { ok: false, reason, diagnostics: [{ code, message: reason, severity: 'error', file: displayPath(file), line: 0, column: 0 }] };
}

/** A profile among the files given with an in-memory manifest, shown as the file beside a manifest of that name would be. */
function inMemoryProfile(wanted: string, beside: Exclude<Beside, string>, cache: Map<string, ProfileOutcome>): ProfileOutcome {
  const inside = keyInside(wanted);
  if (!inside.ok) return refused(`mapping profile: ${inside.reason}`, 'profile/path', wanted);
  const shown = path.posix.join(beside.dir, inside.key);
  const cacheKey = `\u0000given\u0000${inside.key}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const content = beside.files.get(inside.key);
  let outcome: ProfileOutcome;
  if (content === undefined) outcome = refused(`mapping profile ${notGiven(wanted, inside.key, beside.files, 'the manifest')}`, 'profile/missing-file', shown);
  // A profile is read before any data, synchronously; a stream cannot be.
  else if (typeof content !== 'string' && !(content instanceof Uint8Array)) outcome = refused(`mapping profile "${wanted}" was given as a stream; give it as text or bytes`, 'profile/stream', shown);
  else {
    const read = textFromBytes(shown, bytesOf(content));
    outcome = read.ok ? profileFromText(read.value, shown, wanted) : { ok: false, reason: `mapping profile "${wanted}": ${read.diagnostics[0]?.message ?? 'unreadable'}`, diagnostics: read.diagnostics };
  }
  cache.set(cacheKey, outcome);
  return outcome;
}

/** Read one profile file: strict YAML, the schema, and the checks that need no dataset kind. */
export function readProfile(file: string, shownAs: string): ProfileOutcome {
  const read = readTextFile(file);
  if (!read.ok) {
    if (BUNDLED_NAME.test(shownAs)) {
      return refused(`no bundled mapping profile named "${shownAs}"${suggest(shownAs, bundledProfiles())}; bundled: ${bundledProfiles().join(', ')}`, 'profile/unknown', file);
    }
    return { ok: false, reason: `mapping profile "${shownAs}": ${read.diagnostics[0]?.message ?? 'unreadable'}`, diagnostics: read.diagnostics };
  }
  // A bundled profile is named, never located: its install path would differ between machines (breaking
  // byte-identical reports) and can show a home folder.
  const shown = BUNDLED_NAME.test(shownAs) ? `${shownAs} (bundled profile)` : displayPath(file);
  return profileFromText(read.value, shown, shownAs);
}

/** A profile from its text, `shown` as diagnostics and the report's inputs name it. */
function profileFromText(read: TextFile, shown: string, shownAs: string): ProfileOutcome {
  const parsed = parseYaml(read.text, shown);
  if (!parsed.ok) return { ok: false, reason: describe(parsed.diagnostics), diagnostics: parsed.diagnostics };
  const errors = validateAgainst('profile', parsed.value);
  if (errors.length === 0) errors.push(...profileShapeDiagnostics(parsed.value));
  if (errors.length > 0) return { ok: false, reason: describe(errors), diagnostics: errors };
  const raw = parsed.value.value as Record<string, unknown>;
  const columns: Record<string, ColumnMapping> = {};
  const positions: Record<string, SourcePosition> = { kind: positionOf(parsed.value, ['kind']) };
  for (const [column, entry] of Object.entries((raw.columns ?? {}) as Record<string, Record<string, unknown>>)) {
    const header = entry.header;
    const between = (entry.minutes_between ?? entry.hours_between) as [string, string] | undefined;
    positions[`columns.${column}`] = positionOf(parsed.value, ['columns', column]);
    for (const field of Object.keys(entry)) positions[`columns.${column}.${field}`] = positionOf(parsed.value, ['columns', column, field]);
    columns[column] = {
      ...(header === undefined ? {} : { headers: Array.isArray(header) ? header.map(String) : [String(header)] }),
      ...(Array.isArray(entry.join) ? { join: entry.join.map(String) } : {}),
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
      input: { role: 'profile', path: shown, sha256: read.sha256 },
      positions,
    },
  };
}

function describe(diagnostics: readonly { file: string; line: number; column: number; message: string }[]): string {
  return `invalid mapping profile: ${diagnostics.slice(0, 3).map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('; ')}`;
}
