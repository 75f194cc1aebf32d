/**
 * Effective-dated, regional parameters (OpenFisca-style). A value is in force
 * from its `from` date until the next value's; a region without its own
 * series uses `default`. Specification overrides replace a library's series.
 */
import type { Parameter, ResolvedParameter } from '../model/types.js';

export interface ParameterEntry extends Parameter {
  overridden: boolean;
}

export type ParameterTable = ReadonlyMap<string, ParameterEntry>;

/**
 * Add a resolved parameter unless the same value (name, region series, in-force date) is listed:
 * rows dated across a period ask for many dates but meet few values, and a result states each once.
 */
export function addResolved(list: ResolvedParameter[], parameter: ResolvedParameter): void {
  if (!list.some((p) => p.name === parameter.name && p.from === parameter.from && p.region === parameter.region)) list.push(parameter);
}

export type Resolution = { ok: true; value: ResolvedParameter } | { ok: false; reason: string };

export function resolveParameter(table: ParameterTable, name: string, region: string, asOf: string): Resolution {
  const parameter = table.get(name);
  if (!parameter) return { ok: false, reason: `Unknown parameter "${name}"` };
  const regionKey = Object.hasOwn(parameter.values, region) ? region : 'default';
  const series = Object.hasOwn(parameter.values, regionKey) ? parameter.values[regionKey] : undefined;
  if (!series) return { ok: false, reason: `Parameter "${name}" has no value for region "${region}" and no default` };
  let inForce: (typeof series)[number] | undefined;
  for (const entry of series) {
    if (entry.from <= asOf) inForce = entry;
    else break;
  }
  if (!inForce) return { ok: false, reason: `Parameter "${name}" has no value in force on ${asOf} (first value from ${series[0]?.from ?? '–'})` };
  return {
    ok: true,
    value: {
      name,
      title: parameter.title,
      value: inForce.value,
      ...(parameter.unit === undefined ? {} : { unit: parameter.unit }),
      region: regionKey,
      from: inForce.from,
      asOf,
      ...(inForce.announced === undefined ? {} : { announced: inForce.announced }),
      ...(inForce.source === undefined ? (parameter.reference === undefined ? {} : { source: parameter.reference }) : { source: inForce.source }),
      overridden: parameter.overridden,
    },
  };
}

/** Library parameters, then the specification's overrides on top (title and unit are kept from the library). */
export function buildParameterTable(fromLibraries: readonly Parameter[], overrides: readonly Parameter[]): Map<string, ParameterEntry> {
  const table = new Map<string, ParameterEntry>();
  for (const parameter of fromLibraries) table.set(parameter.name, { ...parameter, overridden: false });
  for (const override of overrides) {
    const base = table.get(override.name);
    table.set(override.name, {
      ...(base ?? {}),
      ...override,
      title: base && override.title === override.name ? base.title : override.title,
      ...(base?.unit !== undefined && override.unit === undefined ? { unit: base.unit } : {}),
      overridden: true,
    });
  }
  return table;
}
