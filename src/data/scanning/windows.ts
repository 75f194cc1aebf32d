/**
 * Windows within the assessment period. A row's window is computed from the
 * first 10 characters of its date column (YYYY-MM-DD) with char codes, once
 * per row, shared by every metric: month index 0 is the period's first
 * (calendar) month. Quarters are successive three-month blocks from the
 * period's first month, so a contract year starting in April has quarters
 * Apr–Jun, Jul–Sep, … (a calendar-aligned quarter would split them).
 */
import type { WindowKind } from '../../model/types.js';

export interface PeriodFrame {
  start: string;
  end: string;
  /** year * 12 + month - 1 of the period start. */
  firstMonth: number;
  months: number;
}

export function periodFrame(start: string, end: string): PeriodFrame {
  const firstMonth = monthNumber(start);
  return { start, end, firstMonth, months: monthNumber(end) - firstMonth + 1 };
}

/** year * 12 + (month - 1), from an ISO date or datetime string. */
export function monthNumber(date: string): number {
  const c = (i: number) => date.charCodeAt(i) - 48;
  return (c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3)) * 12 + c(5) * 10 + c(6) - 1;
}

/**
 * year * 10000 + month * 100 + day, from the first 10 characters of a canonical ISO date or
 * datetime (what the date and datetime converters produce). Integer comparison of these keys
 * orders dates as comparing the text would, without scanning a long common prefix per row.
 */
export function dayKey(date: string): number {
  const c = (i: number) => date.charCodeAt(i) - 48;
  return (c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3)) * 10000 + (c(5) * 10 + c(6)) * 100 + c(8) * 10 + c(9);
}

/** The month number (as monthNumber) of a dayKey. */
export function keyMonth(key: number): number {
  return Math.floor(key / 10000) * 12 + (Math.floor(key / 100) % 100) - 1;
}

export function windowCount(frame: PeriodFrame, kind: WindowKind): number {
  if (kind === 'month') return frame.months;
  if (kind === 'quarter') return Math.ceil(frame.months / 3);
  return 0;
}

const label = (monthNo: number) => `${Math.floor(monthNo / 12)}-${String((monthNo % 12) + 1).padStart(2, '0')}`;

/** "2025-04" for a month; "2025-04..2025-06" for a quarter (clipped to the period). */
export function windowLabel(frame: PeriodFrame, kind: WindowKind, index: number): string {
  if (kind === 'month') return label(frame.firstMonth + index);
  const first = frame.firstMonth + index * 3;
  const last = Math.min(first + 2, frame.firstMonth + frame.months - 1);
  return `${label(first)}..${label(last)}`;
}
