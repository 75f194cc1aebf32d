/**
 * carespec's own JSON Logic operations. They read the run's region and
 * reference date from a runtime, and record every parameter a rule resolves
 * for its result. A plan compiles its rules once and is shared by many runs:
 * its operations find the runtime on the data they evaluate (under the RUN
 * symbol, which `var` cannot read), so two runs at once never share one.
 */
import type { CustomOperation } from '../logic/index.js';
import type { ResolvedParameter } from '../model/types.js';
import { addResolved, resolveParameter, type ParameterTable } from './parameters.js';
import { DECIMAL_OPERATIONS } from './decimal.js';

export class ParameterError extends Error {}
/** A date operation given something that is not a real calendar date: the rule errs, with this reason. */
export class DateError extends Error {}

export interface Runtime {
  region: string;
  /** Parameters resolve as of this date unless a rule passes its own. */
  asOf: string;
  /** Parameters resolved since the last reset, for the current rule's result. */
  used: ResolvedParameter[];
}

export function createRuntime(region: string, asOf: string): Runtime {
  return { region, asOf, used: [] };
}

/** Where a plan's compiled rules find their run: a symbol key, which no rule's `var` can reach. */
export const RUN: unique symbol = Symbol('carespec.run');

/** The evaluation data with a runtime attached (a shallow copy: the data itself is not changed). */
export function withRuntime<T extends object>(data: T, runtime: Runtime): T & { [RUN]: Runtime } {
  return { ...data, [RUN]: runtime };
}

function runtimeIn(data: unknown, operation: string): Runtime {
  const runtime = data !== null && typeof data === 'object' ? (data as { [RUN]?: Runtime })[RUN] : undefined;
  // Inside map/filter/reduce/all/none/some the data is a list element, which carries no run.
  if (!runtime) throw new ParameterError(`"${operation}" needs the check's region and reference date; it cannot be used inside map, filter, reduce, all, none or some`);
  return runtime;
}

/** A fixed runtime (one data pass, one rule's rows), or the run found on the data (a plan's shared rules). */
export type RuntimeSource = Runtime | 'from-data';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a real calendar date (YYYY-MM-DD, or the date part of a datetime); null otherwise. */
function toDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 2025-02-30 over into March: a date that does not round-trip does not exist.
  const back = new Date(time);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return time / DAY_MS;
}

/**
 * Milliseconds since 1970 of a real date and wall-clock time ("YYYY-MM-DDTHH:MM[:SS]", or a space for
 * the T), as datetime columns hold them; null for anything else, a plain date included.
 */
function toInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const date = toDay(m[1]);
  const [h, mi, se] = [Number(m[2]), Number(m[3]), m[4] === undefined ? 0 : Number(m[4])];
  if (date === null || h > 23 || mi > 59 || se > 59) return null;
  return date * DAY_MS + ((h * 60 + mi) * 60 + se) * 1000;
}

function instant(op: string, value: unknown): number {
  const n = toInstant(value);
  if (n === null) throw new DateError(`"${op}" needs real datetimes (YYYY-MM-DDTHH:MM[:SS]); ${value === null || value === undefined ? 'an absent value' : JSON.stringify(value)} is not one`);
  return n;
}

function day(op: string, value: unknown): number {
  const n = toDay(value);
  if (n === null) throw new DateError(`"${op}" needs real dates (YYYY-MM-DD); ${value === null || value === undefined ? 'an absent value' : JSON.stringify(value)} is not one`);
  return n;
}

export function createOperations(parameters: ParameterTable, source: RuntimeSource): Record<string, CustomOperation> {
  return {
    ...DECIMAL_OPERATIONS,
    param: ([name, date], data) => {
      const runtime = source === 'from-data' ? runtimeIn(data, 'param') : source;
      // A date argument must be a real date: "2025-02-30" is refused, never read as today or as March.
      const asOf = date === undefined ? runtime.asOf : (day('param', date), (date as string).slice(0, 10));
      const resolved = resolveParameter(parameters, String(name), runtime.region, asOf);
      if (!resolved.ok) throw new ParameterError(resolved.reason);
      addResolved(runtime.used, resolved.value);
      return resolved.value.value;
    },
    days_between: ([from, to]) => Math.round(day('days_between', to) - day('days_between', from)),
    // Wall-clock hours (UK local time as exported, no time zone): 08:00 to 09:30 is 1.5.
    hours_between: ([from, to]) => (instant('hours_between', to) - instant('hours_between', from)) / 3_600_000,
    date_add: ([date, days]) => {
      const start = day('date_add', date);
      if (typeof days !== 'number' || !Number.isInteger(days)) throw new DateError(`"date_add" needs a whole number of days; ${JSON.stringify(days ?? null)} is not one`);
      return new Date((start + days) * DAY_MS).toISOString().slice(0, 10);
    },
  };
}

export const CARESPEC_OPERATIONS: readonly string[] = ['param', 'days_between', 'hours_between', 'date_add'];
