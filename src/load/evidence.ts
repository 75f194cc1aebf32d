/**
 * Load an evidence manifest: read → strict YAML → schema → model, with safe dataset paths. The
 * manifest is a file, whose datasets are files beside it, or content in memory, whose datasets
 * are among the files given with it (memory.ts); never a mix.
 */
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { Attestation, DatasetRef, Evidence, Fact, InMemoryContent, JsonValue, Provider, Waiver } from '../model/types.js';
import { isRealDate } from './dates.js';
import { fileKind, noteInput, resolveInside, sha256 } from './files.js';
import { bytesOf, keyInside, notGiven, readFileMap, streamAlreadyRead, type EvidenceSource } from './memory.js';
import { readYamlOfKind } from './yaml-file.js';
import { asList, asRaw, positionOf } from './rule.js';
import type { YamlFile } from './yaml.js';

export function loadEvidence(source: EvidenceSource): Outcome<Evidence> {
  const loaded = readYamlOfKind(source, 'evidence');
  if (!loaded.ok) return loaded;
  const { read, shown, yaml } = loaded.value;
  let given: Map<string, InMemoryContent> | undefined;
  // Datasets on disk beside an in-memory manifest only when the caller says where: never a guess.
  const datasetsDir = typeof source !== 'string' && source.datasetsFrom !== undefined ? path.resolve(source.datasetsFrom) : undefined;
  if (typeof source !== 'string' && datasetsDir !== undefined && source.files !== undefined) {
    return { ok: false, diagnostics: [{ code: 'evidence/source', message: 'Unexpected both `files` and `datasetsFrom` for an in-memory manifest, expected one place for its datasets', severity: 'error', file: shown, line: 0, column: 0 }] };
  }
  if (typeof source !== 'string' && datasetsDir === undefined) {
    const files = readFileMap(source.files, shown, true);
    if (!files.ok) return files;
    given = files.value;
  }
  const raw = asRaw(yaml.value);
  const diagnostics: Diagnostic[] = [];

  const period = asRaw(raw.period);
  const start = String(period.start);
  const end = String(period.end);
  if (!isRealDate(start) || !isRealDate(end) || start > end) {
    const { line, column } = yaml.locate(['period']);
    diagnostics.push({ code: 'evidence/period', message: `Unexpected assessment period ${start} to ${end}, expected two real dates with start ≤ end`, severity: 'error', file: shown, line, column, field: 'period' });
  }

  const facts: Record<string, Fact> = {};
  for (const [name, entry] of Object.entries(asRaw(raw.facts))) {
    const fact = asRaw(entry);
    const source = asRaw(fact.source);
    facts[name] = {
      name,
      value: (fact.value ?? null) as JsonValue,
      source: {
        document: String(source.document),
        ...(source.locator === undefined ? {} : { locator: String(source.locator) }),
        ...(source.url === undefined ? {} : { url: String(source.url) }),
      },
      position: positionOf(yaml, ['facts', name]),
    };
  }

  const attestations: Record<string, Attestation> = {};
  for (const [id, entry] of Object.entries(asRaw(raw.attestations))) {
    const a = asRaw(entry);
    const signer = asRaw(a.signed_by);
    if (!isRealDate(String(a.signed_on))) {
      // Hardening: the schema only checks the shape; 2025-02-30 is not a day anyone signed on.
      const { line, column } = yaml.locate(['attestations', id, 'signed_on']);
      diagnostics.push({ code: 'evidence/date', message: `Unexpected date "${String(a.signed_on)}", expected a real calendar date`, severity: 'error', file: shown, line, column, field: `attestations.${id}.signed_on` });
    }
    // Like a waiver's: a blank statement or signer (whitespace passes the schema's minLength) attests nothing.
    for (const [value, key] of [[a.statement, 'statement'], [signer.name, 'signed_by.name'], [signer.role, 'signed_by.role']] as const) {
      if (typeof value === 'string' && value.trim() === '') {
        diagnostics.push({ code: 'evidence/attestation', message: `Unexpected blank ${key}, expected ${key === 'statement' ? 'what is attested' : key === 'signed_by.name' ? 'who signed it' : 'the signer\'s role'}`, severity: 'error', file: shown, ...yaml.locate(['attestations', id, ...key.split('.')]), field: `attestations.${id}.${key}` });
      }
    }
    attestations[id] = {
      id,
      statement: String(a.statement),
      signed_by: { name: String(signer.name), role: String(signer.role) },
      signed_on: String(a.signed_on),
      position: positionOf(yaml, ['attestations', id]),
    };
  }

  const waivers: Waiver[] = asList(raw.waivers).map((entry, i) => {
    const w = asRaw(entry);
    for (const key of ['approved_on', 'expires'] as const) {
      if (!isRealDate(String(w[key]))) {
        const { line, column } = yaml.locate(['waivers', i, key]);
        diagnostics.push({ code: 'evidence/date', message: `Unexpected date "${String(w[key])}", expected a real calendar date`, severity: 'error', file: shown, line, column, field: `waivers.${i}.${key}` });
      }
    }
    diagnostics.push(...waiverThatCannotStand(w, i, yaml, shown));
    return {
      rule: String(w.rule),
      justification: String(w.justification),
      approved_by: String(w.approved_by),
      approved_on: String(w.approved_on),
      expires: String(w.expires),
      position: positionOf(yaml, ['waivers', i]),
    };
  });

  // Hardening: two waivers for one rule are ambiguous (only the first was ever considered, so a
  // later, valid waiver could be ignored or an expired one hidden); refuse them.
  const firstWaiver = new Map<string, number>();
  waivers.forEach((w, i) => {
    const earlier = firstWaiver.get(w.rule);
    if (earlier === undefined) firstWaiver.set(w.rule, i);
    else {
      const { line, column } = yaml.locate(['waivers', i, 'rule']);
      diagnostics.push({ code: 'evidence/duplicate-waiver', message: `Unexpected second waiver for rule "${w.rule}" (the first is at line ${waivers[earlier]!.position?.line ?? 0}), expected one waiver per rule`, severity: 'error', file: shown, line, column, field: `waivers.${i}.rule` });
    }
  });

  const baseDir = typeof source === 'string' ? path.dirname(path.resolve(source)) : (datasetsDir ?? '');
  const datasets: DatasetRef[] = [];
  const streamOwners = new Map<Readable, string>();
  asList(raw.datasets).forEach((entry, i) => {
    const d = asRaw(entry);
    const relative = String(d.file);
    const where = yaml.locate(['datasets', i, 'file']);
    if (given) {
      const ref = inMemoryDataset(d, relative, given, streamOwners);
      if (ref.ok) datasets.push(ref.value);
      else diagnostics.push({ code: ref.code, message: ref.message, severity: 'error', file: shown, ...yaml.locate(['datasets', i, ref.code === 'evidence/sheet' ? 'sheet' : 'file']), field: `datasets.${i}.${ref.code === 'evidence/sheet' ? 'sheet' : 'file'}` });
      return;
    }
    const resolved = resolveInside(baseDir, relative);
    if (!resolved.ok) {
      diagnostics.push({ code: 'evidence/path', message: resolved.reason, severity: 'error', file: shown, ...where, field: `datasets.${i}.file` });
      return;
    }
    const stat = statIfExists(resolved.path);
    if (!stat) {
      diagnostics.push({ code: 'evidence/missing-file', message: `Dataset file "${relative}" not found`, severity: 'error', file: shown, ...where, field: `datasets.${i}.file` });
      return;
    }
    // A folder, pipe or device: reading a FIFO would wait for a writer for ever.
    if (!stat.isFile()) {
      diagnostics.push({ code: 'file/not-a-file', message: `Dataset "${relative}" is a ${fileKind(stat)}, expected a CSV or XLSX file`, severity: 'error', file: shown, ...where, field: `datasets.${i}.file` });
      return;
    }
    noteInput(resolved.path, stat);
    if (d.sheet !== undefined && !/\.xlsx$/i.test(relative)) {
      diagnostics.push({ code: 'evidence/sheet', message: sheetMistake(d, relative), severity: 'error', file: shown, ...yaml.locate(['datasets', i, 'sheet']), field: `datasets.${i}.sheet` });
      return;
    }
    datasets.push({
      id: String(d.id),
      kind: String(d.kind),
      file: resolved.path,
      path: relative.split(path.sep).join('/'),
      ...(d.profile === undefined ? {} : { profile: String(d.profile) }),
      ...(d.sheet === undefined ? {} : { sheet: String(d.sheet) }),
    });
  });

  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const provider = asRaw(raw.provider) as unknown as Provider;
  return {
    ok: true,
    warnings: [],
    value: {
      provider, period: { start, end }, facts, attestations, waivers, datasets, regionPosition: positionOf(yaml, ['provider', 'region']), positions: yaml.positions(), file: shown, sha256: read.sha256, pseudonymSeed: sha256(`carespec/pseudonym/1\0${read.text}`),
      ...(given ? { files: given } : {}),
      ...(datasetsDir === undefined ? {} : { datasetsDir }),
    },
  };
}

/** A sheet names a worksheet; on a CSV file it would be ignored, and the mistake with it. */
const sheetMistake = (d: Record<string, JsonValue>, relative: string) => `Unexpected sheet "${String(d.sheet)}" for "${relative}", expected a sheet only for an .xlsx file`;

type DatasetOutcome = { ok: true; value: DatasetRef } | { ok: false; code: string; message: string };

/**
 * A dataset of an in-memory manifest: found among the files given, under the same path rules as
 * a file (relative, inside the manifest's folder). A stream is read once, so it may back one
 * dataset only, and only if nothing has read from it yet.
 */
function inMemoryDataset(d: Record<string, JsonValue>, relative: string, given: ReadonlyMap<string, InMemoryContent>, streamOwners: Map<Readable, string>): DatasetOutcome {
  const inside = keyInside(relative);
  if (!inside.ok) return { ok: false, code: 'evidence/path', message: inside.reason };
  const content = given.get(inside.key);
  if (content === undefined) return { ok: false, code: 'evidence/missing-file', message: `Dataset ${notGiven(relative, inside.key, given, 'the manifest')}` };
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
    const owner = streamOwners.get(content);
    if (owner !== undefined) return { ok: false, code: 'evidence/stream', message: `Unexpected second dataset read from the stream given as "${relative}" (dataset ${owner} reads it): a stream is read once; give the bytes instead` };
    if (streamAlreadyRead(content)) return { ok: false, code: 'evidence/stream', message: `Unexpected stream for "${relative}" that has already been read: a stream is read once; give a new stream or the bytes` };
    streamOwners.set(content, String(d.id));
  }
  if (d.sheet !== undefined && !/\.xlsx$/i.test(relative)) return { ok: false, code: 'evidence/sheet', message: sheetMistake(d, relative) };
  return {
    ok: true,
    value: {
      id: String(d.id),
      kind: String(d.kind),
      file: inside.key,
      path: relative.split(path.sep).join('/'),
      ...(d.profile === undefined ? {} : { profile: String(d.profile) }),
      ...(d.sheet === undefined ? {} : { sheet: String(d.sheet) }),
      content: typeof content === 'string' ? bytesOf(content) : content,
    },
  };
}

/** What a waiver must say to stand at all, in words. */
const WAIVER_TEXT = {
  rule: 'the id of the rule it waives',
  justification: 'why the rule is waived',
  approved_by: 'who approved it',
} as const;

/**
 * Hardening: a waiver with a blank rule, justification or approver (the schema's minLength lets
 * "   " through), or one that expires before it was approved, waives nothing anyone could stand
 * behind, yet it used to turn a fail into `waived`. Refused with the field's position.
 */
function waiverThatCannotStand(w: Record<string, JsonValue>, i: number, yaml: YamlFile, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const at = (key: string) => ({ severity: 'error' as const, file, ...yaml.locate(['waivers', i, key]), field: `waivers.${i}.${key}` });
  for (const [key, meaning] of Object.entries(WAIVER_TEXT)) {
    const value = w[key];
    if (typeof value === 'string' && value.trim() === '') found.push({ code: 'evidence/waiver', message: `Unexpected blank ${key}, expected ${meaning}`, ...at(key) });
  }
  const approved = String(w.approved_on);
  const expires = String(w.expires);
  if (isRealDate(approved) && isRealDate(expires) && expires < approved) {
    found.push({ code: 'evidence/waiver', message: `Unexpected expiry ${expires} before the approval on ${approved}, expected a waiver to expire on or after the day it was approved`, ...at('expires') });
  }
  return found;
}

export { isRealDate } from './dates.js';

function statIfExists(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
