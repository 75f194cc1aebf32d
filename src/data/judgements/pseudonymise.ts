/**
 * Pseudonymising identifier columns in reports: keyed HMAC-SHA256, shown as
 * `id:` + the first 8 hex digits. A keyed hash (not a plain hash) because
 * client and worker ids are short and guessable: without the key nobody can
 * rebuild the id from the pseudonym by trying candidates. The key is given by
 * the caller; without one, it comes from the evidence manifest (Evidence.pseudonymSeed), so the
 * same inputs give byte-identical reports while the key cannot be recomputed
 * from a published report alone.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { JsonPrimitive } from '../../model/types.js';

export interface Pseudonymiser {
  (value: JsonPrimitive): JsonPrimitive;
  /** Where the key came from, for the docs and tests. */
  keySource: 'evidence' | 'random' | 'given';
}

/**
 * With a key (the CLI reads CARESPEC_PSEUDONYM_KEY or its file: src/cli/settings.ts), that key; else one
 * derived from the evidence (see Evidence.pseudonymSeed), so the same inputs give the same report; else random.
 */
export function createPseudonymiser(key?: Buffer | string, seed?: string): Pseudonymiser {
  const chosen: { key: Buffer; source: Pseudonymiser['keySource'] } =
    key !== undefined ? { key: Buffer.from(key), source: 'given' } : seed !== undefined ? { key: Buffer.from(seed, 'utf8'), source: 'evidence' } : { key: randomBytes(32), source: 'random' };
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
