/**
 * Market oversight (seed 003): the accreditation register and concentration of supply.
 *
 * Concentration uses the Herfindahl–Hirschman index over providers' shares of volume, in percent
 * (0–10,000). The bands (above 1,000 concentrated, above 2,000 highly concentrated) are those of
 * the OFT/CC Merger Assessment Guidelines (CC2 (Revised)/OFT1254, September 2010, section 5.3
 * "Measures of concentration"); the paragraph number (5.3.5) and exact wording are NOT verified
 * against the primary text. Those guidelines are withdrawn: the CMA replaced them on 18 March 2021
 * with CMA129, which applies no concentration threshold. The bands are a convention for reading
 * the figure, not a regulatory test; the report says so, and gives the US DoJ/FTC 2023 figure
 * (above 1,800 highly concentrated) for comparison.
 */
import type { CheckResult, Evidence } from '../model/types.js';
import type { AccreditationEntry, Concentration, ProviderRow } from './types.js';
import { round } from './stats.js';

export const CONCENTRATION_METHOD =
  'Each provider\'s share is its volume over the volume of the providers checked. HHI = the sum of the squared shares in percent (0 to 10,000). Bands, a convention for reading the figure and not a regulatory test: up to 1,000 unconcentrated; above 1,000 concentrated; above 2,000 highly concentrated, as in the OFT/CC Merger Assessment Guidelines (CC2 (Revised)/OFT1254, 2010, section 5.3; paragraph and wording unverified), which the CMA withdrew in March 2021 (its Merger Assessment Guidelines, CMA129, apply no concentration threshold). For comparison, the US DoJ/FTC Merger Guidelines (2023) treat above 1,800 as highly concentrated.';

export function hhiBand(hhi: number): string {
  return hhi > 2000 ? 'highly concentrated' : hhi > 1000 ? 'concentrated' : 'unconcentrated';
}

/** A provider's volume: the metric's period value from its result, or the fact from its evidence. */
export function volumeOf(source: { metric: string } | { fact: string }, result: CheckResult, evidence: Evidence | undefined): number | null {
  if ('metric' in source) return result.metrics.find((m) => m.name === source.metric)?.value ?? null;
  const value = evidence?.facts[source.fact]?.value;
  return typeof value === 'number' ? value : null;
}

export function concentration(source: { metric: string } | { fact: string }, rows: readonly ProviderRow[], failed: number): Concentration {
  const label = 'metric' in source ? `metric ${source.metric}` : `fact ${source.fact}`;
  const shares = rows.map((r) => ({ provider: r.provider, volume: r.volume ?? null, share: null as number | null }));
  const missing = shares.filter((s) => s.volume === null).map((s) => s.provider);
  const notComputed = (reason: string): Concentration => ({ status: 'not_computed', reason, source: label, total: null, shares, largest: null, hhi: null, band: null });
  // Shares of a partial market would overstate everyone: no figure rather than a wrong one.
  if (failed > 0) return notComputed(`${failed} provider(s) could not be checked, so their volume is unknown`);
  if (missing.length > 0) return notComputed(`no volume for ${missing.join(', ')}`);
  const total = shares.reduce((sum, s) => sum + s.volume!, 0);
  if (total <= 0) return notComputed('the total volume is zero');
  const exact = shares.map((s) => ({ ...s, share: (100 * s.volume!) / total }));
  const hhi = exact.reduce((sum, s) => sum + s.share * s.share, 0);
  const top = exact.reduce((best, s) => (s.share > best.share ? s : best));
  return {
    status: 'computed',
    source: label,
    total: round(total),
    shares: exact.map((s) => ({ ...s, share: round(s.share, 2) })),
    largest: { provider: top.provider, share: round(top.share, 2) },
    hhi: Math.round(hhi),
    band: hhiBand(hhi),
  };
}

/** Compliant providers are accredited from the check's reference date for `months` months. */
export function register(rows: readonly ProviderRow[], months: number): AccreditationEntry[] {
  return rows.map((r) => {
    const accredited = r.verdict === 'compliant';
    return { provider: r.provider, accredited, verdict: r.verdict, checked: r.asOf, ...(accredited ? { expires: addMonths(r.asOf, months) } : {}) };
  });
}

/** ISO date plus whole months; a day past the end of the month is the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12), month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
