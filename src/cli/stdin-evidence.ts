/**
 * `--evidence -`: the manifest is read from standard input and checked from memory, named `-` in
 * the result and in diagnostics. Its dataset and profile paths are relative to the current
 * directory (where a pipeline runs), said explicitly with `datasetsFrom`; nothing is written to disk.
 */
import type { InMemoryEvidence } from '../load/memory.js';
import type { Io } from './io.js';

export const STDIN_NAME = '-';

export async function readStdinEvidence(io: Io): Promise<InMemoryEvidence> {
  if (!io.readStdin) throw new Error('standard input is not available');
  return { name: STDIN_NAME, content: await io.readStdin(), datasetsFrom: process.cwd() };
}
