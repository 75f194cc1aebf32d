/** The portfolio report in markdown: providers, league table, benchmarks, payments, market oversight, method. */
import type { RootContent } from 'mdast';
import type { PortfolioReport } from '../portfolio/types.js';
import { pounds } from '../payments/context.js';
import { Big } from '../payments/money.js';
import { bullets, heading, num, paragraph, strong, stringifyMarkdown, table, text } from './mdast-kit.js';

const words = (s: string) => s.replace(/_/g, ' ');
const money = (v: string | null | undefined) => (v === null || v === undefined ? 'not computed' : pounds(new Big(v)));

export function renderPortfolioMarkdown(report: PortfolioReport): string {
  const n: RootContent[] = [heading(1, `Portfolio: ${report.spec.title}`)];
  n.push(paragraph(text(`Specification ${report.spec.id} ${report.spec.version} (${report.spec.commissioner}), sha256 ${report.spec.sha256}. `),
    strong(`${report.providers.length} provider(s) checked, ${report.failed.length} not checked.`)));

  n.push(heading(2, 'Providers'));
  const kpiHeads = report.kpis.map((k) => `${k.metric} (${k.rule})`);
  n.push(table(
    ['Provider', 'Verdict', 'Stage attained', 'Must failures', 'Evidence gaps', ...kpiHeads],
    report.providers.map((r) => [
      r.provider,
      words(r.verdict),
      r.stages.map((s) => `${s.group}: ${s.attained} of ${s.of}`).join('; ') || '—',
      r.mustFailures.join(', ') || 'none',
      r.evidenceGaps.join(', ') || 'none',
      ...r.kpis.map((k) => `${k.rag.toUpperCase()} ${num(k.value)}${k.threshold === null ? '' : ` vs ${num(k.threshold)}`}${k.window === 'period' ? '' : ` (${k.window})`}`),
    ]),
  ));

  if (report.failed.length > 0) {
    n.push(heading(2, 'Not checked'));
    n.push(paragraph(text('These evidence bundles could not be checked; every other provider was.')));
    n.push(bullets(report.failed.flatMap((f) => f.diagnostics.map((d) => `${f.evidence}: ${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`))));
  }

  n.push(heading(2, 'League table'));
  n.push(table(['Position', 'Provider', 'Must met %', 'Should met %', 'KPI points %'],
    report.league.map((e) => [String(e.position), e.provider, num(e.score.must), num(e.score.should), num(e.score.kpi)]), [0, 2, 3, 4]));
  n.push(paragraph(strong('Score'), text(`: ${report.method.score}`)));

  if (report.benchmarks.length > 0) {
    n.push(heading(2, 'Benchmarks'));
    n.push(table(['Metric', 'Better', 'n', 'Min', 'Lower quartile', 'Median', 'Upper quartile', 'Max'],
      report.benchmarks.map((b) => [b.metric, b.better, String(b.n), num(b.min), num(b.q1), num(b.median), num(b.q3), num(b.max)]), [2, 3, 4, 5, 6, 7]));
    for (const b of report.benchmarks) {
      n.push(heading(3, `${b.metric}: ${b.title}`));
      n.push(table(['Provider', 'Value', 'Rank', 'Position'], b.positions.map((p) => [p.provider, num(p.value, b.unit), p.rank === null ? '—' : `${p.rank} of ${b.n}`, p.quartile]), [1, 2]));
    }
  }

  if (report.payments) {
    n.push(heading(2, 'Payments'));
    const pools = report.payments.pools ?? [];
    n.push(table(
      ['Provider', 'Total due', ...pools.map((p) => `${p.title} (${p.payment})`)],
      report.providers.map((r) => [r.provider, money(r.paymentTotal), ...pools.map((p) => { const own = r.pools?.find((x) => x.payment === p.payment); return own ? money(own.amount) : '—'; })]),
      [1, ...pools.map((_, i) => i + 2)],
    ));
    n.push(paragraph(strong(`Portfolio total: ${money(report.payments.total)}`), text(report.payments.reason ? ` (${report.payments.reason})` : ' (exact sum of the providers\' totals).')));
    for (const p of pools) n.push(paragraph(strong(`${p.title}: ${money(p.total)}`), text(p.reason ? ` (${p.reason})` : ' shared among the providers checked.')));
    const basis = report.payments.poolBasis;
    if (basis) {
      n.push(paragraph(text(`Pool basis ${basis.file} (pool ${basis.pool}, shared by ${basis.measure}; sha256 ${basis.sha256}).`
        + (basis.notInPortfolio.length > 0 ? ` Also shared with providers not in this portfolio: ${basis.notInPortfolio.join(', ')}.` : '')
        + (basis.notInBasis.length > 0 ? ` Not in the basis, so no pool share: ${basis.notInBasis.join(', ')}.` : ''))));
    }
  }

  if (report.accreditation) {
    n.push(heading(2, 'Accreditation register'));
    n.push(paragraph(text(`A compliant check accredits the provider for ${report.accreditation.validForMonths} months from the check's reference date.`)));
    n.push(table(['Provider', 'Accredited', 'Verdict', 'Checked', 'Expires'],
      report.accreditation.register.map((e) => [e.provider, e.accredited ? 'yes' : 'no', words(e.verdict), e.checked, e.expires ?? '—'])));
  }

  if (report.concentration) {
    const c = report.concentration;
    n.push(heading(2, 'Concentration of supply'));
    if (c.status === 'not_computed') n.push(paragraph(strong('Not computed'), text(`: ${c.reason ?? ''} (volume from ${c.source}).`)));
    else {
      n.push(table(['Provider', 'Volume', 'Share %'], c.shares.map((s) => [s.provider, num(s.volume), num(s.share)]), [1, 2]));
      n.push(paragraph(strong(`HHI ${c.hhi}: ${c.band}. `), text(`Largest share: ${c.largest!.provider}, ${num(c.largest!.share)}% (volume from ${c.source}).`)));
    }
  }

  n.push(heading(2, 'Method'));
  n.push(paragraph(text('Two councils using the same specification and this method get comparable figures (common methodology).')));
  n.push(bullets([`RAG: ${report.method.rag}`, `Quantiles: ${report.method.quantiles}`, `Concentration: ${report.method.concentration}`, `Exit code: ${report.method.exit}`]));
  return stringifyMarkdown(n);
}
