/**
 * The oracle for payments (issue #15): for every bundled example whose
 * specification pays by the hour (tiered or uplift payments over a metric of
 * delivered minutes), the hours come from DuckDB (runOracle, independent of
 * carespec's reader) and the pounds from integer arithmetic in pence here,
 * with the payment's rates read from the library files. carespec's statement
 * must agree to the penny, month by month. Payment kinds the oracle does not
 * recompute are listed by name with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { carespecResults, exampleCases } from './cases.js';
import { readEvidence, runOracle } from './oracle.js';
import { parameterOn, readSpecFiles } from './spec-files.js';
import { ROOT } from '../helpers.js';

type Amount = number | { param: string };
interface PaymentDecl {
  id: string;
  type: string;
  per?: 'month' | 'period';
  quantity?: { metric?: string };
  tiers?: { up_to?: Amount; rate: Amount }[];
  rate?: Amount;
  rules?: string[];
}

/** Every payment definition in the bundled libraries and the specifications' rule blocks, by id. */
function paymentDefinitions(): Map<string, PaymentDecl> {
  const found = new Map<string, PaymentDecl>();
  const add = (list: unknown) => {
    for (const p of (Array.isArray(list) ? list : []) as PaymentDecl[]) found.set(p.id, p);
  };
  for (const file of readdirSync(path.join(ROOT, 'rules')).filter((f) => f.endsWith('.yaml'))) add((parse(readFileSync(path.join(ROOT, 'rules', file), 'utf8')) as { payments?: unknown }).payments);
  for (const file of readdirSync(path.join(ROOT, 'specs')).filter((f) => f.endsWith('.md'))) {
    for (const [, block] of readFileSync(path.join(ROOT, 'specs', file), 'utf8').matchAll(/^```carespec\n([\s\S]*?)^```/gm)) add((parse(block!) as { payments?: unknown } | null)?.payments);
  }
  return found;
}

/** Pence of minutes/60 hours × a rate in pounds, rounded half up, exactly (BigInt: no float anywhere). */
function pence(minutes: bigint, rate: number): bigint {
  const rate4 = BigInt(Math.round(rate * 10_000)); // rates carry at most 4 decimals
  const numerator = minutes * rate4;
  const denominator = 60n * 100n; // minutes → hours, and 10^4 → pence (10^2)
  return (2n * numerator + denominator) / (2n * denominator);
}

const toPounds = (p: bigint) => `${p < 0n ? '-' : ''}${(p < 0n ? -p : p) / 100n}.${String((p < 0n ? -p : p) % 100n).padStart(2, '0')}`;
const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

describe('the payment oracle', () => {
  const definitions = paymentDefinitions();
  const skipped = new Map<string, string>();
  let checked = 0;

  it.each(exampleCases(ROOT))('$name: hours from DuckDB and pence by hand agree with the statement', async (c) => {
    const results = await carespecResults(c);
    const statement = (results as unknown as { payments?: { payments: { id: string; type: string; amount: string | null; windows: { label: string; amount: string }[]; lines: { rule?: string; status?: string }[] }[] } }).payments;
    if (!statement) return;
    const spec = readSpecFiles(c.spec);
    const evidence = readEvidence(c.evidence);
    const param = (a: Amount, date: string): number => {
      if (typeof a === 'number') return a;
      const series = spec.parameters.get(a.param);
      const value = series ? parameterOn(series, evidence.provider.region, date) : undefined;
      if (typeof value !== 'number') throw new Error(`no value for ${a.param} on ${date}`);
      return value;
    };
    for (const paid of statement.payments) {
      const def = definitions.get(paid.id);
      const metric = def?.quantity?.metric;
      if (!def || !metric || (def.type !== 'tiered' && def.type !== 'uplift') || paid.amount === null) {
        skipped.set(`${c.name}: ${paid.id}`, !def ? 'no definition found' : paid.amount === null ? 'not computed by carespec (the statement says why)' : `${def.type} payments are not recomputed (gain share, credit, pool, banded, rate)`);
        continue;
      }
      const figures = await runOracle(c.spec, c.evidence, { metrics: [metric], recordRules: [], windowRules: [] }, ROOT);
      const figure = figures.metrics.get(metric)!;
      if (def.type === 'tiered') {
        let total = 0n;
        for (const w of figure.windows ?? []) {
          const minutes = BigInt(Math.round(w.value ?? 0));
          let rest = minutes;
          let month = 0n;
          for (const tier of def.tiers!) {
            const cap = tier.up_to === undefined ? undefined : BigInt(Math.round(param(tier.up_to, lastDayOf(w.label)) * 60));
            const inBand = cap === undefined ? rest : rest < cap - (minutes - rest) ? rest : cap - (minutes - rest);
            if (inBand <= 0n) break;
            month += pence(inBand, param(tier.rate, lastDayOf(w.label)));
            rest -= inBand;
          }
          total += month;
          expect(paid.windows.find((x) => x.label === w.label)?.amount, `${paid.id} ${w.label}`).toBe(toPounds(month));
        }
        expect(paid.amount).toBe(toPounds(total));
      } else {
        // Each outcome rule that passed earns hours × rate, rounded per line; the others earn nothing.
        const earned = paid.lines.filter((l) => l.rule !== undefined && l.status === 'pass').length;
        const line = pence(BigInt(Math.round(figure.value ?? 0)), param(def.rate!, evidence.period.end));
        expect(paid.amount).toBe(toPounds(line * BigInt(earned)));
      }
      checked++;
    }
  });

  it('recomputed the hourly payments of the bundles and named the rest', () => {
    expect(checked).toBeGreaterThanOrEqual(4);
    expect([...skipped.values()].every((why) => why.length > 0)).toBe(true);
  });
});
