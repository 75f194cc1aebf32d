/**
 * Pseudonymising identifier columns in reports: keyed HMAC-SHA256, shown as
 * `id:` + the first 8 hex digits. A keyed hash (not a plain hash) because
 * client and worker ids are short and guessable: without the key nobody can
 * rebuild the id from the pseudonym by trying candidates. The key comes from
 * CARESPEC_PSEUDONYM_KEY or the file named by CARESPEC_PSEUDONYM_KEY_FILE;
 * with neither, a random key per run keeps pseudonyms stable within one report
 * (the same client is the same pseudonym) but unlinkable across reports.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JsonPrimitive } from '../model/types.js';

export interface Pseudonymiser {
  (value: JsonPrimitive): JsonPrimitive;
  /** Where the key came from, for the docs and tests. */
  keySource: 'env' | 'file' | 'random' | 'given';
}

export function pseudonymKey(env: NodeJS.ProcessEnv = process.env): { key: Buffer; source: Pseudonymiser['keySource'] } {
  const inline = env.CARESPEC_PSEUDONYM_KEY;
  if (inline) return { key: Buffer.from(inline, 'utf8'), source: 'env' };
  const file = env.CARESPEC_PSEUDONYM_KEY_FILE;
  if (file) {
    const key = readFileSync(file); // an unreadable key file is an error, not a silent random key
    if (key.length === 0) throw new Error(`CARESPEC_PSEUDONYM_KEY_FILE ${file} is empty`);
    return { key, source: 'file' };
  }
  return { key: randomBytes(32), source: 'random' };
}

export function createPseudonymiser(key?: Buffer | string, env: NodeJS.ProcessEnv = process.env): Pseudonymiser {
  const chosen = key === undefined ? pseudonymKey(env) : { key: Buffer.from(key), source: 'given' as const };
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
