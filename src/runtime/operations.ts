/**
 * carespec's own JSON Logic operations. They read the run's region and
 * reference date from a mutable runtime, so rules compile once per run and
 * every parameter a rule resolves is recorded for its result.
 */
import type { CustomOperation } from '../logic/index.js';
import type { ResolvedParameter } from '../model/types.js';
import { addResolved, resolveParameter, type ParameterTable } from './parameters.js';

export class ParameterError extends Error {}

export interface Runtime {
  region: string;
  /** Parameters resolve as of this date unless a rule passes its own. */
  asOf: string;
  /** Parameters resolved since the last reset, for the current rule's result. */
  used: ResolvedParameter[];
}

export function createRuntime(region = 'default', asOf = '9999-12-31'): Runtime {
  return { region, asOf, used: [] };
}

const DAY_MS = 86_400_000;

function toDay(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const time = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(time) ? null : time / DAY_MS;
}

export function createOperations(parameters: ParameterTable, runtime: Runtime): Record<string, CustomOperation> {
  return {
    param: ([name, date]) => {
      const asOf = typeof date === 'string' && toDay(date) !== null ? date.slice(0, 10) : runtime.asOf;
      const resolved = resolveParameter(parameters, String(name), runtime.region, asOf);
      if (!resolved.ok) throw new ParameterError(resolved.reason);
      addResolved(runtime.used, resolved.value);
      return resolved.value.value;
    },
    days_between: ([from, to]) => {
      const a = toDay(from);
      const b = toDay(to);
      return a === null || b === null ? null : Math.round(b - a);
    },
    date_add: ([date, days]) => {
      const day = toDay(date);
      const n = Number(days);
      if (day === null || !Number.isFinite(n)) return null;
      return new Date((day + Math.trunc(n)) * DAY_MS).toISOString().slice(0, 10);
    },
  };
}

export const CARESPEC_OPERATIONS: readonly string[] = ['param', 'days_between', 'date_add'];
