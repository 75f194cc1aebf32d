/**
 * Reading input files: size limits, hashing, and paths that must stay inside
 * the folder of the file that names them (an evidence manifest's datasets).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';

/** Text inputs (rules, specs, manifests) above this size are refused. */
export const MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024;

export interface TextFile {
  file: string;
  text: string;
  sha256: string;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileDiagnostic(file: string, code: string, message: string): Diagnostic {
  return { code, message, severity: 'error', file, line: 0, column: 0 };
}

/**
 * Every file a command has read, by device and inode, so a command can refuse to write over one of
 * its own inputs however it was reached (an import, a dataset, a profile, a link to any of them).
 * run() clears it before each command.
 */
const inputsRead = new Map<string, string>();

export function forgetInputs(): void {
  inputsRead.clear();
}

export function noteInput(file: string, stat: Stats): void {
  inputsRead.set(`${stat.dev}:${stat.ino}`, displayPath(file));
}

/** The input (as it was named) that `target` is, following links, or undefined when it is none or does not exist. */
export function inputAt(target: string): string | undefined {
  try {
    const stat = statSync(target);
    return inputsRead.get(`${stat.dev}:${stat.ino}`);
  } catch {
    return undefined;
  }
}

export class NotAFileError extends Error {
  constructor(readonly kind: string) {
    super(`Unexpected ${kind}, expected a regular file`);
  }
}

/** What a non-regular file is, in words a user knows. */
export function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'folder';
  if (stat.isFIFO()) return 'named pipe (FIFO)';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'device';
  return 'special file';
}

/**
 * Open a file for reading only if it is a regular file. O_NONBLOCK makes opening a FIFO return at once
 * instead of waiting for a writer, and fstat of the opened descriptor decides, so the file cannot be
 * swapped for a pipe or device between the check and the read. Throws NotAFileError or the system error.
 */
export function openRegularFile(file: string): { fd: number; stat: Stats } {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotAFileError(fileKind(stat));
    noteInput(file, stat);
    return { fd, stat };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Read a UTF-8 text file whole, refusing directories, pipes, devices, huge files and invalid encodings. */
export function readTextFile(file: string): Outcome<TextFile> {
  const read = readRegularFile(file, MAX_TEXT_FILE_BYTES, 'text inputs');
  return read.ok ? textFromBytes(file, read.value) : read;
}

/**
 * A regular file's bytes, opened once and checked before reading: a folder, pipe or device is
 * refused rather than waited on, and a file over `limit` bytes (the limit for `what`) is not read.
 */
export function readRegularFile(file: string, limit: number, what: string): Outcome<Buffer> {
  try {
    const { fd, stat } = openRegularFile(file);
    try {
      if (stat.size > limit) return { ok: false, diagnostics: [fileDiagnostic(file, 'file/too-large', `File is ${stat.size} bytes; the limit for ${what} is ${limit}`)] };
      return { ok: true, value: readFileSync(fd), warnings: [] };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof NotAFileError) return { ok: false, diagnostics: [fileDiagnostic(file, 'file/not-a-file', error.message)] };
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') return { ok: false, diagnostics: [fileDiagnostic(file, 'file/not-a-file', 'Unexpected folder, expected a regular file')] };
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'File not found' : `Cannot read file (${code ?? 'unknown error'})`;
    return { ok: false, diagnostics: [fileDiagnostic(file, 'file/unreadable', message)] };
  }
}

/**
 * The checks every text input passes, from its bytes: the size limit, strict UTF-8, no control
 * characters. A file (readTextFile) and text given in memory (memory.ts) share them, so both give
 * the same diagnostics and the same sha256. `file` is the name diagnostics give the input.
 */
export function textFromBytes(file: string, bytes: Buffer): Outcome<TextFile> {
  if (bytes.length > MAX_TEXT_FILE_BYTES) {
    return { ok: false, diagnostics: [fileDiagnostic(file, 'file/too-large', `File is ${bytes.length} bytes; the limit for text inputs is ${MAX_TEXT_FILE_BYTES}`)] };
  }
  const decoded = decodeUtf8(bytes);
  if (decoded === undefined) {
    return { ok: false, diagnostics: [fileDiagnostic(file, 'file/encoding', 'Unexpected bytes that are not UTF-8, expected a UTF-8 text file')] };
  }
  // Hardening: NUL and other C0 control characters are valid UTF-8 but never valid YAML or markdown text.
  // UTF-16 without a byte-order mark decodes "successfully" as text full of NULs, so name it here.
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(decoded);
  if (control) {
    const before = decoded.slice(0, control.index);
    const line = before.split('\n').length;
    const column = control.index - before.lastIndexOf('\n');
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const hint = control[0] === '\u0000' ? ' (is it UTF-16? save it as UTF-8)' : '';
    return { ok: false, diagnostics: [{ ...fileDiagnostic(file, 'file/encoding', `Unexpected control character U+${code}${hint}, expected UTF-8 text`), line, column }] };
  }
  return { ok: true, value: { file, text: decoded, sha256: sha256(bytes) }, warnings: [] };
}

/** Strict UTF-8 decoding (a leading BOM is dropped; invalid sequences are refused, not replaced). */
export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text;
  } catch {
    return undefined;
  }
}

/**
 * Resolve `relative` against `baseDir`, refusing absolute paths and anything
 * (including a symlink) that ends up outside `baseDir`.
 */
export function resolveInside(baseDir: string, relative: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (path.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) {
    return { ok: false, reason: `Unexpected absolute path "${relative}", expected a path relative to the manifest` };
  }
  const base = path.resolve(baseDir);
  const target = path.resolve(base, relative);
  if (!isWithin(base, target)) return { ok: false, reason: `Path "${relative}" leaves the manifest's folder` };
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return { ok: true, path: target }; // does not exist: the caller reports a missing file
  }
  const realBase = realpathSync(base);
  if (!isWithin(realBase, real)) return { ok: false, reason: `Path "${relative}" is a link that leads outside the manifest's folder` };
  return { ok: true, path: target };
}

function isWithin(base: string, target: string): boolean {
  const rel = path.relative(base, target);
  // `..` as a whole segment, not a prefix: `..visits.csv` is a file inside the folder.
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** A path for reports: relative to the working directory when inside it, with forward slashes. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return shown.split(path.sep).join('/');
}
