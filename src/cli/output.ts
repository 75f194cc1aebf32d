/**
 * Write an output file whole or not at all: write a temporary file beside it,
 * loop until every byte is written, flush it, then rename over the target
 * (rename is atomic on one filesystem), so an interrupted or short write
 * leaves any previous file intact. A target that is one of the command's own
 * inputs (however reached: an import, a dataset, a profile, a link) is refused.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync, existsSync, type Stats } from 'node:fs';
import path from 'node:path';
import { inputAt } from '../load/files.js';

export interface WriteOptions {
  /** Refuse to replace an existing file. */
  noOverwrite?: boolean;
}

/** Why `target` must not be written (it is an input, or not a regular file), or undefined. */
export function outputProblem(target: string): string | undefined {
  const input = inputAt(target);
  if (input !== undefined) return `${target} is one of the command's inputs (${input}); choose another output path`;
  // Renaming over a device, directory or link would replace it (e.g. /dev/null) rather than write through it.
  const existing = lstatIfExists(target);
  if (existing && !existing.isFile()) return `${target} exists and is not a regular file; choose another output path`;
  return undefined;
}

export function writeFileAtomic(target: string, content: string | Uint8Array, options: WriteOptions = {}): void {
  if (options.noOverwrite && existsSync(target)) {
    throw new OutputError(`${target} already exists; pass --force to replace it`);
  }
  const problem = outputProblem(target);
  if (problem) throw new OutputError(problem);
  const existing = lstatIfExists(target);
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    // Keep the permissions of a report being replaced (e.g. 0600 for an internal one).
    const fd = openSync(temp, 'wx', existing ? existing.mode & 0o777 : 0o644);
    try {
      writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The temporary file was never created (e.g. its folder is not a directory).
    }
    if (error instanceof OutputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EFBIG' ? ' (over the file-size limit)' : code === 'ENOSPC' ? ' (no space left on the device)' : '';
    throw new OutputError(`Cannot write ${target}: ${code ?? (error as Error).message}${hint}; the previous file, if any, is unchanged`);
  }
}

/** writeSync may write fewer bytes than asked (a full disk, a file-size limit): loop, and never accept zero progress. */
function writeAll(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) {
    const count = writeSync(fd, bytes, written, bytes.length - written);
    if (count <= 0) throw new Error(`wrote ${written} of ${bytes.length} bytes, then no more`);
    written += count;
  }
}

export class OutputError extends Error {}

function lstatIfExists(target: string): Stats | undefined {
  try {
    return lstatSync(target);
  } catch {
    return undefined;
  }
}
