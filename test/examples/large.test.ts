/**
 * The large-provider generator (scripts/generate-large.ts, `npm run examples:large`) at a small scale:
 * deterministic bytes, about the visits asked for, and datasets that agree with each other — every
 * carer on the staff list, every episode's client in the visit export, and each care worker's payroll
 * contact hours equal to the visit time delivered that month (to the quarter hour). carespec reads the
 * output without a data-quality finding, and the bundled payroll reconciliation passes on it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLarge } from '../../scripts/generate-large.js';
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import { repoFile } from '../helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'carespec-large-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A generic-profile CSV as objects (the generator quotes nothing in these files). */
function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

describe('large-provider generator', () => {
  const out = path.join(scratch, 'a');
  const summary = generateLarge({ out, clients: 40, visits: 6000 });
  const data = (name: string) => table(path.join(out, 'data', name));

  it('writes the same bytes for the same seed and options', () => {
    const again = generateLarge({ out: path.join(scratch, 'b'), clients: 40, visits: 6000 });
    expect(again.files.map((f) => path.relative(path.join(scratch, 'b'), f))).toEqual(summary.files.map((f) => path.relative(out, f)));
    for (const file of summary.files) expect(readFileSync(path.join(scratch, 'b', path.relative(out, file)), 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('gives about the visits asked for, to the clients asked for', () => {
    const visits = data('visits.csv');
    expect(visits.length).toBe(summary.visits);
    expect(Math.abs(summary.visits - 6000) / 6000).toBeLessThan(0.1);
    expect(new Set(visits.map((v) => v.client_id)).size).toBe(40);
  });

  it('keeps workers and clients consistent across visits, staff, payroll and episodes', () => {
    const visits = data('visits.csv');
    const staffIds = new Set(data('staff.csv').map((s) => s.worker_id));
    expect(visits.every((v) => staffIds.has(v.carer_id!))).toBe(true);
    const visitClients = new Set(visits.map((v) => v.client_id));
    const episodes = data('episodes.csv');
    expect(episodes.length).toBe(summary.episodes);
    expect(episodes.every((e) => visitClients.has(e.client_id))).toBe(true);
    const delivered = new Map<string, number>();
    for (const v of visits) {
      if (v.status !== 'completed') continue;
      const key = `${v.carer_id}|${v.planned_start!.slice(0, 7)}`;
      delivered.set(key, (delivered.get(key) ?? 0) + Number(v.actual_minutes));
    }
    const payroll = data('payroll.csv').filter((p) => p.role === 'care_worker' || p.role === 'senior_care_worker');
    expect(payroll.length).toBeGreaterThan(0);
    for (const p of payroll) {
      const minutes = delivered.get(`${p.worker_id}|${p.pay_period_end!.slice(0, 7)}`) ?? 0;
      expect(Math.abs(Number(p.contact_hours) - minutes / 60), `${p.worker_id} ${p.pay_period_end}`).toBeLessThanOrEqual(0.125);
    }
  });

  it('is read by carespec without data-quality findings, and its payroll reconciles with its visits', async () => {
    const result = await check(repoFile('specs', 'reablement-wnc.md'), path.join(out, 'evidence.yaml'), {
      readData: (plan, evidence) => readDatasets(plan, evidence, { pseudonymKey: 'test' }),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.value.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.value.rules.find((r) => r.id === 'wage-payroll-contact-hours-match-visits')?.status).toBe('pass');
  });
});
