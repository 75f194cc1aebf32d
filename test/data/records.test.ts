import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { edit } from '../helpers.js';
import { readFixture, rule, runData } from './support.js';

const visits = (dir: string) => path.join(dir, 'data', 'visits.csv');

describe('per-record rules', () => {
  it('count checked and failed rows and list each failure with file, line and the values the test read', async () => {
    const result = await runData();
    const r = rule(result, 'visit-min-length');
    expect(r.status).toBe('fail'); // 1 of 6 completed visits = 16.7 % > 10 % tolerance
    expect(r.records).toMatchObject({ checked: 6, failed: 1, tolerance: 0.1 });
    expect(r.records?.failures).toHaveLength(1);
    expect(r.records?.failures[0]).toMatchObject({ file: 'data/visits.csv', line: 4, values: { planned_minutes: 15 } });
  });

  it('list every failing line, even beyond the detailed failures kept', async () => {
    const mutate = (dir: string) => edit(visits(dir), /,30,/g, ',10,');
    const all = (await readFixture(mutate, {})).records.get('visit-min-length');
    const capped = (await readFixture(mutate, { maxFailures: 1 })).records.get('visit-min-length');
    expect(all?.failed).toBeGreaterThan(1);
    expect(capped?.failures).toHaveLength(1);
    expect(capped?.failed).toBe(all?.failed);
    expect(capped?.failedLines).toEqual(all?.failedLines);
    expect(capped?.failedLines?.flatMap((f) => f.lines)).toHaveLength(all!.failed);
    expect(all?.failures.map((f) => f.line)).toEqual(all?.failedLines?.[0]?.lines);
  });

  it('pass when the failing share is within the tolerance', async () => {
    const result = await runData((dir) => edit(path.join(dir, 'library.yaml'), 'tolerance: 0.1', 'tolerance: 0.2'));
    expect(rule(result, 'visit-min-length').status).toBe('pass');
    expect(rule(result, 'visit-min-length').records).toMatchObject({ checked: 6, failed: 1 });
  });

  it('fail with a zero tolerance by default', async () => {
    const result = await runData((dir) => edit(path.join(dir, 'library.yaml'), '      tolerance: 0.1\n', ''));
    expect(rule(result, 'visit-min-length').records?.tolerance).toBe(0);
    expect(rule(result, 'visit-min-length').status).toBe('fail');
  });

  it('count physical lines across quoted newlines in failure line numbers', async () => {
    const data = await readFixture((dir) => edit(visits(dir), 'V2,C1,K2', '"V2\nsecond line",C1,K2'));
    expect(data.records.get('visit-min-length')?.failures[0]?.line).toBe(5);
  });

  it('are not evidenced, with the reason, when no rows are in scope', async () => {
    const result = await runData((dir) => edit(path.join(dir, 'library.yaml'), 'where: { "==": [{ var: row.status }, completed] }', 'where: { "==": [{ var: row.status }, incomplete] }'));
    expect(rule(result, 'visit-min-length').status).toBe('not_evidenced');
    expect(rule(result, 'visit-min-length').message).toContain('no rows in scope');
  });
});

describe('pseudonymisation of identifier columns in failures', () => {
  const clientOf = async (options: Parameters<typeof readFixture>[1]) =>
    (await readFixture(undefined, options)).records.get('visit-min-length')?.failures[0]?.values.client_id;

  it('shows a keyed pseudonym, stable for the same key and different for another key', async () => {
    const a = await clientOf({ pseudonymKey: 'key-one' });
    expect(a).toMatch(/^id:[0-9a-f]{8}$/);
    expect(await clientOf({ pseudonymKey: 'key-one' })).toBe(a);
    expect(await clientOf({ pseudonymKey: 'key-two' })).not.toBe(a);
  });

  it('takes the key from CARESPEC_PSEUDONYM_KEY, or a file named by CARESPEC_PSEUDONYM_KEY_FILE', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'carespec-key-')), 'key');
    writeFileSync(keyFile, 'key-one');
    const given = await clientOf({ pseudonymKey: 'key-one' });
    // The CLI reads the environment (src/cli/settings.ts) and passes the key in.
    const { readEnvironment } = await import('../../src/cli/settings.js');
    for (const env of [{ CARESPEC_PSEUDONYM_KEY: 'key-one' }, { CARESPEC_PSEUDONYM_KEY_FILE: keyFile }]) {
      const settings = readEnvironment(env);
      if (!settings.ok) throw new Error(settings.message);
      expect(await clientOf({ pseudonymKey: settings.value.pseudonymKey! })).toBe(given);
    }
  });

  it('uses a random key per run without one: stable within the run, different across runs', async () => {
    const { createPseudonymiser } = await import('../../src/data/judgements/pseudonymise.js');
    const p1 = createPseudonymiser(undefined);
    const p2 = createPseudonymiser(undefined);
    expect(p1.keySource).toBe('random');
    expect(p1('C2')).toBe(p1('C2'));
    expect(p1('C2')).not.toBe(p2('C2'));
    expect(p1(null)).toBeNull();
  });

  it('without a configured key, derives one from the evidence: the same inputs give the same pseudonyms', async () => {
    const first = await clientOf({});
    expect(first).toMatch(/^id:[0-9a-f]{8}$/);
    expect(await clientOf({})).toBe(first);
    expect(first).not.toBe(await clientOf({ pseudonymKey: 'key-one' }));
  });

  it('shows identifiers as they are with showIdentifiers', async () => {
    expect(await clientOf({ showIdentifiers: true })).toBe('C2');
  });
});

describe('environment settings (read by the CLI only, strictly)', () => {
  it('refuses values that do not parse instead of falling back to a default', async () => {
    const { readEnvironment } = await import('../../src/cli/settings.js');
    for (const env of [{ CARESPEC_WORKERS: '1e1' }, { CARESPEC_WORKERS: 'two' }, { CARESPEC_WORKERS: '0x2' }, { CARESPEC_PARALLEL_MIN_BYTES: '-1' }, { CARESPEC_KERNEL: 'off' }, { CARESPEC_WORKERS: '999' }]) {
      const settings = readEnvironment(env);
      expect(settings.ok, JSON.stringify(env)).toBe(false);
    }
    expect(readEnvironment({ CARESPEC_WORKERS: '2', CARESPEC_PARALLEL_MIN_BYTES: '1024', CARESPEC_KERNEL: '0' })).toEqual({ ok: true, value: { kernel: false, parallel: { workers: 2, minBytes: 1024 } } });
  });
});
