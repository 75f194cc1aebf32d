/**
 * `gain_share`: a package reduced within its window (e.g. the first 6 weeks) is paid at its
 * original weekly level to the window's end (seed 004, Local Authority E). The payment is the
 * hours protected, (original − current level) for each day of the window after a reduction,
 * times the rate; increases are paid as delivered (nothing extra here). Rows come from a
 * care-packages dataset, one per event: `start` (the original weekly hours), `change` (new
 * weekly hours) or `end` (0 hours from that date). Days outside the assessment period are not
 * paid in it.
 */
import type { PaymentDefinition } from '../model/types.js';
import type { PackageRow } from './packages.js';
import { Big, ZERO } from './money.js';
import { hoursText, PaymentProblem, pounds, type PaymentContext, type Step } from './context.js';

const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
const isoDay = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

interface Event {
  date: number;
  hours: Big;
  kind: string;
  at: string;
}

export function gainShare(payment: PaymentDefinition, ctx: PaymentContext): Step[] {
  const read = ctx.inputs.packages(payment.dataset!);
  if (!read.ok) throw new PaymentProblem('not_evidenced', read.reason);
  const asOf = ctx.inputs.asOf;
  const windowDays = ctx.value(payment.window_days!, 'window days', asOf);
  if (!windowDays.round(0).eq(windowDays) || windowDays.lte(0)) throw new PaymentProblem('error', `window_days ${windowDays.toString()} is not a whole number of days above 0`);
  const rate = ctx.value(payment.rate!, 'gain share rate', asOf);
  const packages = groupEvents(read.rows);
  const periodStart = dayNumber(ctx.inputs.evidence.period.start);
  const periodEnd = dayNumber(ctx.inputs.evidence.period.end) + 1;
  const steps: Step[] = [];
  let unchanged = 0;
  for (const [id, events] of packages) {
    const start = events.find((e) => e.kind === 'start');
    if (!start) throw new PaymentProblem('error', `package ${id} has no start row (${events[0]!.at})`);
    const windowEnd = start.date + Number(windowDays.toString());
    const changes = events.filter((e) => e !== start && e.date >= start.date && e.date < windowEnd);
    if (!changes.some((c) => c.hours.lt(start.hours))) {
      unchanged++;
      continue;
    }
    // Segments of constant level from the start to the window's end.
    const points = [start, ...changes];
    let protectedHours = ZERO;
    let commissioned = ZERO;
    points.forEach((point, i) => {
      const to = points[i + 1]?.date ?? windowEnd;
      const from = Math.max(point.date, periodStart);
      const until = Math.min(to, periodEnd);
      if (until <= from) return;
      const weeks = new Big(until - from).div(7);
      commissioned = commissioned.plus(point.hours.times(weeks));
      if (point.hours.lt(start.hours)) protectedHours = protectedHours.plus(start.hours.minus(point.hours).times(weeks));
    });
    const history = points.map((p, i) => (i === 0 ? `${hoursText(p.hours)} h/week from ${isoDay(p.date)}` : `${p.kind === 'end' ? 'ended' : `${hoursText(p.hours)} h/week`} from ${isoDay(p.date)} (day ${p.date - start.date})`)).join('; ');
    const clipped = start.date < periodStart || windowEnd > periodEnd ? ' (days in the assessment period only)' : '';
    const paid = commissioned.plus(protectedHours);
    steps.push({
      window: 'period',
      step: `package ${id}: ${history}; window to ${isoDay(windowEnd - 1)}: paid ${hoursText(paid)} h against ${hoursText(commissioned)} h commissioned${clipped}: ${hoursText(protectedHours)} h × ${pounds(rate)}`,
      quantity: protectedHours,
      unit: 'hours',
      rate,
      amount: ctx.round(protectedHours.times(rate)),
    });
  }
  steps.push({ window: 'period', step: `${packages.size} packages; ${unchanged} not reduced within ${windowDays.toString()} days of their start: nothing extra` });
  return steps;
}

function groupEvents(rows: readonly PackageRow[]): Map<string, Event[]> {
  const packages = new Map<string, Event[]>();
  for (const { row, file, line } of rows) {
    const at = `${file}:${line}`;
    const id = row.package_id;
    const date = row.event_date;
    const kind = row.event;
    if (typeof id !== 'string' || typeof date !== 'string' || typeof kind !== 'string') throw new PaymentProblem('error', `${at}: a package row needs package_id, event_date and event`);
    const hours = kind === 'end' ? ZERO : (() => {
      const h = row.weekly_hours;
      if (typeof h !== 'number') throw new PaymentProblem('error', `${at}: package ${id} ${kind} has no weekly_hours`);
      if (h < 0) throw new PaymentProblem('error', `${at}: package ${id} has negative weekly hours (${h})`);
      return new Big(String(h));
    })();
    const list = packages.get(id) ?? [];
    list.push({ date: dayNumber(date.slice(0, 10)), hours, kind, at });
    packages.set(id, list);
  }
  for (const list of packages.values()) list.sort((a, b) => a.date - b.date);
  return packages;
}

