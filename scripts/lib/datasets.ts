/**
 * Synthetic dataset generators for the example bundles: one function per
 * dataset kind declared in rules/ (visits, payroll, staff, training,
 * episodes, referrals, surveys, complaints), each driven by a small config of
 * shares and ranges and a seeded PRNG, and CSV writers for the mapping
 * profiles in profiles/ (generic, generic-payroll-monthly, gps-app,
 * telephony-ecm).
 *
 * Shares that decide a bundle's verdict (late, missed, manual, short visits,
 * outcomes …) are drawn as exact quotas per month (Random.quota), so a bundle
 * meant to pass a monthly KPI passes it every month at any --scale.
 * All the data is synthetic: no person, worker or provider is real.
 */
import { Random } from './prng.js';

// ---------------------------------------------------------------------------
// Dates (UTC day arithmetic on ISO strings)
// ---------------------------------------------------------------------------

const DAY_MS = 86_400_000;

export function toDay(iso: string): number {
  return Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS;
}

export function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDay(toDay(iso) + days);
}

export function daysBetween(from: string, to: string): number {
  return Math.round(toDay(to) - toDay(from));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-04-01" plus minutes after midnight → "2025-04-01T08:30:00". */
export function dateTime(date: string, minutes: number): string {
  const day = toDay(date) + Math.floor(minutes / 1440);
  const rest = ((minutes % 1440) + 1440) % 1440;
  return `${fromDay(day)}T${pad(Math.floor(rest / 60))}:${pad(rest % 60)}:00`;
}

export interface Period {
  start: string;
  end: string;
}

export interface Month {
  start: string;
  end: string;
  days: number;
}

/** Calendar months of the period (clipped to it). */
export function monthsOf(period: Period): Month[] {
  const months: Month[] = [];
  let start = period.start;
  while (start <= period.end) {
    const [y, m] = start.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
    const end = addDays(next, -1) < period.end ? addDays(next, -1) : period.end;
    months.push({ start, end, days: daysBetween(start, end) + 1 });
    start = next;
  }
  return months;
}

/** n dates spread evenly over the period, the first on its first day and the last on its last. */
export function spreadDates(period: Period, n: number): string[] {
  const span = daysBetween(period.start, period.end);
  if (n <= 1) return n === 1 ? [period.start] : [];
  return Array.from({ length: n }, (_, i) => addDays(period.start, Math.round((i * span) / (n - 1))));
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const quarterHours = (x: number) => Math.round(x * 4) / 4;

/** A share given for the whole period or month by month (the last value repeats). */
export type Share = number | number[];
const shareIn = (share: Share, month: number): number => (Array.isArray(share) ? (share[Math.min(month, share.length - 1)] ?? 0) : share);

// ---------------------------------------------------------------------------
// Workers (shared by visits, payroll, staff and training)
// ---------------------------------------------------------------------------

export type Role = 'care_worker' | 'senior_care_worker' | 'coordinator' | 'manager';

export interface Worker {
  id: string;
  role: Role;
  age: number;
  startDate: string;
  newToCare: boolean;
  contractType: 'permanent' | 'zero_hours' | 'bank';
  offeredContractedHours: boolean | null;
  contractedHours: number | null;
}

export interface WorkforceConfig {
  /** Care workers (the office staff are added on top). */
  careWorkers: number;
  /** Share of care workers who started within the period, new to care (Care Certificate starters). */
  startersShare: number;
  zeroHoursShare: number;
  /** Of the zero-hours workers, the share who were offered contracted hours and chose zero hours. */
  zeroHoursOfferedShare: number;
}

export function workforce(rng: Random, period: Period, config: WorkforceConfig): Worker[] {
  const n = config.careWorkers;
  const starters = rng.quota(n, config.startersShare);
  const zero = rng.quota(n, config.zeroHoursShare);
  const zeroIds = [...zero];
  const offered = new Set(zeroIds.filter((_, i) => i < Math.round(config.zeroHoursOfferedShare * zeroIds.length)));
  const span = daysBetween(period.start, period.end);
  const workers: Worker[] = [];
  for (let i = 0; i < n; i++) {
    const starter = starters.has(i);
    const isZero = zero.has(i);
    workers.push({
      id: `W${String(i + 1).padStart(4, '0')}`,
      role: i % 6 === 5 ? 'senior_care_worker' : 'care_worker',
      age: rng.int(19, 66),
      startDate: starter ? addDays(period.start, rng.int(0, Math.max(0, span - 14))) : addDays(period.start, -rng.int(120, 3000)),
      newToCare: starter,
      contractType: isZero ? 'zero_hours' : 'permanent',
      offeredContractedHours: isZero ? offered.has(i) : null,
      contractedHours: isZero ? null : rng.pick([16, 20, 24, 30, 37.5]),
    });
  }
  const office: [Role, number][] = [['coordinator', 2], ['manager', 1]];
  let k = n;
  for (const [role, count] of office) {
    for (let j = 0; j < count; j++) {
      k++;
      workers.push({
        id: `W${String(k).padStart(4, '0')}`,
        role,
        age: rng.int(28, 60),
        startDate: addDays(period.start, -rng.int(400, 4000)),
        newToCare: false,
        contractType: 'permanent',
        offeredContractedHours: null,
        contractedHours: 37.5,
      });
    }
  }
  return workers;
}

export const isCareRole = (w: Worker) => w.role === 'care_worker' || w.role === 'senior_care_worker';

// ---------------------------------------------------------------------------
// Visits (electronic call monitoring export)
// ---------------------------------------------------------------------------

export interface VisitsConfig {
  service: 'homecare' | 'reablement';
  /** Clients with an ongoing package throughout the period (reablement clients come from the episodes). */
  clients: number;
  /** Hours of care a week each client receives, drawn from this range (to the half hour). */
  hoursPerWeek: [number, number];
  /** Hours a week of a reablement episode's client (default 8–14: reablement is front-loaded and intensive). */
  episodeHoursPerWeek?: [number, number];
  /** Named core team per client; visits outside it are drawn from every care worker. */
  teamSize: number;
  offTeamShare: number;
  /** Visits planned for 15 minutes; `shortAgreedShare` of them carry an agreed-short-visit flag. */
  shortShare: Share;
  shortAgreedShare: number;
  missedShare: Share;
  cancelledShare: number;
  /** Completed visits starting more than 30 minutes from the planned time. */
  lateShare: Share;
  timeCriticalShare: number;
  /** Time-critical visits delivered late (0 for a provider meeting Essex's 100 %). */
  timeCriticalLateShare: number;
  manualShare: Share;
  /** Of the manual check-ins, the share with no exception code. */
  manualNoCodeShare: number;
  /** Of the GPS check-ins, the share forced outside the geofence. */
  gpsForcedShare: number;
  /** Delivered minutes as a share of planned, drawn from this range. */
  delivered: [number, number];
  mileageMean: number;
  /** Check-in methods used when a visit is verified electronically. */
  methods: ('telephony' | 'gps' | 'qr' | 'nfc' | 'otp')[];
}

export interface Visit {
  visit_id: string;
  client_id: string;
  carer_id: string;
  branch_id: string;
  service: string;
  planned_start: string;
  planned_end: string;
  planned_minutes: number;
  actual_in: string | null;
  actual_out: string | null;
  actual_minutes: number | null;
  start_delay_minutes: number | null;
  verification: string | null;
  exception_code: string | null;
  gps_distance_m: number | null;
  gps_forced: boolean | null;
  status: 'completed' | 'missed' | 'cancelled';
  time_critical: boolean;
  agreed_short_visit: boolean;
  double_up: boolean;
  travel_minutes: number;
  mileage: number;
}

export const SLOTS = [7 * 60 + 30, 9 * 60 + 15, 12 * 60 + 30, 16 * 60 + 45, 19 * 60 + 30];
const EXCEPTION_CODES = ['NO_LANDLINE', 'DEVICE_FAILURE', 'NO_SIGNAL', 'CLIENT_REFUSED_PHONE'];

/** A client receiving care from `start` to `end` (both inclusive): an ongoing package, or a reablement episode. */
export interface ClientSpan {
  id: string;
  service: 'homecare' | 'reablement';
  start: string;
  end: string;
  hoursPerWeek: number;
}

/** Mean planned minutes of a visit, by service (the lengths `visits` draws from). */
export const VISIT_LENGTHS = { homecare: [30, 30, 45, 45, 60], reablement: [30, 45, 45, 60] } as const;
export const meanLength = (service: 'homecare' | 'reablement') => VISIT_LENGTHS[service].reduce((a, b) => a + b, 0) / VISIT_LENGTHS[service].length;

/** The clients of the visit export: `config.clients` ongoing homecare packages (C0001…), then the episodes' clients. */
export function clientRoster(rng: Random, period: Period, config: VisitsConfig, episodeClients: readonly ClientSpan[] = []): ClientSpan[] {
  const [lo, hi] = config.hoursPerWeek;
  const ongoing = Array.from({ length: config.clients }, (_, i): ClientSpan => ({
    id: `C${String(i + 1).padStart(4, '0')}`,
    service: config.service,
    start: period.start,
    end: period.end,
    hoursPerWeek: Math.round(2 * (lo + (hi - lo) * rng.next())) / 2,
  }));
  return [...ongoing, ...episodeClients];
}

/** Each episode's client receives reablement visits from its start to its end (or the period end, if still open). */
export function episodeClients(rng: Random, period: Period, rows: readonly EpisodeRow[], hoursPerWeek: [number, number]): ClientSpan[] {
  const [lo, hi] = hoursPerWeek;
  return rows
    .filter((r) => r.start_date <= period.end && (r.end_date ?? period.end) >= period.start)
    .map((r) => ({
      id: r.client_id,
      service: 'reablement' as const,
      start: r.start_date < period.start ? period.start : r.start_date,
      end: r.end_date ?? period.end,
      hoursPerWeek: Math.round(2 * (lo + (hi - lo) * rng.next())) / 2,
    }));
}

export function visits(rng: Random, period: Period, workers: readonly Worker[], config: VisitsConfig, roster: readonly ClientSpan[]): Visit[] {
  const careWorkers = workers.filter(isCareRole);
  const carers = careWorkers.map((w) => w.id);
  const started = new Map(careWorkers.map((w) => [w.id, w.startDate] as const));
  const starters = careWorkers.some((w) => w.startDate > period.start);
  const teams = new Map(roster.map((c) => [c.id, rng.shuffle([...carers]).slice(0, config.teamSize)] as const));
  const branches = ['north', 'south', 'east'];
  const out: Visit[] = [];
  monthsOf(period).forEach((month, m) => {
    // Each client's visits on random days and slots of the days they receive care in the month:
    // enough visits of the service's mean length to give their weekly hours.
    const planned: { client: ClientSpan; date: string; slot: number }[] = [];
    for (const client of roster) {
      const from = client.start > month.start ? client.start : month.start;
      const to = client.end < month.end ? client.end : month.end;
      if (from > to) continue;
      const days = daysBetween(from, to) + 1;
      const count = Math.max(1, Math.round((client.hoursPerWeek * 60 * days) / 7 / meanLength(client.service)));
      for (let j = 0; j < count; j++) planned.push({ client, date: addDays(from, rng.int(0, days - 1)), slot: rng.pick(SLOTS) });
    }
    planned.sort((a, b) => (a.date + a.slot + a.client.id < b.date + b.slot + b.client.id ? -1 : 1));
    // The export covers the whole period: a visit on its first and last day.
    if (m === 0 && planned[0]) planned[0].date = period.start;
    const last = planned[planned.length - 1];
    if (last && month.end === period.end) last.date = period.end;
    const n = planned.length;
    const timeCritical = rng.quota(n, config.timeCriticalShare);
    const ordinary = [...Array(n).keys()].filter((i) => !timeCritical.has(i));
    const pickAmong = (pool: number[], share: number) => {
      const chosen = rng.quota(pool.length, (share * n) / Math.max(1, pool.length));
      return new Set(pool.filter((_, k) => chosen.has(k)));
    };
    const missed = pickAmong(ordinary, shareIn(config.missedShare, m));
    const cancelled = pickAmong(ordinary.filter((i) => !missed.has(i)), config.cancelledShare);
    const completedOrdinary = ordinary.filter((i) => !missed.has(i) && !cancelled.has(i));
    const late = pickAmong(completedOrdinary, shareIn(config.lateShare, m));
    const tcList = [...timeCritical];
    const tcLateIdx = rng.quota(tcList.length, config.timeCriticalLateShare);
    const tcLate = new Set(tcList.filter((_, k) => tcLateIdx.has(k)));
    const short = rng.quota(n, shareIn(config.shortShare, m));
    const manual = rng.quota(n, shareIn(config.manualShare, m));
    planned.forEach((p, i) => {
      const status = missed.has(i) ? 'missed' : cancelled.has(i) ? 'cancelled' : 'completed';
      const isShort = short.has(i) && !timeCritical.has(i);
      const plannedMinutes = isShort ? 15 : rng.pick(VISIT_LENGTHS[p.client.service]);
      const team = teams.get(p.client.id) ?? carers;
      // Only carers who have started can visit: the rest of the team covers for a new starter.
      const onTeam = team.filter((c) => (started.get(c) ?? '') <= p.date);
      const employed = onTeam.length === team.length && !starters ? carers : carers.filter((c) => (started.get(c) ?? '') <= p.date);
      const carer = rng.chance(config.offTeamShare) || onTeam.length === 0 ? rng.pick(employed) : rng.pick(onTeam);
      const plannedStart = dateTime(p.date, p.slot);
      const visit: Visit = {
        visit_id: `V${String(out.length + 1).padStart(6, '0')}`,
        client_id: p.client.id,
        carer_id: carer,
        branch_id: branches[Number(p.client.id.slice(1)) % branches.length] ?? 'north',
        service: p.client.service,
        planned_start: plannedStart,
        planned_end: dateTime(p.date, p.slot + plannedMinutes),
        planned_minutes: plannedMinutes,
        actual_in: null,
        actual_out: null,
        actual_minutes: null,
        start_delay_minutes: null,
        verification: null,
        exception_code: null,
        gps_distance_m: null,
        gps_forced: null,
        status,
        time_critical: timeCritical.has(i),
        agreed_short_visit: isShort && rng.chance(config.shortAgreedShare),
        double_up: rng.chance(0.05),
        // About a fifth of contact time, as the Homecare Association's minimum price costs travel (FACTS).
        travel_minutes: rng.int(4, 14),
        mileage: round1(config.mileageMean * (0.4 + 1.2 * rng.next())),
      };
      if (status === 'completed') {
        const isLate = timeCritical.has(i) ? tcLate.has(i) : late.has(i);
        const delay = isLate ? rng.int(35, 80) : timeCritical.has(i) ? rng.int(-10, 15) : rng.int(-12, 25);
        const [lo, hi] = config.delivered;
        const actual = Math.max(5, Math.round(plannedMinutes * (lo + (hi - lo) * rng.next())));
        visit.actual_in = dateTime(p.date, p.slot + delay);
        visit.actual_out = dateTime(p.date, p.slot + delay + actual);
        visit.actual_minutes = actual;
        visit.start_delay_minutes = delay;
        if (manual.has(i)) {
          visit.verification = 'manual';
          visit.exception_code = rng.chance(config.manualNoCodeShare) ? null : rng.pick(EXCEPTION_CODES);
        } else {
          const method = rng.pick(config.methods);
          visit.verification = method;
          if (method === 'gps') {
            const forced = rng.chance(config.gpsForcedShare);
            visit.gps_forced = forced;
            visit.gps_distance_m = forced ? rng.int(260, 900) : rng.int(4, 180);
          } else if (config.methods.includes('gps')) visit.gps_forced = false;
        }
      }
      out.push(visit);
    });
  });
  return out;
}

// ---------------------------------------------------------------------------
// Payroll and staff
// ---------------------------------------------------------------------------

export interface PayrollConfig {
  /** Basic hourly rate of care workers, by pay-period end (senior care workers get 0.60 more). */
  careRate: (payPeriodEnd: string) => number;
  /** Care-worker rows whose travel time was not paid. */
  unpaidTravelShare: number;
  /**
   * Contact hours paid as a share of the visit time the monitoring export shows delivered (1: paid as
   * delivered). Below 1 for a provider paying, say, commissioned rather than delivered time.
   */
  contactPaidShare?: number;
}

/** Delivered minutes, travel minutes and miles of a care worker's completed visits in a month, by "worker|month start". */
export function deliveredByWorkerMonth(rows: readonly Visit[]): Map<string, { minutes: number; travel: number; miles: number }> {
  const out = new Map<string, { minutes: number; travel: number; miles: number }>();
  for (const v of rows) {
    if (v.status !== 'completed' || v.actual_minutes === null) continue;
    const key = `${v.carer_id}|${v.planned_start.slice(0, 7)}-01`;
    const acc = out.get(key) ?? { minutes: 0, travel: 0, miles: 0 };
    acc.minutes += v.actual_minutes;
    acc.travel += v.travel_minutes;
    acc.miles += v.mileage;
    out.set(key, acc);
  }
  return out;
}

export interface PayrollRow {
  worker_id: string;
  role: Role;
  age: number;
  pay_period_start: string;
  pay_period_end: string;
  basic_hourly_rate: number;
  contact_hours: number;
  travel_hours: number;
  paid_travel_hours: number;
  gross_pay: number;
  mileage_miles: number;
  mileage_paid: number;
  sick_days: number;
  ssp_paid: number;
  osp_paid: number;
}

/**
 * One payslip per worker employed in each month. A care worker's contact, travel hours and mileage
 * are those of the visits the monitoring export shows them delivering that month (`delivered`), so
 * payroll and visits agree worker by worker, month by month.
 */
export function payroll(
  rng: Random,
  period: Period,
  workers: readonly Worker[],
  config: PayrollConfig,
  delivered: ReadonlyMap<string, { minutes: number; travel: number; miles: number }>,
): PayrollRow[] {
  const rows: PayrollRow[] = [];
  for (const month of monthsOf(period)) {
    const employed = workers.filter((w) => w.startDate <= month.end);
    const careRows = employed.filter(isCareRole);
    const unpaid = rng.quota(careRows.length, config.unpaidTravelShare);
    const unpaidIds = new Set(careRows.filter((_, k) => unpaid.has(k)).map((w) => w.id));
    const sickPicks = rng.quota(careRows.length, Math.max(0.03, 1 / Math.max(1, careRows.length)));
    const longSick = new Set(careRows.filter((_, k) => sickPicks.has(k)).map((w) => w.id));
    for (const w of employed) {
      const care = isCareRole(w);
      const base = config.careRate(month.end);
      const rate = round2(w.role === 'senior_care_worker' ? base + 0.6 : w.role === 'coordinator' ? base + 2.4 : w.role === 'manager' ? base + 6.5 : base);
      const done = delivered.get(`${w.id}|${month.start.slice(0, 7)}-01`) ?? { minutes: 0, travel: 0, miles: 0 };
      const contact = care ? quarterHours(((config.contactPaidShare ?? 1) * done.minutes) / 60) : 0;
      const office = care ? 0 : quarterHours(150 + 12 * rng.next());
      const travel = care ? quarterHours(done.travel / 60) : 0;
      const paidTravel = unpaidIds.has(w.id) ? 0 : travel;
      const hours = care ? contact + paidTravel : office;
      const miles = care ? round1(done.miles) : 0;
      // Sickness: about 5 % of payslips show 1–3 days, and 3 % (at least one a month) 4–8 days, which qualify for SSP.
      const sick = longSick.has(w.id) ? rng.int(4, 8) : rng.chance(0.05) ? rng.int(1, 3) : 0;
      rows.push({
        worker_id: w.id,
        role: w.role,
        age: w.age,
        pay_period_start: month.start < w.startDate ? w.startDate : month.start,
        pay_period_end: month.end,
        basic_hourly_rate: rate,
        contact_hours: care ? contact : office,
        travel_hours: travel,
        paid_travel_hours: paidTravel,
        gross_pay: round2(rate * hours),
        mileage_miles: miles,
        mileage_paid: round2(miles * 0.45),
        sick_days: sick,
        ssp_paid: sick > 0 && sick >= 4 ? round2(116.75 / 7) : 0,
        osp_paid: 0,
      });
    }
  }
  return rows;
}

export interface StaffRow {
  worker_id: string;
  role: Role;
  contract_type: string;
  contracted_hours_per_week: number | null;
  offered_contracted_hours: boolean | null;
  start_date: string;
  leave_date: string | null;
  new_to_care: boolean;
}

export function staff(workers: readonly Worker[]): StaffRow[] {
  return workers.map((w) => ({
    worker_id: w.id,
    role: w.role,
    contract_type: w.contractType,
    contracted_hours_per_week: w.contractedHours,
    offered_contracted_hours: w.offeredContractedHours,
    start_date: w.startDate,
    leave_date: null,
    new_to_care: w.newToCare,
  }));
}

// ---------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------

export interface TrainingConfig {
  /** Refresher and specialist courses spread over the period (per care worker). */
  coursesPerWorker: number;
  notInWorkTimeShare: number;
  chargedShare: number;
  /** Of the Care Certificates, the share completed (or still open) after 12 weeks. */
  lateCertificateShare: number;
}

export interface TrainingRow {
  worker_id: string;
  course: string;
  employment_start: string;
  started_on: string;
  completed_on: string | null;
  in_work_time: boolean;
  cost_to_worker: number;
}

export function training(rng: Random, period: Period, workers: readonly Worker[], config: TrainingConfig): TrainingRow[] {
  const care = workers.filter(isCareRole);
  const rows: TrainingRow[] = [];
  // Care Certificates for the starters, begun in their first week.
  const starters = care.filter((w) => w.newToCare);
  const late = rng.quota(starters.length, config.lateCertificateShare);
  starters.forEach((w, k) => {
    const started = addDays(w.startDate, rng.int(0, 4));
    const dueBy = addDays(w.startDate, 84);
    let completed: string | null;
    if (late.has(k)) {
      const finish = addDays(w.startDate, rng.int(95, 110));
      completed = finish <= period.end ? finish : null;
    } else {
      const finish = addDays(w.startDate, rng.int(45, 80));
      completed = finish <= period.end && finish <= dueBy ? finish : null;
    }
    rows.push({ worker_id: w.id, course: 'care_certificate', employment_start: w.startDate, started_on: started > period.end ? period.end : started, completed_on: completed, in_work_time: true, cost_to_worker: 0 });
  });
  // Other courses on dates spread over the whole period.
  const others = Math.round(care.length * config.coursesPerWorker);
  const dates = spreadDates(period, others);
  const unpaid = rng.quota(others, config.notInWorkTimeShare);
  const charged = rng.quota(others, config.chargedShare);
  dates.forEach((date, i) => {
    const w = rng.pick(care.filter((c) => c.startDate <= date).length > 0 ? care.filter((c) => c.startDate <= date) : care);
    const course = rng.pick(['mandatory_refresher', 'mandatory_refresher', 'specialist', 'qualification']);
    const length = course === 'qualification' ? 0 : rng.int(0, 2);
    const completed = addDays(date, length);
    rows.push({
      worker_id: w.id,
      course,
      employment_start: w.startDate,
      started_on: date,
      completed_on: course === 'qualification' || completed > period.end ? null : completed,
      in_work_time: !unpaid.has(i),
      cost_to_worker: charged.has(i) ? rng.pick([75, 120, 150]) : 0,
    });
  });
  rows.sort((a, b) => (a.started_on + a.worker_id < b.started_on + b.worker_id ? -1 : 1));
  return rows;
}

// ---------------------------------------------------------------------------
// Reablement episodes
// ---------------------------------------------------------------------------

export interface EpisodesConfig {
  episodes: number;
  /** Planned length of an episode, in days. */
  length: [number, number];
  /** Episodes that run beyond 42 days. */
  overLengthShare: number;
  fromHospitalShare: number;
  /** Ended episodes followed by no further or lower-level support (ASCOF 2D style). */
  noFurtherSupportShare: number;
  /** People 65+ from hospital who are at home on day 91 (ASCOF 2B style). */
  atHome91Share: number;
  /** Episodes that started more than 2 days after referral. */
  lateStartShare: number;
  /** Of the episodes longer than 14 days, the share with no review (or a late one), and no survey. */
  lateReviewShare: number;
  missingSurveyShare: number;
}

export interface EpisodeRow {
  episode_id: string;
  client_id: string;
  age: number;
  referral_date: string;
  start_date: string;
  end_date: string | null;
  episode_days: number;
  from_hospital: boolean;
  hospital_discharge_date: string | null;
  outcome: string | null;
  status_day_91: string | null;
  review_date: string | null;
  survey_date: string | null;
}

export function episodes(rng: Random, period: Period, config: EpisodesConfig): EpisodeRow[] {
  const n = config.episodes;
  const starts = spreadDates(period, n);
  const over = rng.quota(n, config.overLengthShare);
  const lateStart = rng.quota(n, config.lateStartShare);
  const fromHospital = rng.quota(n, config.fromHospitalShare);
  const lateReview = rng.quota(n, config.lateReviewShare);
  const noSurvey = rng.quota(n, config.missingSurveyShare);
  const rows: EpisodeRow[] = starts.map((start, i) => {
    // Over-long episodes start early enough to have run past day 42 by the extract date.
    const startDate = over.has(i) && daysBetween(start, period.end) < 50 ? addDays(period.start, rng.int(0, 20)) : start;
    const length = over.has(i) ? rng.int(46, 60) : rng.int(config.length[0], config.length[1]);
    const planned = addDays(startDate, length);
    const ended = planned <= period.end;
    const referral = addDays(startDate, -(lateStart.has(i) ? rng.int(4, 9) : rng.int(0, 2)));
    const hospital = fromHospital.has(i);
    const days = ended ? length : daysBetween(startDate, period.end);
    const review = lateReview.has(i) ? (rng.chance(0.5) ? null : addDays(startDate, rng.int(17, 24))) : addDays(startDate, rng.int(6, 13));
    const survey = noSurvey.has(i) ? null : addDays(startDate, rng.int(8, 14));
    return {
      episode_id: `E${String(i + 1).padStart(5, '0')}`,
      client_id: `R${String(i + 1).padStart(5, '0')}`,
      age: rng.chance(0.85) ? rng.int(65, 96) : rng.int(45, 64),
      referral_date: referral,
      start_date: startDate,
      end_date: ended ? planned : null,
      episode_days: days,
      from_hospital: hospital,
      hospital_discharge_date: hospital ? referral : null,
      outcome: null,
      status_day_91: null,
      review_date: review !== null && review <= period.end ? review : null,
      survey_date: survey !== null && survey <= period.end ? survey : null,
    };
  });
  // Outcomes of the ended episodes, as exact shares.
  const endedIdx = rows.flatMap((r, i) => (r.end_date !== null ? [i] : []));
  const good = rng.quota(endedIdx.length, config.noFurtherSupportShare);
  endedIdx.forEach((i, k) => {
    const row = rows[i]!;
    row.outcome = good.has(k)
      ? rng.pick(['no_further_support', 'no_further_support', 'no_further_support', 'lower_level_support'])
      : rng.pick(['same_level_support', 'same_level_support', 'higher_level_support', 'hospital', 'care_home', 'died']);
  });
  // Day-91 status, known once 91 days have passed since the discharge.
  const known = rows.flatMap((r, i) => (r.from_hospital && r.age >= 65 && r.hospital_discharge_date !== null && addDays(r.hospital_discharge_date, 91) <= period.end ? [i] : []));
  const home = rng.quota(known.length, config.atHome91Share);
  known.forEach((i, k) => {
    rows[i]!.status_day_91 = home.has(k) ? 'at_home' : rng.pick(['hospital', 'care_home', 'died']);
  });
  return rows;
}

// ---------------------------------------------------------------------------
// Referrals, surveys, complaints
// ---------------------------------------------------------------------------

export interface ReferralsConfig {
  referrals: number;
  service: 'homecare' | 'reablement';
  declinedShare: number;
  /** Of the accepted referrals, those answered within 4 hours. */
  within4hShare: number;
  /** Of the accepted referrals, those in place on the planned start date. */
  onPlannedDateShare: number;
}

export interface ReferralRow {
  referral_id: string;
  client_id: string;
  service: string;
  received_at: string;
  responded_at: string;
  hours_to_response: number;
  accepted: boolean;
  planned_start_date: string | null;
  actual_start_date: string | null;
}

export function referrals(rng: Random, period: Period, config: ReferralsConfig): ReferralRow[] {
  const n = config.referrals;
  const dates = spreadDates(period, n);
  const declined = rng.quota(n, config.declinedShare);
  const fast = rng.quota(n, config.within4hShare);
  const onTime = rng.quota(n, config.onPlannedDateShare);
  return dates.map((date, i) => {
    const receivedMin = rng.int(8 * 60, 16 * 60);
    const hours = fast.has(i) ? round1(0.3 + 3.5 * rng.next()) : round1(4.5 + 30 * rng.next());
    const accepted = !declined.has(i);
    const planned = addDays(date, rng.int(1, 4));
    return {
      referral_id: `RF${String(i + 1).padStart(5, '0')}`,
      client_id: `C${String(5000 + i).padStart(4, '0')}`,
      service: config.service,
      received_at: dateTime(date, receivedMin),
      responded_at: dateTime(date, receivedMin + Math.round(hours * 60)),
      hours_to_response: hours,
      accepted,
      planned_start_date: accepted ? planned : null,
      actual_start_date: accepted ? (onTime.has(i) ? planned : addDays(planned, rng.int(1, 5))) : null,
    };
  });
}

export interface SurveysConfig {
  responses: number;
  service: 'homecare' | 'reablement';
  yesShare: number;
  partlyShare: number;
  notAnsweredShare: number;
}

export interface SurveyRow {
  response_id: string;
  client_id: string;
  service: string;
  survey_date: string;
  outcomes_achieved: string;
}

export function surveys(rng: Random, period: Period, config: SurveysConfig, clientIds: readonly string[] = []): SurveyRow[] {
  const n = config.responses;
  const dates = spreadDates(period, n);
  const order = rng.shuffle([...Array(n).keys()]);
  const answered = n - Math.round(config.notAnsweredShare * n);
  const yes = Math.round(config.yesShare * answered);
  const partly = Math.round(config.partlyShare * answered);
  const answer = new Map<number, string>();
  order.forEach((idx, k) => answer.set(idx, k < yes ? 'yes' : k < yes + partly ? 'partly' : k < answered ? 'no' : 'not_answered'));
  return dates.map((date, i) => ({
    response_id: `S${String(i + 1).padStart(5, '0')}`,
    client_id: clientIds.length > 0 ? rng.pick(clientIds) : `C${String(rng.int(1, 400)).padStart(4, '0')}`,
    service: config.service,
    survey_date: date,
    outcomes_achieved: answer.get(i) ?? 'not_answered',
  }));
}

export interface ComplaintsConfig {
  complaints: number;
  /** Complaints answered after 28 days (or still open beyond them). */
  lateShare: number;
}

export interface ComplaintRow {
  complaint_id: string;
  client_id: string;
  received_on: string;
  acknowledged_on: string;
  responded_on: string | null;
  upheld: string;
}

export function complaints(rng: Random, period: Period, config: ComplaintsConfig, clientIds: readonly string[] = []): ComplaintRow[] {
  const n = config.complaints;
  const dates = spreadDates(period, n);
  const late = rng.quota(n, config.lateShare);
  return dates.map((date, i) => {
    const reply = addDays(date, late.has(i) ? rng.int(35, 60) : rng.int(5, 26));
    const open = reply > period.end;
    return {
      complaint_id: `CP${String(i + 1).padStart(4, '0')}`,
      client_id: clientIds.length > 0 ? rng.pick(clientIds) : `C${String(rng.int(1, 400)).padStart(4, '0')}`,
      received_on: date,
      acknowledged_on: addDays(date, rng.int(1, 3)) > period.end ? date : addDays(date, rng.int(1, 3)),
      responded_on: open ? null : reply,
      upheld: open ? 'open' : rng.pick(['upheld', 'partly_upheld', 'not_upheld', 'not_upheld']),
    };
  });
}

// ---------------------------------------------------------------------------
// CSV writing, in the layout of a mapping profile
// ---------------------------------------------------------------------------

export type Cell = string | number | boolean | null;

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? formatNumber(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers without float noise: at most 2 decimals, no trailing zeros. */
function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** One CSV line (no line break) of cells, as toCsv writes them. */
export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',');
}

export function toCsv(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [headers.map((h) => csvField(h)).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** carespec's own column names (profiles `generic` and `generic-payroll-monthly`). */
export function genericCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  return toCsv(columns, rows.map((r) => columns.map((c) => r[c] as Cell)));
}

export const VISIT_COLUMNS: (keyof Visit & string)[] = [
  'visit_id', 'client_id', 'carer_id', 'branch_id', 'service', 'planned_start', 'planned_end', 'planned_minutes',
  'actual_in', 'actual_out', 'actual_minutes', 'start_delay_minutes', 'verification', 'exception_code',
  'gps_distance_m', 'gps_forced', 'status', 'time_critical', 'agreed_short_visit', 'double_up', 'travel_minutes', 'mileage',
];

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `profiles/gps-app.yaml` headers (Birdie-style app export): ISO timestamps, true/false, the start delay derived. */
export function gpsAppCsv(rows: readonly Visit[]): string {
  const method: Record<string, string> = { gps: 'GPS', qr: 'QR code', nfc: 'NFC tag', otp: 'One-time password', manual: 'Manual', telephony: 'Manual' };
  const headers = [
    'Visit ID', 'Care Recipient ID', 'Caregiver ID', 'Agency Region', 'Care Type', 'Scheduled Start', 'Scheduled End',
    'Scheduled Duration (min)', 'Check-in Time', 'Check-out Time', 'Visit Duration (min)', 'Check-in Method', 'Exception Reason',
    'Check-in Distance (m)', 'Outside Geofence', 'Visit Status', 'Time Critical', 'Agreed Short Visit', 'Double Up',
    'Travel Time (min)', 'Mileage (miles)',
  ];
  return toCsv(headers, rows.map((v) => [
    v.visit_id, v.client_id, v.carer_id, title(v.branch_id), v.service === 'reablement' ? 'Reablement' : 'Home care',
    v.planned_start, v.planned_end, v.planned_minutes, v.actual_in, v.actual_out, v.actual_minutes,
    v.verification === null ? null : (method[v.verification] ?? 'Manual'), v.exception_code, v.gps_distance_m,
    v.verification === null ? null : (v.gps_forced ?? false), title(v.status), v.time_critical, v.agreed_short_visit, v.double_up,
    v.travel_minutes, v.mileage,
  ]));
}

/** "2025-04-01T08:30:00" → "01/04/2025 08:30" (UK format of `profiles/telephony-ecm.yaml`). */
function ukDateTime(iso: string | null): string | null {
  if (iso === null) return null;
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** `profiles/telephony-ecm.yaml` headers (CM2000-style telephony export): UK dates, Y/N flags, no GPS. */
export function telephonyCsv(rows: readonly Visit[]): string {
  const status: Record<string, string> = { completed: 'Visited', missed: 'Not Visited', cancelled: 'Cancelled' };
  const yn = (b: boolean) => (b ? 'Y' : 'N');
  const headers = [
    'Call Ref', 'Service User ID', 'Carer ID', 'Branch', 'Service Type', 'Planned Start', 'Planned End', 'Planned Duration',
    'Call In', 'Call Out', 'Actual Duration', 'Call Method', 'Reason Code', 'Call Status', 'Time Critical', 'Agreed Short Call',
    'Double Up', 'Travel Time', 'Mileage',
  ];
  return toCsv(headers, rows.map((v) => [
    v.visit_id, v.client_id, v.carer_id, title(v.branch_id), v.service === 'reablement' ? 'Reablement' : 'Domiciliary',
    ukDateTime(v.planned_start), ukDateTime(v.planned_end), v.planned_minutes, ukDateTime(v.actual_in), ukDateTime(v.actual_out),
    v.actual_minutes, v.verification === null ? null : v.verification === 'manual' ? 'Manual' : 'Telephony', v.exception_code,
    status[v.status] ?? v.status, yn(v.time_critical), yn(v.agreed_short_visit), yn(v.double_up), v.travel_minutes, v.mileage,
  ]));
}
