/**
 * Generate the synthetic CSV datasets of the example evidence bundles
 * (examples/<spec-id>/<bundle>/data/*.csv) with a seeded PRNG, so the same
 * seed and scale always give the same bytes.
 *
 *   npx tsx scripts/generate-examples.ts [--seed N] [--scale N] [--out DIR] [--only SPEC[/BUNDLE]]
 *
 * --scale multiplies the number of clients, workers, episodes, referrals,
 * survey responses and complaints (hours per client stay the same), so
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
  clientRoster, complaints, deliveredByWorkerMonth, episodeClients, episodes, genericCsv, gpsAppCsv, payroll, referrals, staff, surveys, telephonyCsv,
  training, visits, workforce,
  VISIT_COLUMNS,
  type ClientSpan, type ComplaintsConfig, type EpisodeRow, type EpisodesConfig, type Visit, type Period, type PayrollConfig, type ReferralsConfig, type SurveysConfig,
  type TrainingConfig, type VisitsConfig, type WorkforceConfig,
} from './lib/datasets.js';
import {
  concerns, flexLog, peerMeetings, withEpisodeHistory, withPayrollTerms, withRotaTravel, PAYROLL_TERMS_COLUMNS,
  type ConcernsConfig, type EpisodeHistoryConfig, type FlexLogConfig, type PayrollTermsConfig, type PeerMeetingsConfig, type RotaTravelConfig,
} from './lib/domain-datasets.js';

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
  // Issue #12 domain corrections (scripts/lib/domain-datasets.ts): columns added to the rows above, and new datasets.
  /** Required with `episodes`: ASCOF 2A cohort, sequels, long-term packages, people not contacted on day 91. */
  episodeHistory?: EpisodeHistoryConfig;
  /** Required with `payroll`: premiums, training time, deductions, sick pay. */
  payrollTerms?: PayrollTermsConfig;
  /** Rostered against needed travel minutes on the (generic) visit export. */
  rotaTravel?: RotaTravelConfig;
  concerns?: ConcernsConfig;
  peerMeetings?: PeerMeetingsConfig;
  flexLog?: FlexLogConfig;
}

// ---------------------------------------------------------------------------
// Shared defaults: a well-run service
// ---------------------------------------------------------------------------

// Volumes (synthetic, sized so that each CSV stays under about 2 MB): a homecare client receives 7–12
// hours a week (visits of 30–60 minutes, about two a day); a reablement client 8–14 hours a week for
// the length of the episode. Care workers are sized so that each delivers about 55–90 contact hours a
// month (13–21 a week, a part-time homecare load); payroll pays each worker the visit time the
// monitoring export shows them delivering. `--scale` multiplies clients, workers and episodes alike.
const goodWorkforce: WorkforceConfig = { careWorkers: 30, startersShare: 0.1, zeroHoursShare: 0.1, zeroHoursOfferedShare: 1 };

const goodVisits: VisitsConfig = {
  service: 'homecare',
  clients: 50,
  hoursPerWeek: [7, 12],
  teamSize: 3,
  offTeamShare: 0.02,
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

const goodHistory: EpisodeHistoryConfig = { newClientShare: 0.7, ownLongTermShare: 0, notContactedShare: 0 };

const goodPayTerms: PayrollTermsConfig = {
  enhancedShare: 0.2,
  trainingHoursPerMonth: 2,
  trainingUnpaidShare: 0,
  chargedShare: 0,
  occupationalSickPay: false,
  sspUnpaidShare: 0,
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

/** A reablement team: about 150 six-week-or-shorter episodes in six months keep 10 care workers busy. */
const reablementWorkforce: WorkforceConfig = { ...goodWorkforce, careWorkers: 10 };

/** BFC: 10 ongoing homecare packages and the reablement episodes, shared by 18 care workers. */
const bfcWorkforce: WorkforceConfig = { ...goodWorkforce, careWorkers: 18 };

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
    workforce: reablementWorkforce,
    visits: { ...goodVisits, clients: 0, service: 'reablement', methods: ['gps', 'gps', 'qr', 'otp'], profile: 'gps-app' },
    payroll: { careRate: (end) => Math.max(12.25, rlw(end) + 0.25), unpaidTravelShare: 0 },
    payrollTerms: goodPayTerms,
    episodes: goodEpisodes,
    episodeHistory: goodHistory,
  },
  {
    // Must rules met (digital care planning waived while it is rolled out); should rules missed:
    // basic pay £11.75 is above the NLW (£11.44) but below the RLW from 1 May 2024 (£12.00);
    // 72 % at home on day 91 (benchmark 82 %); manual check-ins without an exception code.
    spec: 'reablement-wnc',
    bundle: 'partial',
    period: WNC,
    workforce: reablementWorkforce,
    visits: { ...goodVisits, clients: 0, service: 'reablement', manualShare: 0.07, manualNoCodeShare: 0.3, profile: 'generic' },
    payroll: { careRate: () => 11.75, unpaidTravelShare: 0 },
    payrollTerms: goodPayTerms,
    episodes: { ...goodEpisodes, atHome91Share: 0.72, lateReviewShare: 0.04 },
    episodeHistory: goodHistory,
  },
  {
    // Not compliant: (facts) CQC Requires improvement, zone + reablement conflict; (data) episodes
    // beyond 42 days, travel unpaid for a fifth of care workers (below the NLW per hour worked),
    // ECM share below 85 % in every month.
    spec: 'reablement-wnc',
    bundle: 'failing',
    period: WNC,
    workforce: reablementWorkforce,
    visits: { ...goodVisits, clients: 0, service: 'reablement', manualShare: 0.22, manualNoCodeShare: 0.5, mileageMean: 4.4, profile: 'generic' },
    // Contact hours paid for 88 % of the visit time the monitoring export shows delivered (pay from the
    // commissioned rota, not from the visits): payroll does not reconcile with the visits.
    payroll: { careRate: () => 11.6, unpaidTravelShare: 0.2, contactPaidShare: 0.88 },
    // Training unpaid for a tenth of care-worker payslips and course fees charged to some workers.
    payrollTerms: { ...goodPayTerms, trainingUnpaidShare: 0.1, chargedShare: 0.05 },
    // Some long-term packages taken by the provider that did the reablement; people not contacted on day 91.
    episodeHistory: { ...goodHistory, ownLongTermShare: 0.3, notContactedShare: 0.3 },
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
    // Occupational sick pay paid for every sick day (standard 12).
    payrollTerms: { ...goodPayTerms, occupationalSickPay: true },
    rotaTravel: { rushedShare: 0 },
    concerns: { concerns: 30, lateShare: 0 },
    peerMeetings: { perMonth: 2, skipMonths: [] },
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
    // No occupational sick pay paid (standard 12, stage 3).
    payrollTerms: goodPayTerms,
    rotaTravel: { rushedShare: 0 },
    concerns: { concerns: 30, lateShare: 0 },
    peerMeetings: { perMonth: 2, skipMonths: [] },
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
    // SSP unpaid for half the qualifying absences; training unpaid or charged; rotas short of travel
    // time on a tenth of visits; concerns followed up late; no peer meeting in May.
    payrollTerms: { ...goodPayTerms, sspUnpaidShare: 0.5, trainingUnpaidShare: 0.15, chargedShare: 0.05 },
    rotaTravel: { rushedShare: 0.1 },
    concerns: { concerns: 30, lateShare: 0.3 },
    peerMeetings: { perMonth: 1, skipMonths: [1] },
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
    workforce: bfcWorkforce,
    visits: { ...goodVisits, clients: 10, methods: ['telephony'], profile: 'telephony-ecm' },
    training: goodTraining,
    episodes: goodEpisodes,
    episodeHistory: goodHistory,
    // Nine flex increases, each ended or reassessed within 72 hours.
    flexLog: { increases: 9, overShare: 0 },
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
    workforce: bfcWorkforce,
    visits: { ...goodVisits, clients: 10, lateShare: [0.04, 0.04, 0.16, 0.04, 0.04, 0.04], profile: 'generic' },
    training: goodTraining,
    episodes: { ...goodEpisodes, length: [16, 36] },
    episodeHistory: goodHistory,
    flexLog: { increases: 11, overShare: 0 },
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
    episodeHistory: goodHistory,
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
  // Episodes first: their clients are the reablement clients of the visit export.
  let episodeRows: EpisodeRow[] = [];
  if (config.episodes) {
    if (!config.episodeHistory) throw new Error(`${config.spec}/${config.bundle}: episodes need episodeHistory (ASCOF 2A cohort, sequels)`);
    const base = episodes(rng('episodes'), config.period, { ...config.episodes, episodes: scaled(config.episodes.episodes, scale) });
    const rows = withEpisodeHistory(rng('episodes-history'), base, config.episodeHistory);
    episodeRows = rows;
    files.set('episodes.csv', genericCsv(rows, [
      'episode_id', 'client_id', 'age', 'new_client', 'referral_date', 'start_date', 'end_date', 'episode_days', 'from_hospital',
      'hospital_discharge_date', 'outcome', 'status_day_91', 'long_term_package_by_this_provider', 'review_date', 'survey_date',
    ]));
  }
  let visitRows: Visit[] = [];
  let roster: ClientSpan[] = [];
  if (config.visits) {
    const { profile, ...visitConfig } = config.visits;
    const scaledConfig = { ...visitConfig, clients: Math.round(visitConfig.clients * scale) };
    const reabled = episodeClients(rng('visits-episode-clients'), config.period, episodeRows, visitConfig.episodeHoursPerWeek ?? [8, 14]);
    roster = clientRoster(rng('visits-clients'), config.period, scaledConfig, reabled);
    visitRows = visits(rng('visits'), config.period, workers, scaledConfig, roster);
    if (config.rotaTravel) {
      if (profile !== 'generic') throw new Error(`${config.spec}/${config.bundle}: rota travel columns are written only to the generic visit export`);
      const rota = withRotaTravel(rng('visits-rota'), visitRows, config.rotaTravel);
      files.set('visits.csv', genericCsv(rota, [...VISIT_COLUMNS, 'travel_minutes_scheduled', 'travel_minutes_needed']));
    } else {
      files.set('visits.csv', profile === 'gps-app' ? gpsAppCsv(visitRows) : profile === 'telephony-ecm' ? telephonyCsv(visitRows) : genericCsv(visitRows, VISIT_COLUMNS));
    }
  }
  // The provider's clients, for the surveys, complaints, concerns and flex log.
  const clientIds = roster.length > 0 ? roster.map((c) => c.id) : episodeRows.map((e) => e.client_id);
  const careWorkerIds = workers.filter((w) => w.role === 'care_worker' || w.role === 'senior_care_worker').map((w) => w.id);
  if (config.payroll) {
    if (!config.payrollTerms) throw new Error(`${config.spec}/${config.bundle}: payroll needs payrollTerms (premiums, training, deductions, sick pay)`);
    if (!config.visits) throw new Error(`${config.spec}/${config.bundle}: payroll pays the visits delivered, so it needs visits`);
    const rows = withPayrollTerms(rng('payroll-terms'), payroll(rng('payroll'), config.period, workers, config.payroll, deliveredByWorkerMonth(visitRows)), config.payrollTerms);
    files.set('payroll.csv', genericCsv(rows, PAYROLL_TERMS_COLUMNS));
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
  if (config.referrals) {
    const rows = referrals(rng('referrals'), config.period, { ...config.referrals, referrals: scaled(config.referrals.referrals, scale) });
    files.set('referrals.csv', genericCsv(rows, [
      'referral_id', 'client_id', 'service', 'received_at', 'responded_at', 'hours_to_response', 'accepted', 'planned_start_date', 'actual_start_date',
    ]));
  }
  if (config.surveys) {
    const rows = surveys(rng('surveys'), config.period, { ...config.surveys, responses: scaled(config.surveys.responses, scale) }, clientIds);
    files.set('surveys.csv', genericCsv(rows, ['response_id', 'client_id', 'service', 'survey_date', 'outcomes_achieved']));
  }
  if (config.complaints) {
    const rows = complaints(rng('complaints'), config.period, { ...config.complaints, complaints: scaled(config.complaints.complaints, scale) }, clientIds);
    files.set('complaints.csv', genericCsv(rows, ['complaint_id', 'client_id', 'received_on', 'acknowledged_on', 'responded_on', 'upheld']));
  }
  if (config.concerns) {
    files.set('concerns.csv', genericCsv(concerns(rng('concerns'), config.period, config.concerns, careWorkerIds, clientIds), [
      'concern_id', 'client_id', 'worker_id', 'raised_on', 'followed_up_on', 'followed_up_by', 'outcome',
    ]));
  }
  if (config.peerMeetings) {
    files.set('peer_meetings.csv', genericCsv(peerMeetings(rng('peer-meetings'), config.period, config.peerMeetings), [
      'meeting_id', 'meeting_date', 'kind', 'attendees', 'paid_time',
    ]));
  }
  if (config.flexLog) {
    files.set('flex_log.csv', genericCsv(flexLog(rng('flex-log'), config.period, config.flexLog, clientIds), [
      'flex_id', 'client_id', 'started_at', 'ended_at', 'reassessed_at', 'hours_to_resolution', 'reason',
    ]));
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
