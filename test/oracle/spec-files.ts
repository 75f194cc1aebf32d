/**
 * What the oracle needs from a specification and the rule libraries it
 * imports, read straight from the files with a YAML parser (not through
 * carespec's loader): dataset kinds, metrics, rules (library and clause
 * blocks), parameter series with the specification's overrides, and the
 * bad-row limit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';
import { parse } from 'yaml';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'enum' | 'duration';

export interface ColumnDecl {
  type: ColumnType;
  required?: boolean;
  values?: string[];
}

export interface KindDecl {
  name: string;
  date_column?: string;
  columns: Record<string, ColumnDecl>;
}

export interface MetricDecl {
  name: string;
  dataset: string;
  aggregate: 'count' | 'share' | 'sum' | 'mean' | 'min' | 'max' | 'percentile' | 'distinct_per_group';
  where?: JsonValue;
  match?: JsonValue;
  column?: string;
  percentile?: number;
  group_by?: string;
  distinct?: string;
  statistic?: 'mean' | 'share_above';
  threshold?: number | { param: string };
  window?: 'period' | 'month' | 'quarter';
}

export interface RuleDecl {
  id: string;
  test: JsonValue;
  per_record?: { dataset: string; where?: JsonValue };
  every_window?: boolean;
}

export type Scalar = number | string | boolean;
/** Region → values in force from each date (a region without its own series uses `default`). */
export type ParameterSeries = Record<string, { from: string; value: Scalar }[]>;

export interface SpecFiles {
  kinds: Map<string, KindDecl>;
  metrics: Map<string, MetricDecl>;
  rules: Map<string, RuleDecl>;
  parameters: Map<string, ParameterSeries>;
  maxBadRowShare: number;
}

type Raw = Record<string, unknown>;
const asRaw = (v: unknown): Raw => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

export function readSpecFiles(specFile: string): SpecFiles {
  const text = readFileSync(specFile, 'utf8');
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!front) throw new Error(`${specFile} has no front matter`);
  const meta = asRaw(parse(front[1]!));
  const out: SpecFiles = { kinds: new Map(), metrics: new Map(), rules: new Map(), parameters: new Map(), maxBadRowShare: 0.01 };

  for (const file of (meta.imports ?? []) as string[]) {
    // `carespec:<id>` names a bundled library; the bundled files are named by their ids.
    const bundled = /^carespec:([a-z0-9-]+)$/.exec(file)?.[1];
    const where = bundled === undefined ? path.resolve(path.dirname(specFile), file) : path.join(ROOT, 'rules', `${bundled}.yaml`);
    const library = asRaw(parse(readFileSync(where, 'utf8')));
    for (const [name, kind] of Object.entries(asRaw(library.datasets))) out.kinds.set(name, { name, ...(kind as Omit<KindDecl, 'name'>) });
    for (const [name, metric] of Object.entries(asRaw(library.metrics))) out.metrics.set(name, { name, ...(metric as Omit<MetricDecl, 'name'>) });
    for (const [name, parameter] of Object.entries(asRaw(library.parameters))) out.parameters.set(name, asRaw(parameter).values as ParameterSeries);
    for (const rule of (library.rules ?? []) as RuleDecl[]) out.rules.set(rule.id, rule);
  }
  // Rules defined in the specification's own ```carespec blocks.
  for (const block of text.matchAll(/^```carespec[^\n]*\n([\s\S]*?)^```/gm)) {
    for (const rule of (asRaw(parse(block[1]!)).rules ?? []) as RuleDecl[]) out.rules.set(rule.id, rule);
  }
  // Overrides replace the library's series; a plain value is in force from the contract start in every region.
  const contractStart = String(asRaw(meta.contract_period).start);
  for (const [name, override] of Object.entries(asRaw(meta.parameters))) {
    const series = typeof override === 'object' && override !== null ? (asRaw(override).values as ParameterSeries) : { default: [{ from: contractStart, value: override as Scalar }] };
    out.parameters.set(name, series);
  }
  const limit = asRaw(meta.data_quality).max_bad_row_share;
  if (typeof limit === 'number') out.maxBadRowShare = limit;
  return out;
}

/** The value in force on `date` for `region` (falling back to `default`), or undefined. */
export function parameterOn(series: ParameterSeries, region: string, date: string): Scalar | undefined {
  const entries = series[Object.hasOwn(series, region) ? region : 'default'] ?? [];
  const inForce = entries.filter((e) => String(e.from) <= date).sort((a, b) => (String(a.from) < String(b.from) ? -1 : 1));
  return inForce[inForce.length - 1]?.value;
}
