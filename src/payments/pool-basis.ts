/**
 * The pool basis file (`carespec: pool-basis/1`): every provider's measure (hours delivered,
 * say) or share for one pool, which no single provider's evidence holds. Mistakes are load
 * errors at file:line: shares that do not sum to exactly 1, a negative measure, money with a
 * pound sign, a provider listed twice, measures and shares mixed.
 */
import type { Outcome } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PoolBasis } from '../model/types.js';
import { readYamlOfKind } from '../load/yaml-file.js';
import type { TextSource } from '../load/memory.js';
import { asList, asRaw, positionOf } from '../load/rule.js';
import { isRealDate } from '../load/dates.js';
import { Big, parseDecimal, ZERO } from './money.js';

export function loadPoolBasis(source: TextSource): Outcome<PoolBasis> {
  const loaded = readYamlOfKind(source, 'pool-basis');
  if (!loaded.ok) return loaded;
  const { read, shown, yaml } = loaded.value;
  const raw = asRaw(yaml.value);
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, message: string, path: (string | number)[]) =>
    diagnostics.push({ code, message, severity: 'error', file: shown, ...yaml.locate(path), field: path.join('.') });
  const period = asRaw(raw.period);
  for (const key of ['start', 'end'] as const) if (!isRealDate(String(period[key]))) report('pool-basis/date', `Unexpected date "${String(period[key])}", expected a real calendar date`, ['period', key]);

  const decimal = (value: unknown, path: (string | number)[], what: string): string | undefined => {
    const d = parseDecimal(value, what);
    if (!d.ok) return void report('pool-basis/number', `Unexpected ${d.reason}`, path);
    if (d.value.lt(0)) return void report('pool-basis/negative', `Unexpected negative ${what} ${d.value.toString()}`, path);
    return d.value.toString();
  };
  const base = raw.base === undefined ? undefined : decimal(raw.base, ['base'], 'base');
  const names = new Map<string, number>();
  const providers: PoolBasis['providers'] = asList(raw.providers).map((entry, i) => {
    const p = asRaw(entry);
    const name = String(p.name);
    if (names.has(name)) report('pool-basis/duplicate', `Unexpected second entry for provider "${name}" (the first is entry ${names.get(name)! + 1})`, ['providers', i, 'name']);
    names.set(name, i);
    if ((p.measure === undefined) === (p.share === undefined)) report('pool-basis/entry', `Unexpected provider "${name}" with ${p.measure === undefined ? 'neither a measure nor a share' : 'both a measure and a share'}; give one`, ['providers', i]);
    const measure = p.measure === undefined ? undefined : decimal(p.measure, ['providers', i, 'measure'], 'measure');
    const share = p.share === undefined ? undefined : decimal(p.share, ['providers', i, 'share'], 'share');
    return { name, ...(measure === undefined ? {} : { measure }), ...(share === undefined ? {} : { share }), position: positionOf(yaml, ['providers', i]) };
  });
  const withShare = providers.filter((p) => p.share !== undefined).length;
  if (withShare > 0 && withShare < providers.length) report('pool-basis/entry', 'Unexpected mix of measures and shares: give every provider a measure, or every provider a share', ['providers']);
  if (withShare === providers.length && diagnostics.length === 0) {
    const total = providers.reduce((a, p) => a.plus(new Big(p.share!)), ZERO);
    if (!total.eq(1)) report('pool-basis/shares', `Unexpected shares that sum to ${total.toString()}, expected exactly 1`, ['providers']);
  }
  if (withShare === 0 && diagnostics.length === 0 && providers.every((p) => new Big(p.measure!).eq(0))) report('pool-basis/shares', 'Unexpected measures that are all 0: the pool cannot be shared', ['providers']);
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return {
    ok: true,
    warnings: [],
    value: {
      pool: String(raw.pool),
      period: { start: String(period.start), end: String(period.end) },
      ...(base === undefined ? {} : { base }),
      measure: String(raw.measure),
      providers,
      file: shown,
      sha256: read.sha256,
    },
  };
}
