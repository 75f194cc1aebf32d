/**
 * `--evidence -`: the manifest is read from standard input. The loader reads files and resolves a
 * manifest's dataset paths against the manifest's folder, so the text is written to a hidden file
 * in the current directory, and dataset paths in it resolve against the current directory. The file
 * is removed after the check, and its name is replaced by `-` in the result and in diagnostics.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { Io } from './io.js';

export const STDIN_NAME = '-';

export interface StdinEvidence {
  file: string;
  /** Replace the temporary name by `-` in anything that came back from the check. */
  restore<T>(value: T): T;
  remove(): void;
}

export async function readStdinEvidence(io: Io): Promise<StdinEvidence> {
  if (!io.readStdin) throw new Error('standard input is not available');
  const text = await io.readStdin();
  const file = `.carespec-stdin-${process.pid}.yaml`;
  writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
  const quoted = JSON.stringify(file).slice(1, -1);
  return {
    file,
    restore: <T>(value: T): T => JSON.parse(JSON.stringify(value).split(quoted).join(STDIN_NAME)) as T,
    remove: () => rmSync(file, { force: true }),
  };
}
