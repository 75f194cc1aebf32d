/**
 * Generate the synthetic CSV datasets of the example evidence bundles
 * (examples/<spec-id>/<bundle>/data/*.csv) with a seeded PRNG, so the same
 * seed and scale always give the same bytes.
 *
 *   npx tsx scripts/generate-examples.ts [--seed N] [--scale N] [--out DIR] [--only SPEC[/BUNDLE]]
 *
 * --scale multiplies the number of clients, workers, episodes, referrals,
 * survey responses and complaints (visits per client stay the same), so
 * `--scale 1000 --out /tmp/big` makes a large data set for benchmarks. The
 * committed files are --scale 1 with the default seed. The evidence manifests
 * (evidence.yaml) are written by hand and are not touched.
 *
 * Each bundle's config below is what makes its verdict come out as intended;
 * the comments say which rule each setting is there for.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from '../src/build/entry.js';
import { hashSeed, Random } from './lib/prng.js';
import {
  complaints, episodes, genericCsv, gpsAppCsv, payroll, referrals, staff, surveys, telephonyCsv, training, visits, workforce,
  VISIT_COLUMNS,
  type ComplaintsConfig, type EpisodesConfig, type Period, type PayrollConfig, type ReferralsConfig, type SurveysConfig,
  type TrainingConfig, type VisitsConfig, type WorkforceConfig,
} from './lib/datasets.js';

export const DEFAULT_SEED = 20250601;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

export type VisitsProfile = 'generic' | 'gps-app' | 'telephony-ecm';

export interface BundleConfig {
  spec: string;
  bundle: 'compliant' | 'partial' | 'failing';
  period: Period;
  workforce?: WorkforceConfig;
  visits?: VisitsConfig & { profile: VisitsProfile };
  payroll?: PayrollConfig;
  staff?: boolean;
  training?: TrainingConfig;
  episodes?: EpisodesConfig;
  referrals?: ReferralsConfig;
  surveys?: SurveysConfig;
  complaints?: ComplaintsConfig;
}

// ---------------------------------------------------------------------------
// Shared defaults: a well-run service
// ---------------------------------------------------------------------------

const goodWorkforce: WorkforceConfig = { careWorkers: 30, startersShare: 0.1, zeroHoursShare: 0.1, zeroHoursOfferedShare: 1 };

const goodVisits: VisitsConfig = {
  service: 'homecare',
  clients: 24,
  visitsPerClientPerMonth: 6,
  teamSize: 3,
  offTeamShare: 0.05,
  shortShare: 0,
  shortAgreedShare: 0,
  missedShare: 0.005,
  cancelledShare: 0.02,
  lateShare: 0.04,
  timeCriticalShare: 0.1,
  timeCriticalLateShare: 0,
  manualShare: 0.05,
  manualNoCodeShare: 0,
  gpsForcedShare: 0.02,
  delivered: [0.97, 1.04],
  mileageMean: 3.1,
  methods: ['telephony', 'gps', 'qr'],
};

const goodTraining: TrainingConfig = { coursesPerWorker: 1, notInWorkTimeShare: 0, chargedShare: 0, lateCertificateShare: 0 };

const goodEpisodes: EpisodesConfig = {
  episodes: 150,
  length: [8, 30],
  overLengthShare: 0,
  fromHospitalShare: 0.7,
  noFurtherSupportShare: 0.84,
  atHome91Share: 0.88,
  lateStartShare: 0,
  lateReviewShare: 0,
  missingSurveyShare: 0,
};

/** Real Living Wage (UK) in force on a date, for the configs' comments and rates. */
const rlw = (date: string) => (date >= '2025-05-01' ? 12.6 : date >= '2024-05-01' ? 12.0 : 10.9);

// ---------------------------------------------------------------------------
// The nine bundles
// ---------------------------------------------------------------------------

const WNC: Period = { start: '2024-04-01', end: '2024-09-30' };
const BNES: Period = { start: '2025-04-01', end: '2025-06-30' };
const BFC: Period = { start: '2025-04-01', end: '2025-09-30' };

export const BUNDLES: BundleConfig[] = [
  // --- reablement-wnc ------------------------------------------------------
  {
    // Every rule met. Visits exported by a GPS/QR/OTP app (profiles/gps-app.yaml).
    spec: 'reablement-wnc',
    bundle: 'compliant',
    period: WNC,
    workforce: goodWorkforce,
    visits: { ...goodVisits, clients: 16, service: 'reablement', methods: ['gps', 'gps', 'qr', 'otp'], profile: 'gps-app' },
    payroll: { careRate: (end) => Math.max(12.25, rlw(end) + 0.25), unpaidTravelShare: 0 },
    episodes: goodEpisodes,
  },
  {
    // Must rules met (digital care planning waived while it is rolled out); should rules missed:
    // basic pay £11.75 is above the NLW (£11.44) but below the RLW from 1 May 2024 (£12.00);
    // 72 % at home on day 91 (benchmark 82 %); manual check-ins without an exception code.
    spec: 'reablement-wnc',
    bundle: 'partial',
    period: WNC,
    workforce: goodWorkforce,
    visits: { ...goodVisits, clients: 16, service: 'reablement', manualShare: 0.07, manualNoCodeShare: 0.3, profile: 'generic' },
    payroll: { careRate: () => 11.75, unpaidTravelShare: 0 },
    episodes: { ...goodEpisodes, atHome91Share: 0.72, lateReviewShare: 0.04 },
  },
  {
    // Not compliant: (facts) CQC Requires improvement, zone + reablement conflict; (data) episodes
    // beyond 42 days, travel unpaid for a fifth of care workers (below the NLW per hour worked),
    // ECM share below 85 % in every month.
    spec: 'reablement-wnc',
    bundle: 'failing',
    period: WNC,
    workforce: goodWorkforce,
    visits: { ...goodVisits, clients: 16, service: 'reablement', manualShare: 0.22, manualNoCodeShare: 0.5, mileageMean: 4.4, profile: 'generic' },
    payroll: { careRate: () => 11.6, unpaidTravelShare: 0.2 },
    episodes: { ...goodEpisodes, overLengthShare: 0.08, noFurtherSupportShare: 0.62, atHome91Share: 0.7, lateStartShare: 0.2, lateReviewShare: 0.3, missingSurveyShare: 0.4, length: [14, 40] },
  },

  // --- ethical-care-homecare-bnes --------------------------------------------
  {
    // Charter stage 3 of 3: no 15-minute visits, travel paid, RLW £12.75 (≥ £12.60 from May 2025),
    // zero-hours only by choice, training paid and free.
    spec: 'ethical-care-homecare-bnes',
    bundle: 'compliant',
    period: BNES,
    workforce: goodWorkforce,
    visits: { ...goodVisits, profile: 'generic' },
    payroll: { careRate: () => 12.75, unpaidTravelShare: 0 },
    staff: true,
    training: goodTraining,
    surveys: { responses: 120, service: 'homecare', yesShare: 0.83, partlyShare: 0.12, notAnsweredShare: 0.05 },
  },
  {
    // Charter stage 2 of 3: basic pay £12.30 meets the NLW (£12.21) and April's RLW (£12.00) but not
    // May's (£12.60); no occupational sick pay (a fact). Stage 3 is a should in this spec.
    spec: 'ethical-care-homecare-bnes',
    bundle: 'partial',
    period: BNES,
    workforce: goodWorkforce,
    visits: { ...goodVisits, profile: 'generic' },
    payroll: { careRate: () => 12.3, unpaidTravelShare: 0 },
    staff: true,
    training: goodTraining,
    surveys: { responses: 120, service: 'homecare', yesShare: 0.79, partlyShare: 0.15, notAnsweredShare: 0.05 },
  },
  {
    // Charter stage 0 of 3: 6 % of visits planned for 15 minutes (the waiver for ECC 2 expired),
    // travel unpaid for a quarter of care workers, zero-hours contracts not offered a choice,
    // training outside work time, poor continuity and punctuality.
    spec: 'ethical-care-homecare-bnes',
    bundle: 'failing',
    period: BNES,
    workforce: { ...goodWorkforce, zeroHoursShare: 0.3, zeroHoursOfferedShare: 0.2 },
    visits: { ...goodVisits, shortShare: 0.06, shortAgreedShare: 0.2, lateShare: 0.14, teamSize: 5, offTeamShare: 0.8, profile: 'generic' },
    payroll: { careRate: () => 12.3, unpaidTravelShare: 0.25 },
    staff: true,
    training: { ...goodTraining, notInWorkTimeShare: 0.15, chargedShare: 0.05 },
    surveys: { responses: 120, service: 'homecare', yesShare: 0.64, partlyShare: 0.2, notAnsweredShare: 0.05 },
  },

  // --- outcome-homecare-bfc ---------------------------------------------------
  {
    // Every rule met; the provider's own telephony system's export (profiles/telephony-ecm.yaml).
    spec: 'outcome-homecare-bfc',
    bundle: 'compliant',
    period: BFC,
    workforce: goodWorkforce,
    visits: { ...goodVisits, clients: 16, methods: ['telephony'], profile: 'telephony-ecm' },
    training: goodTraining,
    episodes: goodEpisodes,
    referrals: { referrals: 160, service: 'homecare', declinedShare: 0.05, within4hShare: 0.86, onPlannedDateShare: 0.9 },
    surveys: { responses: 140, service: 'homecare', yesShare: 0.82, partlyShare: 0.12, notAnsweredShare: 0.04 },
    complaints: { complaints: 14, lateShare: 0 },
  },
  {
    // Must rules met; should rules missed: punctuality 84 % in June, 71 % of people say the service
    // helped them achieve their outcomes, episodes average more than 3 weeks — outcome payment
    // 3 of 5 outcomes (£0.60 an hour).
    spec: 'outcome-homecare-bfc',
    bundle: 'partial',
    period: BFC,
    workforce: goodWorkforce,
    visits: { ...goodVisits, clients: 16, lateShare: [0.04, 0.04, 0.16, 0.04, 0.04, 0.04], profile: 'generic' },
    training: goodTraining,
    episodes: { ...goodEpisodes, length: [16, 36] },
    referrals: { referrals: 160, service: 'homecare', declinedShare: 0.05, within4hShare: 0.86, onPlannedDateShare: 0.84 },
    surveys: { responses: 140, service: 'homecare', yesShare: 0.71, partlyShare: 0.18, notAnsweredShare: 0.04 },
    complaints: { complaints: 14, lateShare: 0 },
  },
  {
    // Insufficient evidence: no visit export (the mapping profile is still being written) and no
    // flex log; what data there is misses the outcome, review, start and training measures.
    spec: 'outcome-homecare-bfc',
    bundle: 'failing',
    period: BFC,
    workforce: { ...goodWorkforce, startersShare: 0.2 },
    training: { ...goodTraining, lateCertificateShare: 0.5 },
    episodes: { ...goodEpisodes, noFurtherSupportShare: 0.41, atHome91Share: 0.7, length: [18, 40], lateStartShare: 0.25, lateReviewShare: 0.35, missingSurveyShare: 0.5 },
    referrals: { referrals: 160, service: 'homecare', declinedShare: 0.2, within4hShare: 0.55, onPlannedDateShare: 0.6 },
    surveys: { responses: 140, service: 'homecare', yesShare: 0.58, partlyShare: 0.22, notAnsweredShare: 0.04 },
    complaints: { complaints: 14, lateShare: 0.3 },
  },
];

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

export interface GenerateOptions {
  seed?: number;
  scale?: number;
  /** Folder to write into (default examples/); each bundle goes to <out>/<spec>/<bundle>/data. */
  out?: string;
  /** "spec" or "spec/bundle" to generate only those. */
  only?: string;
}

const scaled = (n: number, scale: number) => Math.max(1, Math.round(n * scale));

/** The CSV files of one bundle, by file name (e.g. "visits.csv"), as text. */
export function generateBundle(config: BundleConfig, seed = DEFAULT_SEED, scale = 1): Map<string, string> {
  const rng = (dataset: string) => new Random(hashSeed(`${seed}/${config.spec}/${config.bundle}/${dataset}`));
  const files = new Map<string, string>();
  const workers = config.workforce
    ? workforce(rng('workforce'), config.period, { ...config.workforce, careWorkers: scaled(config.workforce.careWorkers, scale) })
    : [];
  if (config.visits) {
    const { profile, ...visitConfig } = config.visits;
    const rows = visits(rng('visits'), config.period, workers, { ...visitConfig, clients: scaled(visitConfig.clients, scale) });
    files.set('visits.csv', profile === 'gps-app' ? gpsAppCsv(rows) : profile === 'telephony-ecm' ? telephonyCsv(rows) : genericCsv(rows, VISIT_COLUMNS));
  }
  if (config.payroll) {
    const rows = payroll(rng('payroll'), config.period, workers, config.payroll);
    files.set('payroll.csv', genericCsv(rows, [
      'worker_id', 'role', 'age', 'pay_period_start', 'pay_period_end', 'basic_hourly_rate', 'contact_hours', 'travel_hours',
      'paid_travel_hours', 'gross_pay', 'mileage_miles', 'mileage_paid', 'sick_days', 'ssp_paid', 'osp_paid',
    ]));
  }
  if (config.staff) {
    files.set('staff.csv', genericCsv(staff(workers), [
      'worker_id', 'role', 'contract_type', 'contracted_hours_per_week', 'offered_contracted_hours', 'start_date', 'leave_date', 'new_to_care',
    ]));
  }
  if (config.training) {
    files.set('training.csv', genericCsv(training(rng('training'), config.period, workers, config.training), [
      'worker_id', 'course', 'employment_start', 'started_on', 'completed_on', 'in_work_time', 'cost_to_worker',
    ]));
  }
  if (config.episodes) {
    const rows = episodes(rng('episodes'), config.period, { ...config.episodes, episodes: scaled(config.episodes.episodes, scale) });
    files.set('episodes.csv', genericCsv(rows, [
      'episode_id', 'client_id', 'age', 'referral_date', 'start_date', 'end_date', 'episode_days', 'from_hospital',
      'hospital_discharge_date', 'outcome', 'status_day_91', 'review_date', 'survey_date',
    ]));
  }
  if (config.referrals) {
    const rows = referrals(rng('referrals'), config.period, { ...config.referrals, referrals: scaled(config.referrals.referrals, scale) });
    files.set('referrals.csv', genericCsv(rows, [
      'referral_id', 'client_id', 'service', 'received_at', 'responded_at', 'hours_to_response', 'accepted', 'planned_start_date', 'actual_start_date',
    ]));
  }
  if (config.surveys) {
    const rows = surveys(rng('surveys'), config.period, { ...config.surveys, responses: scaled(config.surveys.responses, scale) });
    files.set('surveys.csv', genericCsv(rows, ['response_id', 'client_id', 'service', 'survey_date', 'outcomes_achieved']));
  }
  if (config.complaints) {
    const rows = complaints(rng('complaints'), config.period, { ...config.complaints, complaints: scaled(config.complaints.complaints, scale) });
    files.set('complaints.csv', genericCsv(rows, ['complaint_id', 'client_id', 'received_on', 'acknowledged_on', 'responded_on', 'upheld']));
  }
  return files;
}

/** Write every bundle's CSVs; returns the files written (absolute paths). */
export function generateAll(options: GenerateOptions = {}): string[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  const out = path.resolve(options.out ?? EXAMPLES_DIR);
  const written: string[] = [];
  for (const config of BUNDLES) {
    const id = `${config.spec}/${config.bundle}`;
    if (options.only && options.only !== config.spec && options.only !== id) continue;
    const dir = path.join(out, config.spec, config.bundle, 'data');
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of generateBundle(config, seed, scale)) {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      written.push(file);
    }
  }
  return written;
}

function parseArgs(argv: readonly string[]): GenerateOptions {
  const options: GenerateOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === '--seed') options.seed = Number.parseInt(need(), 10);
    else if (flag === '--scale') options.scale = Number(need());
    else if (flag === '--out') options.out = need();
    else if (flag === '--only') options.only = need();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: tsx scripts/generate-examples.ts [--seed N] [--scale N] [--out DIR] [--only SPEC[/BUNDLE]]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  if (options.scale !== undefined && !(options.scale > 0)) throw new Error('--scale must be a positive number');
  return options;
}

if (isMain(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const written = generateAll(options);
    process.stdout.write(`wrote ${written.length} files (seed ${options.seed ?? DEFAULT_SEED}, scale ${options.scale ?? 1})\n`);
  } catch (error) {
    process.stderr.write(`generate-examples: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
