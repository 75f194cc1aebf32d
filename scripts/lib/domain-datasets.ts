/**
 * Datasets and columns added for the domain corrections of issue #12 (docs/domain-notes.md), kept
 * apart from datasets.ts so that its generators, and the bytes they give, are untouched. Each
 * function either adds columns to rows another generator made (with its own random stream, so the
 * existing columns do not change) or generates a small dataset of its own.
 */
import type { Random } from './prng.js';
import { addDays, dateTime, daysBetween, monthsOf, spreadDates, type EpisodeRow, type PayrollRow, type Period, type Visit } from './datasets.js';

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------
// Episodes: the ASCOF 2A cohort, sequels in SALT/CLD terms, and who delivers the long-term package
// ---------------------------------------------------------------------------

export interface EpisodeHistoryConfig {
  /** Episodes of people not receiving long-term support before (ASCOF 2A counts only these). */
  newClientShare: number;
  /** Of the ended episodes followed by long-term support, the share whose package this (the reablement) provider took on. */
  ownLongTermShare: number;
  /** People 65+ discharged from hospital whose day-91 status is known but who could not be contacted. */
  notContactedShare: number;
}

export interface EpisodeHistoryRow extends EpisodeRow {
  new_client: boolean;
  long_term_package_by_this_provider: boolean | null;
}

/**
 * Adds `new_client` and `long_term_package_by_this_provider`, and states each sequel in SALT/CLD
 * terms: the "lower-level support" that datasets.ts draws among good outcomes is ongoing low-level
 * support (equipment, telecare), and a new client's same- or higher-level support is long-term
 * support. Some day-91 statuses become `unknown` (not contacted), which ASCOF 2B counts as not at home.
 */
/** The outcomes datasets.ts draws that are long-term support (care homes included). */
const LONG_TERM_SOURCE = ['same_level_support', 'higher_level_support', 'care_home'];

export function withEpisodeHistory(rng: Random, rows: readonly EpisodeRow[], config: EpisodeHistoryConfig): EpisodeHistoryRow[] {
  const fresh = rng.quota(rows.length, config.newClientShare);
  // Of the ended episodes followed by long-term support, the share this provider took on.
  const longTermIdx = rows.flatMap((r, i) => (r.end_date !== null && r.outcome !== null && LONG_TERM_SOURCE.includes(r.outcome) ? [i] : []));
  const ownLongTerm = rng.quota(longTermIdx.length, config.ownLongTermShare);
  const ownIdx = new Set(longTermIdx.filter((_, k) => ownLongTerm.has(k)));
  const known = rows.flatMap((r, i) => (r.status_day_91 !== null && r.status_day_91 !== 'at_home' ? [i] : []));
  const notContacted = rng.quota(known.length, config.notContactedShare);
  const unknownIdx = new Set(known.filter((_, k) => notContacted.has(k)));
  return rows.map((r, i) => {
    const newClient = fresh.has(i);
    let outcome = r.outcome;
    if (outcome === 'lower_level_support') outcome = 'ongoing_low_level_support';
    else if (newClient && (outcome === 'same_level_support' || outcome === 'higher_level_support')) outcome = 'long_term_support';
    const longTerm = outcome !== null && ['long_term_support', 'same_level_support', 'higher_level_support', 'care_home'].includes(outcome);
    return {
      ...r,
      outcome,
      status_day_91: unknownIdx.has(i) ? 'unknown' : r.status_day_91,
      new_client: newClient,
      long_term_package_by_this_provider: r.end_date === null ? null : longTerm && ownIdx.has(i),
    };
  });
}

// ---------------------------------------------------------------------------
// Payroll: premiums, training time, deductions, sick pay
// ---------------------------------------------------------------------------

export interface PayrollTermsConfig {
  /** Share of contact hours paid a weekend/unsocial-hours enhancement (£1.50 an hour on top). */
  enhancedShare: number;
  /** Training hours a care worker has in a month (paid at the basic rate unless `trainingUnpaidShare`). */
  trainingHoursPerMonth: number;
  /** Care-worker rows whose training hours were not paid. */
  trainingUnpaidShare: number;
  /** Care-worker rows charged for a course (£150 deducted). */
  chargedShare: number;
  /** Occupational sick pay: full basic pay (7.5 hours a day) for every sick day. */
  occupationalSickPay: boolean;
  /** Rows with 4+ sick days whose statutory sick pay was not paid. */
  sspUnpaidShare: number;
}

export interface PayrollTermsRow extends PayrollRow {
  training_hours: number;
  premium_pay: number;
  worker_deductions: number;
}

const isCare = (r: PayrollRow) => r.role === 'care_worker' || r.role === 'senior_care_worker';

/** Adds `training_hours`, `premium_pay` and `worker_deductions`, and sets sick pay; gross pay includes premiums and paid training. */
export function withPayrollTerms(rng: Random, rows: readonly PayrollRow[], config: PayrollTermsConfig): PayrollTermsRow[] {
  const care = rows.flatMap((r, i) => (isCare(r) ? [i] : []));
  const pick = (indices: number[], share: number) => {
    const chosen = rng.quota(indices.length, share);
    return new Set(indices.filter((_, k) => chosen.has(k)));
  };
  const unpaidTraining = pick(care, config.trainingUnpaidShare);
  const charged = pick(care, config.chargedShare);
  const sspUnpaid = pick(rows.flatMap((r, i) => (isCare(r) && r.sick_days >= 4 ? [i] : [])), config.sspUnpaidShare);
  return rows.map((r, i) => {
    const training = isCare(r) ? config.trainingHoursPerMonth : 0;
    const premium = isCare(r) ? round2(r.contact_hours * config.enhancedShare * 1.5) : 0;
    const trainingPay = unpaidTraining.has(i) ? 0 : round2(training * r.basic_hourly_rate);
    return {
      ...r,
      training_hours: training,
      gross_pay: round2(r.gross_pay + premium + trainingPay),
      premium_pay: premium,
      worker_deductions: charged.has(i) ? 150 : 0,
      ssp_paid: sspUnpaid.has(i) ? 0 : r.ssp_paid,
      osp_paid: config.occupationalSickPay && isCare(r) && r.sick_days > 0 ? round2(r.sick_days * 7.5 * r.basic_hourly_rate) : 0,
    };
  });
}

export const PAYROLL_TERMS_COLUMNS: (keyof PayrollTermsRow & string)[] = [
  'worker_id', 'role', 'age', 'pay_period_start', 'pay_period_end', 'basic_hourly_rate', 'contact_hours', 'travel_hours',
  'paid_travel_hours', 'training_hours', 'gross_pay', 'premium_pay', 'worker_deductions', 'mileage_miles', 'mileage_paid',
  'sick_days', 'ssp_paid', 'osp_paid',
];

// ---------------------------------------------------------------------------
// Visits: travel time the rota leaves against the travel time the journey needs (ECC standard 4)
// ---------------------------------------------------------------------------

export interface RotaTravelConfig {
  /** Completed visits whose rota left less travel time than the journey needs. */
  rushedShare: number;
}

export interface RotaVisit extends Visit {
  travel_minutes_scheduled: number | null;
  travel_minutes_needed: number | null;
}

/** The journey needs the visit's rostered `travel_minutes`; the rota leaves 5 more minutes, or 5–15 fewer on a rushed visit. */
export function withRotaTravel(rng: Random, rows: readonly Visit[], config: RotaTravelConfig): RotaVisit[] {
  const rushed = rng.quota(rows.length, config.rushedShare);
  return rows.map((v, i) => {
    if (v.travel_minutes <= 0) return { ...v, travel_minutes_scheduled: null, travel_minutes_needed: null };
    const needed = v.travel_minutes;
    const scheduled = rushed.has(i) ? Math.max(0, needed - rng.int(5, 15)) : needed + 5;
    return { ...v, travel_minutes_scheduled: scheduled, travel_minutes_needed: needed };
  });
}

// ---------------------------------------------------------------------------
// Concerns log (ECC standard 8), peer-meeting register (ECC standard 10), flex log (BFC 2016)
// ---------------------------------------------------------------------------

export interface ConcernsConfig {
  concerns: number;
  /** Concerns followed up after more than 7 days, or never. */
  lateShare: number;
}

export interface ConcernRow {
  concern_id: string;
  client_id: string;
  worker_id: string;
  raised_on: string;
  followed_up_on: string | null;
  followed_up_by: string | null;
  outcome: string;
}

/** Concerns raised by the provider's care workers (`workerIds`) about its clients (`clientIds`). */
export function concerns(rng: Random, period: Period, config: ConcernsConfig, workerIds: readonly string[], clientIds: readonly string[]): ConcernRow[] {
  const late = rng.quota(config.concerns, config.lateShare);
  return spreadDates(period, config.concerns).map((raised, i) => {
    const followed = late.has(i) ? (rng.chance(0.5) ? null : addDays(raised, rng.int(9, 20))) : addDays(raised, rng.int(0, 3));
    const done = followed !== null && followed <= period.end ? followed : null;
    const overdue = done === null && daysBetween(raised, period.end) > 7;
    return {
      concern_id: `C${String(i + 1).padStart(4, '0')}`,
      client_id: rng.pick(clientIds),
      worker_id: rng.pick(workerIds),
      raised_on: raised,
      followed_up_on: done,
      followed_up_by: done === null && !overdue ? 'duty_manager' : done === null ? null : rng.pick(['registered_manager', 'duty_manager', 'care_coordinator']),
      outcome: done === null ? 'open' : rng.pick(['resolved', 'referred_health', 'care_plan_changed', 'referred_safeguarding', 'no_action_needed']),
    };
  });
}

export interface PeerMeetingsConfig {
  perMonth: number;
  /** Months (by index within the period) with no meeting. */
  skipMonths: number[];
}

export interface PeerMeetingRow {
  meeting_id: string;
  meeting_date: string;
  kind: string;
  attendees: number;
  paid_time: boolean;
}

export function peerMeetings(rng: Random, period: Period, config: PeerMeetingsConfig): PeerMeetingRow[] {
  const rows: PeerMeetingRow[] = [];
  monthsOf(period).forEach((month, m) => {
    if (config.skipMonths.includes(m)) return;
    for (let k = 0; k < config.perMonth; k++) {
      rows.push({
        meeting_id: `M${String(rows.length + 1).padStart(3, '0')}`,
        meeting_date: addDays(month.start, 6 + 10 * k + rng.int(0, 3)),
        kind: k === 0 ? 'team_meeting' : 'practice_sharing',
        attendees: rng.int(8, 22),
        paid_time: true,
      });
    }
  });
  return rows;
}

export interface FlexLogConfig {
  increases: number;
  /** Increases that ran past 72 hours without ending or a reassessment. */
  overShare: number;
}

export interface FlexRow {
  flex_id: string;
  client_id: string;
  started_at: string;
  ended_at: string | null;
  reassessed_at: string | null;
  hours_to_resolution: number;
  reason: string;
}

export function flexLog(rng: Random, period: Period, config: FlexLogConfig, clientIds: readonly string[]): FlexRow[] {
  const over = rng.quota(config.increases, config.overShare);
  return spreadDates(period, config.increases).map((day, i) => {
    const start = rng.int(8 * 60, 18 * 60);
    const hours = over.has(i) ? rng.int(80, 120) : rng.int(12, 70);
    const reassessed = rng.chance(0.4);
    const endAt = dateTime(day, start + hours * 60);
    return {
      flex_id: `F${String(i + 1).padStart(3, '0')}`,
      client_id: rng.pick(clientIds),
      started_at: dateTime(day, start),
      ended_at: reassessed ? null : endAt,
      reassessed_at: reassessed ? endAt : null,
      hours_to_resolution: hours,
      reason: rng.pick(['fall', 'carer_unwell', 'illness', 'hospital_discharge', 'other']),
    };
  });
}
