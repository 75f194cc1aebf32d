/**
 * Reading a file in parallel parts (src/data/parallel.ts) must give exactly
 * the result of one pass: the same CheckResult, byte for byte. The parallel
 * path is forced on small generated files with `minBytes: 1`.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { edit, fixture } from '../helpers.js';
import { readFixture, runData } from './support.js';
import type { ReadDataOptions } from '../../src/data/index.js';

/** Deterministic pseudo-random numbers, so every run tests the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T,>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Visits with every kind of trouble: malformed rows, quoted fields, rows outside the period, failures. */
function visitsCsv(rows: number, seed: number, options: { longQuotedAt?: number } = {}): string {
  const r = random(seed);
  const lines = ['visit_id,client_id,carer_id,planned_start,planned_minutes,actual_minutes,start_delay_minutes,status,verification'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2025, 2, 25) + Math.floor(r() * 105) * 86_400_000).toISOString().slice(0, 10);
    const time = `${String(6 + Math.floor(r() * 15)).padStart(2, '0')}:${pick(r, ['00', '15', '30', '45'])}:00`;
    const status = pick(r, ['completed', 'completed', 'completed', 'missed', 'cancelled', 'incomplete']);
    const planned = pick(r, [15, 30, 30, 45, 60, 120]);
    const done = status === 'completed' || status === 'incomplete';
    let id = `V${i}`;
    if (options.longQuotedAt === i) id = `"V${i}\n${'continued\n'.repeat(2000)}end"`;
    else if (r() < 0.02) id = `"V${i}, with a comma"`;
    let line = `${id},C${Math.floor(r() * 40)},${r() < 0.05 ? '' : `K${Math.floor(r() * 25)}`},${day}T${time},${planned},${done ? planned - Math.floor(r() * 5) : ''},${done ? Math.round((r() - 0.3) * 80) : ''},${status},${done ? pick(r, ['telephony', 'gps', 'qr', 'manual']) : ''}`;
    const trouble = r();
    if (trouble < 0.004) line = line.replace(`,${planned},`, ',about an hour,');
    else if (trouble < 0.008) line = `${line},extra`;
    else if (trouble < 0.012) line = line.replace(status, 'lost');
    else if (trouble < 0.014) line = line.replace(/^[^,]*,[^,]*,/, `V${i},,`);
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

function staffCsv(rows: number, seed: number): string {
  const r = random(seed);
  const lines = ['worker_id,contract_type,paid_travel_hours'];
  // Fractional hours: their sum depends on the order of additions unless it is exact.
  for (let i = 0; i < rows; i++) lines.push(`W${i},${pick(r, ['permanent', 'zero_hours', 'bank'])},${r() < 0.1 ? '' : (r() * 12.7).toFixed(r() < 0.5 ? 1 : 3)}`);
  return lines.join('\r\n');
}

const generated = (visits: string, staff: string) => (dir: string) => {
  writeFileSync(path.join(dir, 'data', 'visits.csv'), visits);
  writeFileSync(path.join(dir, 'data', 'staff.csv'), staff);
};

type Parallel = NonNullable<ReadDataOptions['parallel']>;
const single: ReadDataOptions = { pseudonymKey: 'test-key', maxFailures: 7, parallel: { workers: 0 } };
const forced = (workers: number, events: { parts: number; fallback: boolean }[] = []): ReadDataOptions => ({
  pseudonymKey: 'test-key',
  maxFailures: 7,
  parallel: { minBytes: 1, workers, observe: (e) => events.push(e) } satisfies Parallel,
});

/** Maps listed in insertion order, so that order is compared too; each run's scratch folder named alike. */
const text = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)).replace(/carespec-test-[A-Za-z0-9]+/g, 'carespec-test-X');

describe('reading a file in parallel parts', () => {
  it('gives exactly the CheckResult of one pass (metrics, failures, data quality)', async () => {
    const mutate = generated(visitsCsv(3000, 1), staffCsv(1500, 2));
    const events: { parts: number; fallback: boolean }[] = [];
    const one = await runData(mutate, single);
    const two = await runData(mutate, forced(1, events));
    const four = await runData(mutate, forced(3, events));
    expect(events.length).toBeGreaterThanOrEqual(4); // visits and staff, twice
    expect(events.every((e) => !e.fallback && e.parts >= 2)).toBe(true);
    expect(events.some((e) => e.parts === 4)).toBe(true);
    expect(text(two)).toBe(text(one));
    expect(text(four)).toBe(text(one));
    // The generated data does exercise what the merge has to get right.
    const visits = one.rules.find((r) => r.id === 'visit-min-length');
    expect(visits?.records?.failed).toBeGreaterThan(7);
    expect(visits?.records?.failures).toHaveLength(7);
    expect(one.findings.filter((f) => f.kind === 'data_quality').length).toBeGreaterThanOrEqual(3);
  });

  it('gives the same data evidence for the unchanged fixture', async () => {
    const one = await readFixture(undefined, single);
    const two = await readFixture(undefined, forced(1));
    expect(text(two)).toBe(text(one));
  });

  it('falls back to one pass, with the same result, when a quoted field spans a cut', async () => {
    // A 2,000-line quoted field (20 kB) from a third of the way in: the middle cut lands inside it.
    const mutate = generated(visitsCsv(300, 3, { longQuotedAt: 100 }), staffCsv(10, 4));
    const events: { parts: number; fallback: boolean }[] = [];
    const one = await readFixture(mutate, single);
    const two = await readFixture(mutate, forced(1, events));
    expect(events.some((e) => e.fallback)).toBe(true);
    expect(text(two)).toBe(text(one));
  });

  it('reports a per-record error from a later part at the same line as one pass', async () => {
    const mutate = (dir: string) => {
      generated(visitsCsv(2000, 5), staffCsv(10, 6))(dir);
      // Only 120-minute visits read a parameter before its first value: the first one throws.
      edit(path.join(dir, 'library.yaml'), '- { ">=": [{ var: row.planned_minutes }, { param: min_visit_minutes }] }', '- { "if": [{ ">": [{ var: row.planned_minutes }, 100] }, { param: [min_visit_minutes, "2000-01-01"] }, { ">=": [{ var: row.planned_minutes }, { param: min_visit_minutes }] }] }');
    };
    const one = await readFixture(mutate, single);
    const two = await readFixture(mutate, forced(1));
    expect(one.records.get('visit-min-length')?.error).toMatch(/line \d+/);
    expect(text(two)).toBe(text(one));
  });
});

describe('worker threads started before they are needed', () => {
  it('are started only for evidence naming a CSV file large enough to split', async () => {
    const { prewarmScanWorkers } = await import('../../src/data/scanning/parallel.js');
    const refs = [{ id: 'visits', kind: 'visits', file: path.join(fixture('data'), 'data', 'visits.csv'), path: 'data/visits.csv' }];
    expect(prewarmScanWorkers(refs, { workers: 1 })).toBeUndefined(); // far below 32 MiB
    expect(prewarmScanWorkers(refs, { workers: 0, minBytes: 1 })).toBeUndefined();
    const pool = prewarmScanWorkers(refs, { workers: 1, minBytes: 1 });
    expect(pool).toBeDefined();
    pool?.close();
  });

  it('read the parts and give the same result as one pass', async () => {
    const { ScanWorkerPool } = await import('../../src/data/scanning/parallel.js');
    const mutate = generated(visitsCsv(3000, 7), staffCsv(500, 8));
    const pool = new ScanWorkerPool(1);
    const events: { parts: number; fallback: boolean }[] = [];
    try {
      const one = await runData(mutate, single);
      const pooled = await runData(mutate, { ...forced(1, events), parallel: { minBytes: 1, workers: 1, pool, observe: (e) => events.push(e) } });
      expect(text(pooled)).toBe(text(one));
      expect(events.every((e) => !e.fallback && e.parts === 2)).toBe(true);
      // The pooled worker was taken: nothing is left to close.
      expect(pool.take()).toBeUndefined();
    } finally {
      pool.close();
    }
  });
});
