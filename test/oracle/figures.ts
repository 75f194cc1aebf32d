/**
 * The figures themselves, in SQL over a loaded kind's table: each metric for
 * the whole period and per window, and each per-record rule's rows checked,
 * failed and failing lines. Aggregates as docs/data.md defines them:
 * `share` is 100 × matched / in scope; `sum` is over the column's non-empty
 * cells (0 without any); `mean`, `min`, `max` skip empty cells; `percentile` is
 * quantile_cont (linear interpolation between closest ranks);
 * `distinct_per_group` is distinct (group, value) pairs / distinct groups, or
 * with `statistic: share_above` 100 × groups with more than `threshold`
 * distinct values / groups (a nested GROUP BY, see shareAboveFigure).
 */
import type { Database } from './duck.js';
import type { LoadedKind, Period } from './datasets.js';
import { monthNumber } from './datasets.js';
import { sqlTypeOf } from './columns-sql.js';
import { CannotExpress, condition, sqlNumber, type LogicScope } from './logic-sql.js';
import type { JsonValue, KindDecl, MetricDecl, RuleDecl } from './spec-files.js';

export interface WindowFigure {
  label: string;
  value: number | null;
}

export interface MetricFigure {
  value: number | null;
  windows?: WindowFigure[];
  /** Why the oracle expects no value (unusable data, a column the export lacks). */
  absent?: string;
}

export interface RecordFigure {
  checked: number;
  failed: number;
  failedLines: { file: string; lines: number[] }[];
  absent?: string;
}

/** Root columns an expression reads without a default (`prefix` "row." for per-record rules). */
export function columnsRead(logic: JsonValue | undefined, prefix: string): string[] {
  const out = new Set<string>();
  const walk = (node: JsonValue | undefined): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [op, arg] of Object.entries(node)) {
        const parts = Array.isArray(arg) ? arg : [arg];
        if (op === 'var' && typeof parts[0] === 'string' && parts.length < 2 && parts[0].startsWith(prefix)) out.add(parts[0].slice(prefix.length).split('.')[0]!);
        walk(arg);
      }
    }
  };
  walk(logic);
  return [...out].filter((c) => c.length > 0);
}

export function columnTypes(kind: KindDecl): Map<string, 'num' | 'str' | 'bool'> {
  return new Map(Object.entries(kind.columns).map(([name, c]) => [name, sqlTypeOf(c.type)] as const));
}

const quote = (name: string) => `"${name}"`;

function windowLabels(period: Period, window: 'month' | 'quarter'): string[] {
  const first = monthNumber(period.start);
  const months = monthNumber(period.end) - first + 1;
  const label = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  if (window === 'month') return Array.from({ length: months }, (_, i) => label(first + i));
  return Array.from({ length: Math.ceil(months / 3) }, (_, q) => `${label(first + 3 * q)}..${label(Math.min(first + 3 * q + 2, first + months - 1))}`);
}

/** The aggregate over the rows of one group, as a DOUBLE (NULL for no value). */
function aggregateSql(metric: MetricDecl, scope: LogicScope): string {
  const numeric = (name: string | undefined) => {
    if (name === undefined) throw new CannotExpress(`${metric.aggregate} without a column`);
    const type = scope.columns.get(name);
    // A boolean counts as 0/1 and text is skipped, as for any non-numeric cell.
    return type === 'num' ? quote(name) : type === 'bool' ? `CAST(${quote(name)} AS DOUBLE)` : 'NULL::DOUBLE';
  };
  const exactSum = (x: string) => `CAST(sum(CAST(${x} AS DECIMAL(38, 10))) AS DOUBLE)`;
  switch (metric.aggregate) {
    case 'count':
      return 'count(*)::DOUBLE';
    case 'share':
      if (metric.match === undefined) throw new CannotExpress('share without match');
      return `CASE WHEN count(*) > 0 THEN 100::DOUBLE * (count(*) FILTER (WHERE ${condition(metric.match, scope)}))::DOUBLE / count(*)::DOUBLE END`;
    case 'sum':
      return `COALESCE(${exactSum(numeric(metric.column))}, 0::DOUBLE)`;
    case 'mean':
      return `CASE WHEN count(${numeric(metric.column)}) > 0 THEN ${exactSum(numeric(metric.column))} / count(${numeric(metric.column)})::DOUBLE END`;
    case 'min':
      return `min(${numeric(metric.column)})`;
    case 'max':
      return `max(${numeric(metric.column)})`;
    case 'percentile':
      return `quantile_cont(${numeric(metric.column)}, ${sqlNumber((metric.percentile ?? 50) / 100)})`;
    case 'distinct_per_group': {
      if (metric.group_by === undefined || metric.distinct === undefined) throw new CannotExpress('distinct_per_group without group_by and distinct');
      const [g, d] = [quote(metric.group_by), quote(metric.distinct)];
      const both = `${g} IS NOT NULL AND ${d} IS NOT NULL`;
      return `CASE WHEN count(DISTINCT ${g}) FILTER (WHERE ${both}) > 0 THEN (count(DISTINCT [${g}::VARCHAR, ${d}::VARCHAR]) FILTER (WHERE ${both}))::DOUBLE / (count(DISTINCT ${g}) FILTER (WHERE ${both}))::DOUBLE END`;
    }
  }
}

export async function metricFigure(db: Database, metric: MetricDecl, kind: KindDecl, loaded: LoadedKind | undefined, period: Period, scope: LogicScope): Promise<MetricFigure> {
  const window = kind.date_column !== undefined && (metric.window === 'month' || metric.window === 'quarter') ? metric.window : undefined;
  const labels = window ? windowLabels(period, window) : [];
  const none = (absent: string): MetricFigure => ({ value: null, ...(window ? { windows: labels.map((label) => ({ label, value: null })) } : {}), absent });
  if (!loaded) return none(`no dataset of kind ${kind.name}`);
  if (loaded.reason !== undefined) return none(loaded.reason);
  const read = [...columnsRead(metric.where, ''), ...columnsRead(metric.match, ''), ...[metric.column, metric.group_by, metric.distinct].filter((c): c is string => c !== undefined)];
  const lacking = read.filter((c) => !loaded.present.has(c));
  if (lacking.length > 0) return none(`the export has no column ${lacking.join(', ')}`);

  const where = metric.where === undefined ? 'TRUE' : condition(metric.where, scope);
  if (metric.aggregate === 'distinct_per_group' && metric.statistic === 'share_above') return shareAboveFigure(db, metric, loaded, where, window, labels, scope);
  const agg = aggregateSql(metric, scope);
  const rows = `(SELECT * FROM ${loaded.table} WHERE __in AND ${where})`;
  const [whole] = (await db.rows(`SELECT ${agg} AS v FROM ${rows}`)) as [{ v: number | null }];
  const figure: MetricFigure = { value: whole.v };
  if (window) {
    const index = window === 'month' ? '__m' : '__m // 3';
    const parts = (await db.rows(`SELECT ${index} AS w, ${agg} AS v FROM ${rows} GROUP BY ${index}`)) as { w: number; v: number | null }[];
    // A window without rows in scope: what the aggregate gives over no rows (0 for count and sum, else no value).
    const [empty] = (await db.rows(`SELECT ${agg} AS v FROM ${loaded.table} WHERE FALSE`)) as [{ v: number | null }];
    figure.windows = labels.map((label, i) => ({ label, value: parts.find((p) => p.w === i)?.v ?? empty.v }));
  }
  return figure;
}

/**
 * `distinct_per_group` with `statistic: share_above`: distinct values per group (per window too) in
 * an inner query, then 100 × groups above the threshold / groups. A `{ param }` threshold is the
 * parameter in force on the reference date, as LogicScope resolves it for `{"param": name}`.
 */
async function shareAboveFigure(db: Database, metric: MetricDecl, loaded: LoadedKind, where: string, window: 'month' | 'quarter' | undefined, labels: string[], scope: LogicScope): Promise<MetricFigure> {
  if (metric.group_by === undefined || metric.distinct === undefined) throw new CannotExpress('distinct_per_group without group_by and distinct');
  const t = metric.threshold;
  const threshold = typeof t === 'number' ? sqlNumber(t) : t !== undefined && typeof t.param === 'string' ? scope.param(t.param, undefined).sql : undefined;
  if (threshold === undefined) throw new CannotExpress('share_above without a threshold');
  const [g, d] = [quote(metric.group_by), quote(metric.distinct)];
  const rows = `(SELECT * FROM ${loaded.table} WHERE __in AND ${where} AND ${g} IS NOT NULL AND ${d} IS NOT NULL)`;
  const share = `CASE WHEN count(*) > 0 THEN 100::DOUBLE * (count(*) FILTER (WHERE n > ${threshold}))::DOUBLE / count(*)::DOUBLE END`;
  const [whole] = (await db.rows(`SELECT ${share} AS v FROM (SELECT ${g}::VARCHAR AS g, count(DISTINCT ${d}::VARCHAR) AS n FROM ${rows} GROUP BY 1)`)) as [{ v: number | null }];
  const figure: MetricFigure = { value: whole.v };
  if (window) {
    const index = window === 'month' ? '__m' : '__m // 3';
    const parts = (await db.rows(
      `SELECT w, ${share} AS v FROM (SELECT ${index} AS w, ${g}::VARCHAR AS g, count(DISTINCT ${d}::VARCHAR) AS n FROM ${rows} GROUP BY 1, 2) GROUP BY w`,
    )) as { w: number; v: number | null }[];
    figure.windows = labels.map((label, i) => ({ label, value: parts.find((p) => p.w === i)?.v ?? null }));
  }
  return figure;
}

export async function recordFigure(db: Database, rule: RuleDecl & { per_record: NonNullable<RuleDecl['per_record']> }, loaded: LoadedKind | undefined, scope: LogicScope): Promise<RecordFigure> {
  const none = (absent: string): RecordFigure => ({ checked: 0, failed: 0, failedLines: [], absent });
  if (!loaded) return none(`no dataset of kind ${rule.per_record.dataset}`);
  if (loaded.reason !== undefined) return none(loaded.reason);
  const lacking = [...columnsRead(rule.per_record.where, 'row.'), ...columnsRead(rule.test, 'row.')].filter((c) => !loaded.present.has(c));
  if (lacking.length > 0) return none(`the export has no column ${lacking.join(', ')}`);
  const where = rule.per_record.where === undefined ? 'TRUE' : condition(rule.per_record.where, scope);
  const test = condition(rule.test, scope);
  const checked = `(SELECT * FROM ${loaded.table} WHERE __in AND ${where})`;
  const [counts] = (await db.rows(`SELECT count(*)::DOUBLE AS n FROM ${checked}`)) as [{ n: number }];
  const failing = (await db.rows(`SELECT __f AS f, __rec::DOUBLE AS rec FROM ${checked} WHERE NOT ${test} ORDER BY __f, __rec`)) as { f: number; rec: number }[];
  const failedLines: RecordFigure['failedLines'] = [];
  for (const { f, rec } of failing) {
    const file = loaded.paths[f]!;
    if (failedLines[failedLines.length - 1]?.file !== file) failedLines.push({ file, lines: [] });
    failedLines[failedLines.length - 1]!.lines.push(loaded.lines[f]![rec]!);
  }
  return { checked: counts.n, failed: failing.length, failedLines };
}
