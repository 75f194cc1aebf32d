/**
 * Turn schema-validated YAML objects into the model's rule, parameter and
 * group types. Shared by rule libraries and by a specification's rule blocks.
 */
import type {
  ColumnDeclaration, DatasetKind, FactDeclaration, Group, JsonObject, JsonValue, Metric, Parameter,
  ParameterValue, Rule, SourcePosition,
} from '../model/types.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlFile, YamlPath } from './yaml.js';

type Raw = Record<string, JsonValue>;

const asRaw = (value: JsonValue | undefined): Raw => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
const asList = (value: JsonValue | undefined): JsonValue[] => (Array.isArray(value) ? value : []);
const asStrings = (value: JsonValue | undefined): string[] => asList(value).map(String);
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function positionOf(yaml: YamlFile, path: YamlPath): SourcePosition {
  return { file: yaml.file, ...yaml.locate(path) };
}

export function toRule(raw: Raw, origin: string, yaml: YamlFile, path: YamlPath): Rule {
  const messages = asRaw(raw.messages);
  const examples = asRaw(raw.examples);
  const perRecord = raw.per_record === undefined ? undefined : asRaw(raw.per_record);
  return {
    id: String(raw.id),
    title: String(raw.title),
    severity: raw.severity === 'should' ? 'should' : 'must',
    ...optional('clause', raw.clause === undefined ? undefined : String(raw.clause)),
    references: asStrings(raw.references),
    rationale: String(raw.rationale ?? ''),
    remediation: String(raw.remediation ?? ''),
    ...optional('applies_when', raw.applies_when),
    requires: asStrings(raw.requires),
    test: raw.test ?? null,
    messages: {
      ...optional('pass', messages.pass === undefined ? undefined : String(messages.pass)),
      ...optional('fail', messages.fail === undefined ? undefined : String(messages.fail)),
    },
    examples: {
      pass: asList(examples.pass).map((e) => asRaw(e) as JsonObject),
      fail: asList(examples.fail).map((e) => asRaw(e) as JsonObject),
    },
    ...optional(
      'per_record',
      perRecord && {
        dataset: String(perRecord.dataset),
        ...optional('where', perRecord.where),
        ...optional('tolerance', typeof perRecord.tolerance === 'number' ? perRecord.tolerance : undefined),
      },
    ),
    ...optional('every_window', raw.every_window === true ? true : undefined),
    origin,
    position: positionOf(yaml, path),
    logicPositions: {
      test: positionOf(yaml, [...path, 'test']),
      ...optional('applies_when', raw.applies_when === undefined ? undefined : positionOf(yaml, [...path, 'applies_when'])),
      ...optional('per_record.where', perRecord?.where === undefined ? undefined : positionOf(yaml, [...path, 'per_record', 'where'])),
    },
  };
}

export function toParameter(name: string, raw: Raw, yaml: YamlFile, path: YamlPath): Parameter {
  const values: Record<string, ParameterValue[]> = {};
  for (const [region, series] of Object.entries(asRaw(raw.values))) {
    values[region] = asList(series)
      .map((entry) => {
        const v = asRaw(entry);
        return {
          from: String(v.from),
          value: v.value as number | string | boolean,
          ...optional('announced', v.announced === undefined ? undefined : String(v.announced)),
          ...optional('source', v.source === undefined ? undefined : String(v.source)),
          ...optional('note', v.note === undefined ? undefined : String(v.note)),
        };
      })
      // Resolution walks the series by date, whatever order the author wrote it in.
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }
  return {
    name,
    title: String(raw.title ?? name),
    ...optional('unit', raw.unit === undefined ? undefined : String(raw.unit)),
    ...optional('description', raw.description === undefined ? undefined : String(raw.description)),
    ...optional('reference', raw.reference === undefined ? undefined : String(raw.reference)),
    values,
    position: positionOf(yaml, path),
  };
}

export function toFact(name: string, raw: Raw): FactDeclaration {
  return {
    name,
    title: String(raw.title ?? name),
    type: (raw.type ?? 'string') as FactDeclaration['type'],
    ...optional('unit', raw.unit === undefined ? undefined : String(raw.unit)),
    ...optional('values', raw.values === undefined ? undefined : asStrings(raw.values)),
    ...optional('description', raw.description === undefined ? undefined : String(raw.description)),
  };
}

export function toDatasetKind(name: string, raw: Raw, yaml: YamlFile, path: YamlPath): DatasetKind {
  const columns: Record<string, ColumnDeclaration> = {};
  for (const [column, spec] of Object.entries(asRaw(raw.columns))) {
    const c = asRaw(spec);
    columns[column] = {
      type: (c.type ?? 'string') as ColumnDeclaration['type'],
      ...optional('required', c.required === true ? true : undefined),
      ...optional('values', c.values === undefined ? undefined : asStrings(c.values)),
      ...optional('identifier', c.identifier === true ? true : undefined),
      ...optional('description', c.description === undefined ? undefined : String(c.description)),
    };
  }
  return {
    name,
    title: String(raw.title ?? name),
    ...optional('date_column', raw.date_column === undefined ? undefined : String(raw.date_column)),
    columns,
    position: positionOf(yaml, path),
  };
}

/** A metric's `threshold`: a number or `{ param: name }` (the schema has checked the shape). */
function toThreshold(raw: unknown): Metric['threshold'] {
  if (typeof raw === 'number') return raw;
  if (raw !== null && typeof raw === 'object' && typeof (raw as Raw).param === 'string') return { param: String((raw as Raw).param) };
  return undefined;
}

export function toMetric(name: string, raw: Raw, yaml: YamlFile, path: YamlPath): Metric {
  return {
    name,
    title: String(raw.title ?? name),
    dataset: String(raw.dataset),
    aggregate: raw.aggregate as Metric['aggregate'],
    ...optional('where', raw.where),
    ...optional('match', raw.match),
    ...optional('column', raw.column === undefined ? undefined : String(raw.column)),
    ...optional('percentile', typeof raw.percentile === 'number' ? raw.percentile : undefined),
    ...optional('group_by', raw.group_by === undefined ? undefined : String(raw.group_by)),
    ...optional('distinct', raw.distinct === undefined ? undefined : String(raw.distinct)),
    ...optional('statistic', raw.statistic === undefined ? undefined : (raw.statistic as NonNullable<Metric['statistic']>)),
    ...optional('threshold', toThreshold(raw.threshold)),
    ...optional('window', raw.window === undefined ? undefined : (raw.window as Metric['window'])),
    ...optional('unit', raw.unit === undefined ? undefined : String(raw.unit)),
    position: positionOf(yaml, path),
  };
}

export function toGroup(raw: Raw, yaml: YamlFile, path: YamlPath): Group {
  return {
    id: String(raw.id),
    title: String(raw.title),
    policy: raw.policy as Group['policy'],
    ...optional('denominator', raw.denominator === undefined ? undefined : (raw.denominator as NonNullable<Group['denominator']>)),
    ...optional('rules', raw.rules === undefined ? undefined : asStrings(raw.rules)),
    ...optional(
      'stages',
      raw.stages === undefined
        ? undefined
        : asList(raw.stages).map((s) => ({ name: String(asRaw(s).name), rules: asStrings(asRaw(s).rules) })),
    ),
    ...optional(
      'bands',
      raw.bands === undefined
        ? undefined
        : asList(raw.bands)
            .map((b) => ({ min: Number(asRaw(b).min), label: String(asRaw(b).label) }))
            .sort((a, b) => b.min - a.min),
    ),
    position: positionOf(yaml, path),
  };
}

/**
 * Hardening: parameter dates that match the schema's pattern but are not on the
 * calendar (`from: "2025-02-30"`) are errors, like the evidence's dates.
 */
export function parameterDateDiagnostics(yaml: YamlFile, parameters: JsonValue | undefined, isRealDate: (text: string) => boolean): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [name, parameter] of Object.entries(asRaw(parameters))) {
    for (const [region, series] of Object.entries(asRaw(asRaw(parameter).values))) {
      // Two values from one date: which is in force was decided by sort order, silently.
      const firstFrom = new Map<string, number>();
      asList(series).forEach((entry, i) => {
        const from = asRaw(entry).from;
        if (typeof from === 'string') {
          const earlier = firstFrom.get(from);
          if (earlier === undefined) firstFrom.set(from, i);
          else {
            const path = ['parameters', name, 'values', region, i, 'from'];
            const first = yaml.locate(['parameters', name, 'values', region, earlier, 'from']);
            found.push({ code: 'parameter/duplicate-date', message: `Unexpected second value from ${from} in the ${region} series of parameter "${name}" (the first is at line ${first.line}), expected one value per date`, severity: 'error', file: yaml.file, ...yaml.locate(path), field: path.join('.') });
          }
        }
        for (const key of ['from', 'announced'] as const) {
          const value = asRaw(entry)[key];
          if (value === undefined || isRealDate(String(value))) continue;
          const path = ['parameters', name, 'values', region, i, key];
          found.push({ code: 'parameter/date', message: `Unexpected date "${String(value)}", expected a real calendar date`, severity: 'error', file: yaml.file, ...yaml.locate(path), field: path.join('.') });
        }
      });
    }
  }
  return found;
}

/** What a `requires` path may start with: the roots of the context a rule reads (docs/formats.md). */
const REQUIRES_ROOTS = ['provider', 'period', 'facts', 'attestations', 'metrics'];

/**
 * Hardening: a `requires` path that is empty, has an empty segment (`facts.`, `facts..x`) or starts
 * anywhere but a context root can never name a value, so the check it asks for silently did nothing
 * (`""` read the whole context, which is never absent). `row` only for per-record rules.
 */
export function requiresDiagnostics(yaml: YamlFile, rules: JsonValue | undefined): Diagnostic[] {
  const found: Diagnostic[] = [];
  asList(rules).forEach((entry, i) => {
    const rule = asRaw(entry);
    const roots = rule.per_record === undefined ? REQUIRES_ROOTS : [...REQUIRES_ROOTS, 'row'];
    asList(rule.requires).forEach((value, j) => {
      if (typeof value !== 'string') return; // the schema reports it
      const segments = value.split('.');
      const problem = value.trim() === ''
        ? 'an empty path'
        : segments.some((s) => s === '') ? 'a path with an empty segment'
        : !roots.includes(segments[0]!) ? `a path under "${segments[0]}", which a rule cannot read`
        : segments.length < 2 && segments[0] !== 'provider' && segments[0] !== 'period' ? `"${value}" alone, not a value under it`
        : undefined;
      if (problem === undefined) return;
      const path = ['rules', i, 'requires', j];
      found.push({ code: 'rule/requires', message: `Unexpected requires entry "${value}" in rule "${String(rule.id)}" (${problem}), expected a path such as facts.<name> under ${roots.join(', ')}`, severity: 'error', file: yaml.file, ...yaml.locate(path), field: path.join('.') });
    });
  });
  return found;
}

export { asRaw, asList, asStrings };
