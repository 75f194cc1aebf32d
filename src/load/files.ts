/**
 * Reading input files: size limits, hashing, and paths that must stay inside
 * the folder of the file that names them (an evidence manifest's datasets).
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
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

/** Read a UTF-8 text file whole, refusing directories, huge files and invalid encodings. */
export function readTextFile(file: string): Outcome<TextFile> {
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { ok: false, diagnostics: [fileDiagnostic(file, 'file/not-a-file', 'Unexpected directory or device, expected a file')] };
    if (stat.size > MAX_TEXT_FILE_BYTES) {
      return { ok: false, diagnostics: [fileDiagnostic(file, 'file/too-large', `File is ${stat.size} bytes; the limit for text inputs is ${MAX_TEXT_FILE_BYTES}`)] };
    }
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'File not found' : `Cannot read file (${code ?? 'unknown error'})`;
    return { ok: false, diagnostics: [fileDiagnostic(file, 'file/unreadable', message)] };
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
