/**
 * Pseudonymising identifier columns in reports: keyed HMAC-SHA256, shown as
 * `id:` + the first 8 hex digits. A keyed hash (not a plain hash) because
 * client and worker ids are short and guessable: without the key nobody can
 * rebuild the id from the pseudonym by trying candidates. The key comes from
 * CARESPEC_PSEUDONYM_KEY or the file named by CARESPEC_PSEUDONYM_KEY_FILE;
 * with neither, from the evidence manifest (Evidence.pseudonymSeed), so the
 * same inputs give byte-identical reports while the key cannot be recomputed
 * from a published report alone.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, readFileSync } from 'node:fs';
import { openRegularFile } from '../load/files.js';
import type { JsonPrimitive } from '../model/types.js';

export interface Pseudonymiser {
  (value: JsonPrimitive): JsonPrimitive;
  /** Where the key came from, for the docs and tests. */
  keySource: 'env' | 'file' | 'evidence' | 'random' | 'given';
}

export function pseudonymKey(env: NodeJS.ProcessEnv = process.env, seed?: string): { key: Buffer; source: Pseudonymiser['keySource'] } {
  const inline = env.CARESPEC_PSEUDONYM_KEY;
  if (inline) return { key: Buffer.from(inline, 'utf8'), source: 'env' };
  const file = env.CARESPEC_PSEUDONYM_KEY_FILE;
  if (file) {
    // An unreadable key file is an error, not a silent random key; a FIFO or device is refused, not waited on.
    const { fd } = openRegularFile(file);
    let key: Buffer;
    try {
      key = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
    if (key.length === 0) throw new Error(`CARESPEC_PSEUDONYM_KEY_FILE ${file} is empty`);
    return { key, source: 'file' };
  }
  // Derived from the evidence (see Evidence.pseudonymSeed) so the same inputs give the same report.
  if (seed !== undefined) return { key: Buffer.from(seed, 'utf8'), source: 'evidence' };
  return { key: randomBytes(32), source: 'random' };
}

export function createPseudonymiser(key?: Buffer | string, env: NodeJS.ProcessEnv = process.env, seed?: string): Pseudonymiser {
  const chosen = key === undefined ? pseudonymKey(env, seed) : { key: Buffer.from(key), source: 'given' as const };
  const cache = new Map<string, string>();
  const fn = ((value: JsonPrimitive) => {
    if (value === null) return null;
    const text = String(value);
    let out = cache.get(text);
    if (out === undefined) {
      out = `id:${createHmac('sha256', chosen.key).update(text, 'utf8').digest('hex').slice(0, 8)}`;
      cache.set(Buffer.from(text, 'utf8').toString('utf8'), out); // a copy: see fresh() in aggregate.ts
    }
    return out;
  }) as Pseudonymiser;
  fn.keySource = chosen.source;
  return fn;
}
