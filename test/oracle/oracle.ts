/**
 * The oracle for one check: read the specification, its libraries and the
 * evidence manifest from the files, load each dataset kind into DuckDB, and
 * recompute every metric (whole period and per window), every per-record
 * rule's outcome and every every_window rule's windows, to be compared with
 * carespec's JSON results (compare.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { openDatabase } from './duck.js';
import { loadKind, type DatasetFile, type LoadedKind, type Period } from './datasets.js';
import { columnTypes, metricFigure, recordFigure, type MetricFigure, type RecordFigure } from './figures.js';
import { CannotExpress, condition, literal, sqlString, type LogicScope } from './logic-sql.js';
import { parameterOn, readSpecFiles, type JsonValue, type ParameterSeries, type RuleDecl, type SpecFiles } from './spec-files.js';

export interface Evidence {
  provider: { name: string; region: string };
  period: Period;
  datasets: (DatasetFile & { id: string; kind: string })[];
}

export interface WindowStatus {
  label: string;
  status: 'pass' | 'fail' | 'not_evidenced';
  values: Record<string, number | null>;
}

export interface OracleFigures {
  metrics: Map<string, MetricFigure>;
  records: Map<string, RecordFigure>;
  windows: Map<string, WindowStatus[]>;
  /** Items the oracle cannot express, with the reason. */
  cannot: Map<string, string>;
}

/** The rules to recompute: those carespec reports (the spec's selection), by id. */
export interface Wanted {
  metrics: string[];
  recordRules: string[];
  windowRules: string[];
}

export function readEvidence(file: string): Evidence {
  const raw = parse(readFileSync(file, 'utf8')) as Evidence & { datasets?: Evidence['datasets'] };
  return { provider: raw.provider, period: { start: String(raw.period.start), end: String(raw.period.end) }, datasets: raw.datasets ?? [] };
}

const DATE_PREFIX = String.raw`'^\d{4}-\d{2}-\d{2}'`;

/** `param` for a scope: a value in force on the reference date, or per row on the row's own date. */
function parameterSql(spec: SpecFiles, region: string, asOf: string) {
  return (name: string, date: string | undefined) => {
    const series: ParameterSeries | undefined = spec.parameters.get(name);
    if (!series) throw new CannotExpress(`unknown parameter ${name}`);
    const atAsOf = parameterOn(series, region, asOf);
    if (atAsOf === undefined) throw new CannotExpress(`parameter ${name} has no value on ${asOf}`);
    const fixed = literal(atAsOf);
    if (date === undefined) return fixed;
    const entries = [...(series[Object.hasOwn(series, region) ? region : 'default'] ?? [])].sort((a, b) => (String(a.from) < String(b.from) ? 1 : -1));
    if (entries.some((e) => typeof e.value !== typeof atAsOf)) throw new CannotExpress(`parameter ${name} mixes value types`);
    const day = `substr(${date}, 1, 10)`;
    // carespec errs on a row dated before the first value; the oracle would give NULL, so it refuses such data in checkParameterDates.
    const byDate = `CASE ${entries.map((e) => `WHEN ${day} >= ${sqlString(String(e.from))} THEN ${literal(e.value).sql}`).join(' ')} END`;
    return { sql: `(CASE WHEN regexp_matches(${date}, ${DATE_PREFIX}) AND TRY_CAST(${day} AS DATE) IS NOT NULL THEN ${byDate} ELSE ${fixed.sql} END)`, type: fixed.type };
  };
}

function varsUnder(logic: JsonValue | undefined, prefix: string): string[] {
  const out = new Set<string>();
  const walk = (node: JsonValue | undefined): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [op, arg] of Object.entries(node)) {
        const first = Array.isArray(arg) ? arg[0] : arg;
        if (op === 'var' && typeof first === 'string' && first.startsWith(prefix)) out.add(first.slice(prefix.length));
        walk(arg);
      }
    }
  };
  walk(logic);
  return [...out];
}

export async function runOracle(specFile: string, evidenceFile: string, wanted: Wanted, repoRoot: string): Promise<OracleFigures> {
  const spec = readSpecFiles(specFile);
  const evidence = readEvidence(evidenceFile);
  const manifestDir = path.dirname(evidenceFile);
  const asOf = evidence.period.end;
  const param = parameterSql(spec, evidence.provider.region, asOf);
  const out: OracleFigures = { metrics: new Map(), records: new Map(), windows: new Map(), cannot: new Map() };
  const db = await openDatabase();
  try {
    const loaded = new Map<string, LoadedKind | undefined>();
    const load = async (kindName: string) => {
      if (!loaded.has(kindName)) {
        const kind = spec.kinds.get(kindName)!;
        const files = evidence.datasets.filter((d) => d.kind === kindName);
        loaded.set(kindName, files.length === 0 ? undefined : await loadKind(db, kind, files, evidence.period, spec.maxBadRowShare, manifestDir, repoRoot));
      }
      return loaded.get(kindName);
    };
    const attempt = async (item: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (e) {
        if (!(e instanceof CannotExpress)) throw e;
        out.cannot.set(item, e.message);
      }
    };

    for (const name of wanted.metrics) {
      await attempt(`metric ${name}`, async () => {
        const metric = spec.metrics.get(name);
        if (!metric) throw new CannotExpress(`metric ${name} is not in the imported libraries`);
        const kind = spec.kinds.get(metric.dataset);
        if (!kind) throw new CannotExpress(`dataset kind ${metric.dataset} is not declared`);
        const scope: LogicScope = { prefix: '', columns: columnTypes(kind), context: {}, param };
        out.metrics.set(name, await metricFigure(db, metric, kind, await load(metric.dataset), evidence.period, scope));
      });
    }

    const context = { 'period.start': evidence.period.start, 'period.end': evidence.period.end, 'provider.region': evidence.provider.region, 'provider.name': evidence.provider.name };
    for (const id of wanted.recordRules) {
      await attempt(`rule ${id}`, async () => {
        const rule = spec.rules.get(id);
        if (!rule?.per_record) throw new CannotExpress(`rule ${id} is not a per-record rule in the files`);
        const kind = spec.kinds.get(rule.per_record.dataset);
        if (!kind) throw new CannotExpress(`dataset kind ${rule.per_record.dataset} is not declared`);
        const scope: LogicScope = { prefix: 'row.', columns: columnTypes(kind), context, param };
        const data = await load(rule.per_record.dataset);
        if (data && data.reason === undefined) await checkParameterDates(db, rule, data, scope);
        out.records.set(id, await recordFigure(db, { ...rule, per_record: rule.per_record }, data, scope));
      });
    }

    for (const id of wanted.windowRules) {
      await attempt(`rule ${id}`, async () => {
        const rule = spec.rules.get(id);
        if (!rule) throw new CannotExpress(`rule ${id} is not in the files`);
        out.windows.set(id, await windowStatuses(db, rule, out.metrics, param));
      });
    }
  } finally {
    db.close();
  }
  return out;
}

/** A per-row parameter with no value in force on some row's date makes carespec err; the oracle does not model that. */
async function checkParameterDates(db: { rows(sql: string): Promise<unknown[]> }, rule: RuleDecl & { per_record?: RuleDecl['per_record'] }, data: LoadedKind, scope: LogicScope): Promise<void> {
  const where = rule.per_record?.where === undefined ? 'TRUE' : condition(rule.per_record.where, scope);
  let missing = '';
  const probe: LogicScope = {
    ...scope,
    param: (name, date) => {
      const v = scope.param(name, date);
      if (date !== undefined) missing += ` OR (${v.sql}) IS NULL`;
      return v;
    },
  };
  condition(rule.test, probe);
  if (missing === '') return;
  const [row] = (await db.rows(`SELECT count(*)::DOUBLE AS n FROM ${data.table} WHERE __in AND ${where} AND (FALSE${missing})`)) as [{ n: number }];
  if (row.n > 0) throw new CannotExpress(`a parameter has no value in force on the date of ${row.n} rows`);
}

/** Each window of an every_window rule: its windowed metrics set to the window's value, the test evaluated in SQL. */
async function windowStatuses(db: { rows(sql: string): Promise<unknown[]> }, rule: RuleDecl, metrics: Map<string, MetricFigure>, param: LogicScope['param']): Promise<WindowStatus[]> {
  const read = varsUnder(rule.test, 'metrics.');
  const windowed = read.filter((m) => metrics.get(m)?.windows !== undefined);
  // A rule not evidenced over the whole period is not evaluated per window.
  if (read.some((m) => metrics.get(m)?.value === null)) return [];
  const labels = metrics.get(windowed[0] ?? '')?.windows?.map((w) => w.label) ?? [];
  const out: WindowStatus[] = [];
  for (const [i, label] of labels.entries()) {
    const values: Record<string, number | null> = {};
    for (const m of read) {
      const figure = metrics.get(m);
      if (!figure) throw new CannotExpress(`metric ${m} is not computed`);
      values[m] = figure.windows ? (figure.windows[i]?.value ?? null) : figure.value;
    }
    const context = Object.fromEntries(read.map((m) => [`metrics.${m}`, values[m]!]));
    const scope: LogicScope = { prefix: 'metrics.', columns: new Map(), context, param };
    let status: WindowStatus['status'] = 'not_evidenced';
    if (read.every((m) => values[m] !== null)) {
      const [row] = (await db.rows(`SELECT ${condition(rule.test, scope)} AS ok`)) as [{ ok: boolean }];
      status = row.ok ? 'pass' : 'fail';
    }
    out.push({ label, status, values: Object.fromEntries(windowed.map((m) => [m, values[m]!])) });
  }
  return out;
}
