/**
 * Inputs given in memory instead of as paths (issue #13): a council portal checks an uploaded
 * manifest and its exports without writing a temporary file. Each input is read exactly as its
 * file would be: the same limits and diagnostics (named by the name given, with line and column)
 * and the same sha256 over the same bytes. Nothing given in memory ever leads to a read from disk:
 * a path the manifest or specification names is looked up in the files given with it, or refused.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import type { Evidence, InMemoryContent } from '../model/types.js';
import { suggest } from '../text/suggest.js';
import { textFromBytes, type TextFile } from './files.js';

/** A file's content given in memory; `name` is what diagnostics and reports call it (e.g. `evidence.yaml`). */
export interface InMemoryFile {
  name: string;
  content: string | Uint8Array;
}

/**
 * Files given beside an in-memory manifest or specification, keyed by the relative path it names
 * them by (`data/visits.csv`). A Map, or a plain object whose own keys only are read.
 */
export type FileMap<T> = Readonly<Record<string, T>> | ReadonlyMap<string, T>;

/** An evidence manifest in memory, with the datasets and mapping profiles it names. */
export interface InMemoryEvidence extends InMemoryFile {
  files?: FileMap<InMemoryContent>;
  /**
   * Instead of `files`: the folder on disk the manifest's dataset and profile paths are relative to
   * (a manifest piped to `carespec check --evidence -` names files beside the current directory).
   */
  datasetsFrom?: string;
}

/** A specification in memory, with the rule libraries it imports by relative path (`carespec:<id>` needs none). */
export interface InMemorySpecification extends InMemoryFile {
  files?: FileMap<string | Uint8Array>;
}

/** A path, or the file's content in memory. */
export type TextSource = string | InMemoryFile;
export type EvidenceSource = string | InMemoryEvidence;
export type SpecificationSource = string | InMemorySpecification;

/** Bytes and streams are read in slices of this size, as a file is (scan.ts), so every reader sees the same chunks. */
export const CHUNK_BYTES = 1 << 20;

const NOWHERE = '(in memory)';

function invalid(file: string, message: string): Outcome<never> {
  return { ok: false, diagnostics: [{ code: 'input/invalid', message, severity: 'error', file, line: 0, column: 0 }] };
}

const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value);

/** The bytes of text or bytes given in memory (text as UTF-8), without copying bytes. */
export function bytesOf(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/**
 * The text of an in-memory input, checked as a file's text is (size, UTF-8, control characters).
 * Callers in plain JavaScript can pass anything, so the shape is checked first.
 */
export function readInMemoryText(source: InMemoryFile): Outcome<TextFile> {
  const shape: unknown = source;
  if (typeof shape !== 'object' || shape === null) return invalid(NOWHERE, `Unexpected ${typeName(shape)} as an input, expected a path or { name, content }`);
  const { name, content } = shape as { name?: unknown; content?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return invalid(NOWHERE, `Unexpected name ${typeName(name)} of an input given in memory, expected the name reports give it, such as "evidence.yaml"`);
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) return invalid(name, `Unexpected content of type ${typeName(content)}, expected text or bytes (a string, Buffer or Uint8Array)`);
  return textFromBytes(name, bytesOf(content));
}

/** A relative path as a key of a file map: `/`-separated and normalised (`./data//v.csv` is `data/v.csv`). */
export function fileKey(relative: string): string {
  return path.posix.normalize(relative.split(path.sep).join('/'));
}

/**
 * A path an in-memory manifest names, as a key: refused when absolute or when it leaves the
 * manifest's folder, with the words resolveInside uses for files.
 */
export function keyInside(relative: string): { ok: true; key: string } | { ok: false; reason: string } {
  if (path.isAbsolute(relative) || path.posix.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) {
    return { ok: false, reason: `Unexpected absolute path "${relative}", expected a path relative to the manifest` };
  }
  const key = fileKey(relative);
  if (key === '.' || key === '..' || key.startsWith('../')) return { ok: false, reason: `Path "${relative}" leaves the manifest's folder` };
  return { ok: true, key };
}

const isContent = (value: unknown, streams: boolean): value is InMemoryContent =>
  typeof value === 'string' || value instanceof Uint8Array || (streams && value instanceof Readable);

/**
 * The files given with an in-memory input, by normalised key. Only a Map's entries or a plain
 * object's OWN keys are read: a manifest naming `__proto__` or `constructor` finds nothing unless
 * the caller gave a file by that very name.
 */
export function readFileMap(files: unknown, owner: string, streams: true): Outcome<Map<string, InMemoryContent>>;
export function readFileMap(files: unknown, owner: string, streams: false): Outcome<Map<string, string | Uint8Array>>;
export function readFileMap(files: unknown, owner: string, streams: boolean): Outcome<Map<string, InMemoryContent>> {
  const found = new Map<string, InMemoryContent>();
  if (files === undefined) return { ok: true, value: found, warnings: [] };
  let entries: [string, unknown][];
  if (files instanceof Map) entries = [...(files as Map<unknown, unknown>)].map(([k, v]) => [typeof k === 'string' ? k : String(k), v]);
  else if (typeof files === 'object' && files !== null && !Array.isArray(files)) entries = Object.entries(files);
  else return invalid(owner, `Unexpected files of type ${typeName(files)}, expected an object or Map from relative paths to contents`);
  const diagnostics: Diagnostic[] = [];
  const written = new Map<string, string>();
  const expected = streams ? 'text, bytes or a Readable stream' : 'text or bytes';
  for (const [name, content] of entries) {
    const key = fileKey(name);
    if (!isContent(content, streams)) {
      diagnostics.push({ code: 'input/invalid', message: `Unexpected content of type ${typeName(content)} for file "${name}", expected ${expected}`, severity: 'error', file: owner, line: 0, column: 0 });
      continue;
    }
    const earlier = written.get(key);
    if (earlier !== undefined) {
      diagnostics.push({ code: 'input/invalid', message: `Unexpected files "${earlier}" and "${name}", which are the same path; give each file once`, severity: 'error', file: owner, line: 0, column: 0 });
      continue;
    }
    written.set(key, name);
    found.set(key, content);
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, value: found, warnings: [] };
}

/** Why a file named `relative` (key `key`) is not among `files`, with the nearest name given. */
export function notGiven(relative: string, key: string, files: ReadonlyMap<string, unknown>, owner: string): string {
  const keys = [...files.keys()];
  const hint = suggest(key, keys);
  const listed = hint === '' && keys.length > 0 ? `; given: ${keys.slice(0, 10).map((k) => `"${k}"`).join(', ')}${keys.length > 10 ? ', …' : ''}` : '';
  return `File "${relative}" is not among the files given with ${owner}${hint}${listed}`;
}

/** Whether a stream can still be read from its start (a stream is read once). */
export function streamAlreadyRead(stream: Readable): boolean {
  return stream.readableDidRead || stream.readableEnded || stream.destroyed;
}

/** A chunk of a stream as bytes (a stream with an encoding set gives text). */
function chunkBytes(chunk: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return bytesOf(chunk);
  throw new Error(`the stream gave a ${typeName(chunk)}, expected bytes or text`);
}

/** The bytes of in-memory content in the chunks a file would be read in; a stream is read (once) as it comes. */
export async function* chunksOf(content: Uint8Array | Readable): AsyncGenerator<Buffer> {
  if (content instanceof Readable) {
    for await (const chunk of content) yield chunkBytes(chunk);
    return;
  }
  const bytes = bytesOf(content);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

/** All of a stream's bytes, for the readers that need a whole file (an XLSX workbook, a gain share's packages). */
export async function readAll(content: Uint8Array | Readable): Promise<Buffer> {
  if (!(content instanceof Readable)) return bytesOf(content);
  const parts: Buffer[] = [];
  for await (const chunk of chunksOf(content)) parts.push(chunk);
  return Buffer.concat(parts);
}

/**
 * Where the files a manifest names are found: its folder on disk, or the files given with it in
 * memory (`dir`: the folder of the manifest's name, so a profile is shown as a file's would be).
 */
export type Beside = string | { files: ReadonlyMap<string, InMemoryContent>; dir: string };

export function manifestBeside(evidence: Pick<Evidence, 'file' | 'files' | 'datasetsDir'>): Beside {
  if (evidence.files) return { files: evidence.files, dir: path.posix.dirname(evidence.file) };
  return evidence.datasetsDir ?? path.dirname(path.resolve(evidence.file));
}
