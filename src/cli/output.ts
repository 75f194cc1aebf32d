/**
 * Write an output file whole or not at all: write a temporary file beside it,
 * flush it, then rename over the target (rename is atomic on one filesystem),
 * so an interrupted run leaves any previous report intact.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync, existsSync, type Stats } from 'node:fs';
import path from 'node:path';

export interface WriteOptions {
  /** Refuse to replace an existing file. */
  noOverwrite?: boolean;
}

export function writeFileAtomic(target: string, content: string, options: WriteOptions = {}): void {
  if (options.noOverwrite && existsSync(target)) {
    throw new OutputError(`${target} already exists; pass --force to replace it`);
  }
  // Renaming over a device, directory or link would replace it (e.g. /dev/null) rather than write through it.
  const existing = lstatIfExists(target);
  if (existing && !existing.isFile()) throw new OutputError(`${target} exists and is not a regular file; choose another output path`);
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    // Keep the permissions of a report being replaced (e.g. 0600 for an internal one).
    const fd = openSync(temp, 'wx', existing ? existing.mode & 0o777 : 0o644);
    try {
      writeSync(fd, content);
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
    throw new OutputError(`Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
