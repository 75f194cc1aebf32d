/**
 * carespec's environment variables, read in one place, strictly, by the CLI
 * and passed to the library as options (the library itself never reads the
 * environment). A value that does not parse is a usage error, never a silent
 * default: CARESPEC_WORKERS=1e1 or =two is refused.
 *
 *   CARESPEC_KERNEL=0|1                generate each pass's per-row step (default 1)
 *   CARESPEC_WORKERS=N                 worker threads for large CSV files (default: one per spare core)
 *   CARESPEC_PARALLEL_MIN_BYTES=N      smallest file read in parts (default 32 MiB)
 *   CARESPEC_PSEUDONYM_KEY=text        key for pseudonyms of identifier columns
 *   CARESPEC_PSEUDONYM_KEY_FILE=path   the same, from a file
 */
import { closeSync, readFileSync } from 'node:fs';
import { openRegularFile } from '../load/files.js';

export interface EnvironmentSettings {
  kernel?: boolean;
  parallel: { minBytes?: number; workers?: number };
  pseudonymKey?: Buffer;
}

export type SettingsOutcome = { ok: true; value: EnvironmentSettings } | { ok: false; message: string };

const WHOLE = /^\d{1,15}$/;

export function readEnvironment(env: NodeJS.ProcessEnv): SettingsOutcome {
  const settings: EnvironmentSettings = { parallel: {} };
  const kernel = env.CARESPEC_KERNEL;
  if (kernel !== undefined && kernel !== '') {
    if (kernel !== '0' && kernel !== '1') return { ok: false, message: `CARESPEC_KERNEL is "${kernel}", expected 0 or 1` };
    settings.kernel = kernel === '1';
  }
  for (const [name, key] of [['CARESPEC_WORKERS', 'workers'], ['CARESPEC_PARALLEL_MIN_BYTES', 'minBytes']] as const) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    if (!WHOLE.test(text)) return { ok: false, message: `${name} is "${text}", expected a whole number written in digits` };
    settings.parallel[key] = Number(text);
  }
  if (settings.parallel.workers !== undefined && settings.parallel.workers > 64) return { ok: false, message: `CARESPEC_WORKERS is ${settings.parallel.workers}, expected at most 64` };
  const inline = env.CARESPEC_PSEUDONYM_KEY;
  if (inline) settings.pseudonymKey = Buffer.from(inline, 'utf8');
  else if (env.CARESPEC_PSEUDONYM_KEY_FILE) {
    const file = env.CARESPEC_PSEUDONYM_KEY_FILE;
    try {
      // An unreadable key file is an error, not a silent random key; a FIFO or device is refused, not waited on.
      const { fd } = openRegularFile(file);
      try {
        settings.pseudonymKey = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      return { ok: false, message: `CARESPEC_PSEUDONYM_KEY_FILE ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (settings.pseudonymKey.length === 0) return { ok: false, message: `CARESPEC_PSEUDONYM_KEY_FILE ${file} is empty` };
  }
  return { ok: true, value: settings };
}
