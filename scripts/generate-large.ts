/**
 * Generate a large, internally consistent synthetic provider for benchmarks and load tests:
 * by default 2,000 clients and about 500,000 planned visits in one quarter (April–June 2025), with
 * the care workers' payroll, the staff list, the reablement episodes and an evidence manifest.
 *
 *   npm run examples:large -- --out DIR [--clients N] [--visits N] [--seed N]
 *
 * The visit export is streamed to disk day by day, so memory stays bounded whatever --visits is:
 * what is kept is one small record per client (its weekly hours and team), one per care worker, and
 * a delivered-minutes total per worker and month, from which payroll pays each worker the visit time
 * the export shows them delivering. About 4 % of the clients are reablement clients, each episode's
 * client receiving visits for the length of the episode; the rest have ongoing homecare packages.
 * --clients counts distinct clients in the quarter, episodes' clients included.
 * Care workers are sized to about 75 contact hours a month each. Every figure is synthetic; the same
 * seed and options give the same bytes. Nothing here is committed: write it outside the repository
 * or under a git-ignored folder.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isMain } from '../src/build/entry.js';
import { hashSeed, Random } from './lib/prng.js';
import {
  addDays, clientRoster, csvLine, dateTime, daysBetween, episodeClients, episodes, genericCsv, isCareRole, meanLength, payroll, staff,
  workforce, SLOTS, VISIT_COLUMNS, VISIT_LENGTHS, type ClientSpan, type Period, type Visit,
} from './lib/datasets.js';
import { withEpisodeHistory, withPayrollTerms, PAYROLL_TERMS_COLUMNS } from './lib/domain-datasets.js';
import { DEFAULT_SEED } from './generate-examples.js';

export interface LargeOptions {
  out: string;
  clients?: number;
  /** Planned visits in the quarter (about; each client's daily visits are drawn around its rate). */
  visits?: number;
  seed?: number;
}

export interface LargeSummary {
  files: string[];
  visits: number;
  clients: number;
  careWorkers: number;
  episodes: number;
}

const PERIOD: Period = { start: '2025-04-01', end: '2025-06-30' };
/** Contact hours a care worker delivers in a month (synthetic: a part-time homecare load). */
const HOURS_PER_WORKER_MONTH = 75;
/** Share of the clients being reabled on any day (synthetic). */
const REABLEMENT_SHARE = 0.04;
const EXCEPTION_CODES = ['NO_LANDLINE', 'DEVICE_FAILURE', 'NO_SIGNAL'];
const BRANCHES = ['north', 'south', 'east'];
const FLUSH_BYTES = 1 << 20;

/** Appends lines to a file through a 1 MB buffer. */
class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function generateLarge(options: LargeOptions): LargeSummary {
  const seed = options.seed ?? DEFAULT_SEED;
  const clients = options.clients ?? 2000;
  const targetVisits = options.visits ?? 500_000;
  if (!Number.isInteger(clients) || clients < 10) throw new Error('--clients must be a whole number of at least 10');
  if (!Number.isInteger(targetVisits) || targetVisits < clients) throw new Error('--visits must be a whole number of at least --clients');
  const rng = (dataset: string) => new Random(hashSeed(`${seed}/large/${dataset}`));
  const days = daysBetween(PERIOD.start, PERIOD.end) + 1;
  const dir = path.resolve(options.out);
  mkdirSync(path.join(dir, 'data'), { recursive: true });

  // Reablement episodes (about 3 weeks each): about 4 % of the clients on any day are being reabled,
  // and each episode's client is one of the `clients` distinct clients of the quarter.
  const episodeCount = Math.max(1, Math.round((clients * REABLEMENT_SHARE * days) / 21));
  if (episodeCount >= clients) throw new Error('--clients is too small for the reablement episodes');
  const episodeRows = withEpisodeHistory(
    rng('episodes-history'),
    episodes(rng('episodes'), PERIOD, {
      episodes: episodeCount, length: [8, 30], overLengthShare: 0, fromHospitalShare: 0.7, noFurtherSupportShare: 0.8,
      atHome91Share: 0.85, lateStartShare: 0.05, lateReviewShare: 0.05, missingSurveyShare: 0.05,
    }),
    { newClientShare: 0.7, ownLongTermShare: 0, notContactedShare: 0 },
  );
  const spanDays = (c: { start: string; end: string }) => daysBetween(c.start, c.end) + 1;
  const episodeDays = episodeClients(new Random(0), PERIOD, episodeRows, [1, 1]).reduce((sum, c) => sum + spanDays(c), 0);
  const clientWeeks = ((clients - episodeCount) * days + episodeDays) / 7;
  // Weekly hours that give the target number of visits, each client drawn within ±30 % of it.
  const weekly = (targetVisits * meanLength('homecare')) / 60 / clientWeeks;
  const hoursPerWeek: [number, number] = [0.7 * weekly, 1.3 * weekly];
  const careWorkers = Math.max(3, Math.round((weekly * clientWeeks) / (days / (365.25 / 12)) / HOURS_PER_WORKER_MONTH));
  const workers = workforce(rng('workforce'), PERIOD, { careWorkers, startersShare: 0.05, zeroHoursShare: 0.15, zeroHoursOfferedShare: 0.9 });
  const reabled = episodeClients(rng('episode-clients'), PERIOD, episodeRows, hoursPerWeek);
  const roster = clientRoster(rng('clients'), PERIOD, {
    service: 'homecare', clients: clients - episodeCount, hoursPerWeek, teamSize: 3, offTeamShare: 0.02, shortShare: 0, shortAgreedShare: 0,
    missedShare: 0.005, cancelledShare: 0.02, lateShare: 0.05, timeCriticalShare: 0.1, timeCriticalLateShare: 0.01, manualShare: 0.06,
    manualNoCodeShare: 0.1, gpsForcedShare: 0.02, delivered: [0.96, 1.04], mileageMean: 3.1, methods: ['telephony', 'gps', 'qr'],
  }, reabled);

  const visitCount = streamVisits(rng('visits'), path.join(dir, 'data', 'visits.csv'), roster, workers.filter(isCareRole));

  const files = [path.join(dir, 'data', 'visits.csv')];
  const write = (name: string, text: string) => {
    const file = path.join(dir, 'data', name);
    writeFileSync(file, text);
    files.push(file);
  };
  const pay = payroll(rng('payroll'), PERIOD, workers, { careRate: () => 12.75, unpaidTravelShare: 0 }, visitCount.delivered);
  write('payroll.csv', genericCsv(withPayrollTerms(rng('payroll-terms'), pay, {
    enhancedShare: 0.2, trainingHoursPerMonth: 2, trainingUnpaidShare: 0, chargedShare: 0, occupationalSickPay: false, sspUnpaidShare: 0,
  }), PAYROLL_TERMS_COLUMNS));
  write('staff.csv', genericCsv(staff(workers), [
    'worker_id', 'role', 'contract_type', 'contracted_hours_per_week', 'offered_contracted_hours', 'start_date', 'leave_date', 'new_to_care',
  ]));
  write('episodes.csv', genericCsv(episodeRows, [
    'episode_id', 'client_id', 'age', 'new_client', 'referral_date', 'start_date', 'end_date', 'episode_days', 'from_hospital',
    'hospital_discharge_date', 'outcome', 'status_day_91', 'long_term_package_by_this_provider', 'review_date', 'survey_date',
  ]));
  const manifest = path.join(dir, 'evidence.yaml');
  writeFileSync(manifest, [
    '# Synthetic large provider (scripts/generate-large.ts): data only, no facts or attestations.',
    'carespec: evidence/1',
    'provider: { name: Large Synthetic Homecare Ltd (fictional), region: south-east }',
    `period: { start: "${PERIOD.start}", end: "${PERIOD.end}" }`,
    'datasets:',
    '  - { id: visits, kind: visits, file: data/visits.csv, profile: generic }',
    '  - { id: payroll, kind: payroll, file: data/payroll.csv, profile: generic-payroll-monthly }',
    '  - { id: staff, kind: staff, file: data/staff.csv, profile: generic }',
    '  - { id: episodes, kind: episodes, file: data/episodes.csv, profile: generic }',
    '',
  ].join('\n'));
  files.push(manifest);
  return { files, visits: visitCount.visits, clients: roster.length, careWorkers, episodes: episodeRows.length };
}

/**
 * Write the visit export day by day (generic layout). Each client has a team of 3 care workers; a visit
 * goes to a team member who has started (2 % to any employed care worker). Returns the number of rows
 * and each worker's delivered minutes, travel and mileage by "worker|month start", as payroll() reads them.
 */
function streamVisits(
  rng: Random,
  file: string,
  roster: readonly ClientSpan[],
  carers: readonly { id: string; startDate: string }[],
): { visits: number; delivered: Map<string, { minutes: number; travel: number; miles: number }> } {
  const out = new LineWriter(file);
  out.line(csvLine(VISIT_COLUMNS));
  const teams = roster.map(() => [0, 1, 2].map(() => rng.int(0, carers.length - 1)));
  const rates = roster.map((c) => (c.hoursPerWeek * 60) / 7 / meanLength(c.service));
  const delivered = new Map<string, { minutes: number; travel: number; miles: number }>();
  let n = 0;
  for (let d = 0; d <= daysBetween(PERIOD.start, PERIOD.end); d++) {
    const date = addDays(PERIOD.start, d);
    const monthKey = `${date.slice(0, 7)}-01`;
    const employed = carers.flatMap((c, i) => (c.startDate <= date ? [i] : []));
    roster.forEach((client, ci) => {
      if (client.start > date || client.end < date) return;
      const rate = rates[ci]!;
      const count = Math.min(SLOTS.length, Math.floor(rate) + (rng.next() < rate - Math.floor(rate) ? 1 : 0));
      const slots = rng.shuffle([...SLOTS]).slice(0, count).sort((a, b) => a - b);
      const team = teams[ci]!.filter((i) => carers[i]!.startDate <= date);
      for (const slot of slots) {
        const carer = carers[team.length === 0 || rng.chance(0.02) ? rng.pick(employed) : rng.pick(team)]!;
        const planned = rng.pick(VISIT_LENGTHS[client.service]);
        const roll = rng.next();
        const status: Visit['status'] = roll < 0.005 ? 'missed' : roll < 0.025 ? 'cancelled' : 'completed';
        const timeCritical = rng.chance(0.1);
        const visit: Visit = {
          visit_id: `V${String(++n).padStart(8, '0')}`,
          client_id: client.id,
          carer_id: carer.id,
          branch_id: BRANCHES[ci % BRANCHES.length]!,
          service: client.service,
          planned_start: dateTime(date, slot),
          planned_end: dateTime(date, slot + planned),
          planned_minutes: planned,
          actual_in: null, actual_out: null, actual_minutes: null, start_delay_minutes: null, verification: null, exception_code: null,
          gps_distance_m: null, gps_forced: null,
          status,
          time_critical: timeCritical,
          agreed_short_visit: false,
          double_up: rng.chance(0.05),
          travel_minutes: rng.int(4, 14),
          mileage: Math.round(31 * (0.4 + 1.2 * rng.next())) / 10,
        };
        if (status === 'completed') {
          const delay = rng.chance(timeCritical ? 0.01 : 0.05) ? rng.int(35, 80) : rng.int(-10, 20);
          const actual = Math.max(5, Math.round(planned * (0.96 + 0.08 * rng.next())));
          const method = rng.chance(0.06) ? 'manual' : rng.pick(['telephony', 'gps', 'qr'] as const);
          Object.assign(visit, {
            actual_in: dateTime(date, slot + delay),
            actual_out: dateTime(date, slot + delay + actual),
            actual_minutes: actual,
            start_delay_minutes: delay,
            verification: method,
            exception_code: method === 'manual' && rng.chance(0.9) ? rng.pick(EXCEPTION_CODES) : null,
            gps_forced: method === 'gps' ? rng.chance(0.02) : false,
            gps_distance_m: method === 'gps' ? rng.int(4, 180) : null,
          });
          const key = `${carer.id}|${monthKey}`;
          const acc = delivered.get(key) ?? { minutes: 0, travel: 0, miles: 0 };
          acc.minutes += actual;
          acc.travel += visit.travel_minutes;
          acc.miles += visit.mileage;
          delivered.set(key, acc);
        }
        out.line(csvLine(VISIT_COLUMNS.map((c) => visit[c])));
      }
    });
  }
  out.close();
  return { visits: n, delivered };
}

function parseArgs(argv: readonly string[]): LargeOptions {
  const options: Partial<LargeOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--out') options.out = need();
    else if (flag === '--clients') options.clients = Number(need());
    else if (flag === '--visits') options.visits = Number(need());
    else if (flag === '--seed') options.seed = Number(need());
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: npm run examples:large -- --out DIR [--clients 2000] [--visits 500000] [--seed N]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (options.out === undefined) throw new Error('--out DIR is required (the output is not committed)');
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  return options as LargeOptions;
}

if (isMain(import.meta.url)) {
  try {
    const started = Date.now();
    const summary = generateLarge(parseArgs(process.argv.slice(2)));
    process.stdout.write(
      `wrote ${summary.files.length} files: ${summary.visits} visits for ${summary.clients} clients, ${summary.careWorkers} care workers, ` +
        `${summary.episodes} episodes in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } catch (error) {
    process.stderr.write(`generate-large: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
