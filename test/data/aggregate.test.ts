/**
 * distinct_per_group (src/data/aggregate.ts) against a plain reference built
 * from Sets: whole period and every window (beyond 32 windows too, where the
 * window masks take a second word), and a state merged from two parts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAggregator } from '../../src/data/judgements/aggregate.js';
import type { Metric } from '../../src/model/types.js';

const metric = { name: 'carers_per_client', title: 'Carers per client', dataset: 'visits', aggregate: 'distinct_per_group', group_by: 'client', distinct: 'carer' } as Metric;

type Visit = { client: string | null; carer: string | null; w: number };

function reference(visits: readonly Visit[], windows: number): { value: number | null; windows: (number | null)[] } {
  const mean = (rows: readonly Visit[]) => {
    const byGroup = new Map<string, Set<string>>();
    for (const { client, carer } of rows) {
      if (client === null || carer === null) continue;
      byGroup.set(client, (byGroup.get(client) ?? new Set()).add(carer));
    }
    let pairs = 0;
    for (const set of byGroup.values()) pairs += set.size;
    return byGroup.size === 0 ? null : pairs / byGroup.size;
  };
  return { value: mean(visits), windows: Array.from({ length: windows }, (_, w) => mean(visits.filter((v) => v.w === w))) };
}

const visitsFor = (windows: number) =>
  fc.array(
    fc.record({
      client: fc.option(fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5'), { freq: 10 }),
      carer: fc.option(fc.constantFrom('K1', 'K2', 'K3', 'K4'), { freq: 10 }),
      w: fc.integer({ min: -1, max: windows - 1 }),
    }),
    { maxLength: 80 },
  );

const feed = (aggregator: ReturnType<typeof createAggregator>, visits: readonly Visit[]) => {
  for (const v of visits) aggregator.add({ client: v.client, carer: v.carer }, v.w, false);
};

describe('distinct_per_group', () => {
  it('matches a reference built from Sets, for 1 to 40 windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((windows) => fc.tuple(fc.constant(windows), visitsFor(windows))), ([windows, visits]) => {
        const aggregator = createAggregator(metric, windows);
        feed(aggregator, visits);
        expect(aggregator.finish()).toEqual(reference(visits, windows));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result when a later part is merged in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((windows) => fc.tuple(fc.constant(windows), visitsFor(windows), visitsFor(windows))), ([windows, first, second]) => {
        const whole = createAggregator(metric, windows);
        feed(whole, [...first, ...second]);
        const head = createAggregator(metric, windows);
        const tail = createAggregator(metric, windows);
        feed(head, first);
        feed(tail, second);
        head.merge(structuredClone(tail.snapshot()));
        expect(head.finish()).toEqual(whole.finish());
      }),
      { numRuns: 300 },
    );
  });
});

describe('distinct_per_group with statistic share_above', () => {
  const shareMetric = (threshold: Metric['threshold']) => ({ ...metric, name: 'clients_many_carers', statistic: 'share_above', threshold }) as Metric;

  /** 100 × groups with more than `t` distinct values / groups, from Sets. */
  function shareReference(visits: readonly Visit[], windows: number, t: number): { value: number | null; windows: (number | null)[] } {
    const share = (rows: readonly Visit[]) => {
      const byGroup = new Map<string, Set<string>>();
      for (const { client, carer } of rows) {
        if (client === null || carer === null) continue;
        byGroup.set(client, (byGroup.get(client) ?? new Set()).add(carer));
      }
      const above = [...byGroup.values()].filter((s) => s.size > t).length;
      return byGroup.size === 0 ? null : (100 * above) / byGroup.size;
    };
    return { value: share(visits), windows: Array.from({ length: windows }, (_, w) => share(visits.filter((v) => v.w === w))) };
  }

  it('gives the share of clients above the threshold: 2 carers, 1 of 2 clients above 1 in the first month', () => {
    const aggregator = createAggregator(shareMetric(1), 2);
    feed(aggregator, [
      { client: 'C1', carer: 'K1', w: 0 },
      { client: 'C1', carer: 'K2', w: 0 },
      { client: 'C2', carer: 'K1', w: 0 },
      { client: 'C2', carer: 'K1', w: 1 },
    ]);
    expect(aggregator.finish()).toEqual({ value: 50, windows: [50, 0] });
  });

  it('matches a reference built from Sets for any threshold and 1 to 40 windows, merged from parts too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((windows) => fc.tuple(fc.constant(windows), fc.double({ min: 0, max: 4, noNaN: true }), visitsFor(windows), visitsFor(windows))),
        ([windows, t, first, second]) => {
          const whole = createAggregator(shareMetric(t), windows);
          feed(whole, [...first, ...second]);
          expect(whole.finish()).toEqual(shareReference([...first, ...second], windows, t));
          const head = createAggregator(shareMetric(t), windows);
          const tail = createAggregator(shareMetric(t), windows);
          feed(head, first);
          feed(tail, second);
          head.merge(structuredClone(tail.snapshot()));
          expect(head.finish()).toEqual(whole.finish());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a threshold that is not a number (an unresolved parameter)', () => {
    expect(() => createAggregator(shareMetric({ param: 'max_carers' }), 3)).toThrow('share_above needs a numeric threshold; {"param":"max_carers"} has no value');
  });
});
