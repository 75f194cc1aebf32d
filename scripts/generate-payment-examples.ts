/**
 * Synthetic data for the payment examples (issue #15), seeded and separate from
 * generate-examples.ts (whose bundles another change reworks): visit exports for the Lambeth
 * tiered-rate and bonus-pool bundles, whose hours are chosen to show the seed figures (1,400,
 * 1,000 and 950 hours a month; 500 and 300 hours of a 1,000-hour pool), and care-package events
 * for the BFC gain share. Regenerating with the seed reproduces the committed files byte for
 * byte (test/examples/payments.test.ts).
 *
 *   npx tsx scripts/generate-payment-examples.ts [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSeed, Random } from './lib/prng.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PAYMENT_SEED = 20250615;

interface MonthPlan {
  month: string;
  /** Hours of completed visits (each visit 60 minutes, so the hours are exact). */
  hours: number;
  missed: number;
  /** Visits starting more than 30 minutes late (punctuality). */
  late: number;
  /** Time-critical visits more than 30 minutes late. */
  lateCritical: number;
}

const VISIT_HEADER = 'visit_id,client_id,carer_id,planned_start,planned_minutes,actual_minutes,start_delay_minutes,status,time_critical,verification';

/** One row per visit; completed visits last 60 minutes, so a month's hours are its completed visits. */
export function visitsCsv(rng: Random, months: readonly MonthPlan[], clients = 40, carers = 25): string {
  const lines = [VISIT_HEADER];
  let n = 0;
  for (const plan of months) {
    const [y, m] = plan.month.split('-').map(Number) as [number, number];
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const total = plan.hours + plan.missed;
    for (let i = 0; i < total; i++) {
      n++;
      const day = 1 + (i % days);
      const hour = 7 + rng.int(0, 13);
      const start = `${plan.month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${['00', '15', '30', '45'][rng.int(0, 3)]}:00`;
      const missed = i >= plan.hours;
      const critical = !missed && i % 10 === 0;
      // Late visits are never the time-critical ones, unless lateCritical says so.
      const late = !missed && !critical && i < plan.late;
      const lateCritical = critical && i / 10 < plan.lateCritical;
      const delay = missed ? '' : String(late || lateCritical ? 35 + rng.int(0, 40) : rng.int(-10, 20));
      lines.push([
        `V${String(n).padStart(6, '0')}`,
        `C${String(rng.int(1, clients)).padStart(4, '0')}`,
        `W${String(rng.int(1, carers)).padStart(4, '0')}`,
        start,
        '60',
        missed ? '' : '60',
        delay,
        missed ? 'missed' : 'completed',
        critical ? 'true' : 'false',
        missed ? '' : ['telephony', 'gps', 'qr'][rng.int(0, 2)],
      ].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Care-package events: the seed's own case first (14 hours a week cut to 7 at day 14: paid 84
 * hours over 6 weeks against 56), then packages started through the period, some reduced
 * within 6 weeks, some increased, some unchanged.
 */
export function carePackagesCsv(rng: Random, count: number, period: { start: string; end: string }): string {
  const lines = ['package_id,client_id,event_date,event,weekly_hours'];
  const add = (id: string, client: string, date: string, event: string, hours: string) => lines.push([id, client, date, event, hours].join(','));
  add('P0001', 'C0001', '2025-04-07', 'start', '14');
  add('P0001', 'C0001', '2025-04-21', 'change', '7');
  const first = Date.parse(`${period.start}T00:00:00Z`);
  const span = (Date.parse(`${period.end}T00:00:00Z`) - first) / 86_400_000 - 60;
  for (let i = 2; i <= count; i++) {
    const id = `P${String(i).padStart(4, '0')}`;
    const client = `C${String(i).padStart(4, '0')}`;
    const startDay = rng.int(0, span);
    const day = (offset: number) => new Date(first + (startDay + offset) * 86_400_000).toISOString().slice(0, 10);
    const weekly = [7, 10.5, 14, 17.5, 21][rng.int(0, 4)]!;
    add(id, client, day(0), 'start', String(weekly));
    const kind = rng.int(0, 3);
    if (kind === 0) add(id, client, day(rng.int(7, 35)), 'change', String(weekly / 2));
    else if (kind === 1) add(id, client, day(rng.int(7, 35)), 'change', String(weekly + 3.5));
    else if (kind === 2) add(id, client, day(rng.int(20, 41)), 'end', '');
  }
  return `${lines.join('\n')}\n`;
}

/** Every payment example file, relative to examples/. */
export function paymentExampleFiles(seed = PAYMENT_SEED): Map<string, string> {
  const rng = (name: string) => new Random(hashSeed(`${seed}/${name}`));
  const files = new Map<string, string>();
  const q2 = (hours: [number, number, number], missed: [number, number, number], late: [number, number, number], lateCritical: [number, number, number]): MonthPlan[] =>
    ['2025-04', '2025-05', '2025-06'].map((month, i) => ({ month, hours: hours[i]!, missed: missed[i]!, late: late[i]!, lateCritical: lateCritical[i]! }));
  // Lambeth: 1,400 hours in April (the seed figure, £23,100.00), exactly 1,000 in May (the boundary), 950 in June.
  files.set('reablement-lambeth/compliant/data/visits.csv', visitsCsv(rng('lambeth/compliant'), q2([1400, 1000, 950], [10, 8, 6], [40, 30, 25], [0, 0, 0])));
  // Failing: missed visits above 2 %, punctuality below 90 %, time-critical visits late: three KPIs missed.
  files.set('reablement-lambeth/failing/data/visits.csv', visitsCsv(rng('lambeth/failing'), q2([1400, 1000, 950], [60, 40, 35], [200, 150, 120], [3, 2, 2])));
  // Bonus pool: provider A delivers 500 of the 1,000 hours in the pool basis (50 %), provider B 300 (30 %).
  files.set('outcome-bonus-pool/compliant/data/visits.csv', visitsCsv(rng('pool/compliant'), q2([170, 165, 165], [2, 1, 1], [5, 4, 4], [0, 0, 0])));
  files.set('outcome-bonus-pool/failing/data/visits.csv', visitsCsv(rng('pool/failing'), q2([100, 100, 100], [10, 9, 8], [3, 3, 3], [0, 0, 0])));
  const bfc = { start: '2025-04-01', end: '2025-09-30' };
  for (const bundle of ['compliant', 'partial', 'failing']) {
    files.set(`outcome-homecare-bfc/${bundle}/packages/care_packages.csv`, carePackagesCsv(rng(`bfc/${bundle}`), 12, bfc));
  }
  return files;
}

export function writePaymentExamples(out = path.join(ROOT, 'examples'), seed = PAYMENT_SEED): string[] {
  const written: string[] = [];
  for (const [relative, text] of paymentExampleFiles(seed)) {
    const file = path.join(out, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  for (const file of writePaymentExamples(at > 0 ? path.resolve(process.argv[at + 1]!) : undefined)) console.log(path.relative(ROOT, file));
}
