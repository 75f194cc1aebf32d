/**
 * The benchmark's seeded visits export and the specification and evidence
 * manifest that check it: used by bench/run.ts and by the oracle test
 * (test/oracle/), which recomputes the check's figures on a smaller export.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A rule library's path as the specification in `dir` imports it. */
const rulesFrom = (dir: string, library: string) => path.relative(dir, path.join(ROOT, 'rules', `${library}.yaml`)).split(path.sep).join('/');

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HEADER = 'visit_id,client_id,carer_id,planned_start,planned_minutes,actual_minutes,start_delay_minutes,verification,gps_forced,status,time_critical,exception_code';

export async function generate(file: string, rows: number, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const out = createWriteStream(file);
  const start = Date.parse('2025-04-01T06:00:00Z');
  const span = Date.parse('2025-06-30T22:00:00Z') - start;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const methods = ['telephony', 'gps', 'gps', 'gps', 'qr', 'nfc', 'otp', 'manual'];
  out.write(`${HEADER}\n`);
  let batch: string[] = [];
  for (let i = 0; i < rows; i++) {
    // Visits in time order across the quarter (an export is sorted by planned start).
    const t = new Date(start + Math.floor((span * i) / rows) - (Math.floor((span * i) / rows) % 300_000));
    const planned = random() < 0.02 ? 15 : [30, 30, 30, 45, 60][Math.floor(random() * 5)]!;
    const client = Math.floor(random() * 2000); // each client has a small team of carers
    const r = random();
    const status = r < 0.012 ? 'missed' : r < 0.03 ? 'cancelled' : r < 0.035 ? 'incomplete' : 'completed';
    const done = status === 'completed' || status === 'incomplete';
    const delay = done ? Math.round((random() - 0.3) * 50) : '';
    const actual = done ? Math.max(1, planned - Math.floor(random() * 6)) : '';
    const method = done ? methods[Math.floor(random() * methods.length)]! : '';
    const forced = method === 'gps' ? (random() < 0.03 ? 'true' : 'false') : 'false';
    const exception = method === 'manual' && random() < 0.8 ? 'NOLINE' : '';
    batch.push(
      `V${pad(i, 7)},C${pad(client, 5)},K${pad((client * 7 + Math.floor(random() * random() * 6)) % 400, 4)},${t.toISOString().slice(0, 19)},${planned},${actual},${delay},${method},${forced},${status},${random() < 0.1 ? 'true' : 'false'},${exception}`,
    );
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length > 0) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

export function writeSpec(dir: string, csvName: string): { spec: string; evidence: string } {
  const spec = path.join(dir, 'bench-spec.md');
  writeFileSync(
    spec,
    `---
carespec: specification/1
id: bench-homecare
title: Benchmark homecare specification
version: 1.0.0
commissioner: Benchmark Council
contract_period: { start: "2025-04-01", end: "2028-03-31" }
imports: [${['monitoring', 'homecare-kpis', 'ethical-care-charter', 'wages'].map((lib) => rulesFrom(dir, lib)).join(', ')}]
---

# Benchmark specification

Every rule of the monitoring, KPI and Ethical Care Charter libraries; only the visits export is supplied.
`,
  );
  const evidence = path.join(dir, 'bench-evidence.yaml');
  writeFileSync(
    evidence,
    `carespec: evidence/1
provider: { name: Benchmark Care Ltd, region: london }
period: { start: "2025-04-01", end: "2025-06-30" }
datasets:
  - { id: visits, kind: visits, file: ${csvName}, profile: generic }
`,
  );
  return { spec, evidence };
}
