/**
 * The portfolio report as one self-contained HTML file: the check report's stylesheet and
 * Content-Security-Policy (inline CSS, no script, no request), every provider in every table, and
 * all text through `html`, so evidence text cannot become markup. Pure: same report, same bytes.
 */
import type { Verdict } from '../../model/types.js';
import type { PortfolioReport, ProviderRow, Rag } from '../../portfolio/types.js';
import { pounds } from '../../payments/context.js';
import { Big } from '../../payments/money.js';
import { VERDICT_WORDS, formatNumber } from '../words.js';
import { html, join, type Html } from './escape.js';
import { htmlPage } from './page.js';

/** RAG colours are the status colours of the check report; each cell also says the word. */
const PORTFOLIO_STYLE = `
.rag { display: inline-block; min-width: 3.6rem; padding: 0 0.35rem; border-radius: 0.25rem; color: #fff; font-weight: 600; font-size: 0.8rem; text-align: center; }
.rag-green { background: var(--pass); }
.rag-amber { background: var(--gap); }
.rag-red { background: var(--fail); }
.rag-none { background: var(--muted); }
.share { display: flex; align-items: center; gap: 0.4rem; }
.share .bar { flex: 0 0 auto; }
@media print { .rag { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

const num = (v: number | null | undefined, unit?: string): string => (v === null || v === undefined ? '—' : `${formatNumber(v)}${unit === 'percent' ? ' %' : ''}`);
const money = (v: string | null | undefined): string => (v === null || v === undefined ? 'not computed' : pounds(new Big(v)));
const VERDICT_SYMBOL: Record<Verdict, string> = { compliant: '✓', not_compliant: '✗', insufficient_evidence: '?' };
const badge = (v: Verdict): Html => html`<span class="badge s-${v}"><span aria-hidden="true">${VERDICT_SYMBOL[v]} </span>${VERDICT_WORDS[v]}</span>`;
const rag = (r: Rag): Html => html`<span class="rag rag-${r}">${r === 'none' ? 'none' : r.toUpperCase()}</span>`;

export function renderPortfolioHtml(report: PortfolioReport): string {
  const body: Html[] = [
    summarySection(report),
    providersSection(report),
    report.failed.length > 0 ? notCheckedSection(report) : html``,
    leagueSection(report),
    report.benchmarks.length > 0 ? benchmarksSection(report) : html``,
    report.payments ? paymentsSection(report) : html``,
    report.accreditation ? accreditationSection(report) : html``,
    report.concentration ? concentrationSection(report) : html``,
    methodSection(report),
  ];
  return htmlPage({
    title: `Portfolio: ${report.spec.title}`,
    version: report.engine.version,
    extraStyle: PORTFOLIO_STYLE,
    header: html`<header>
<p class="kicker">carespec portfolio report</p>
<h1>${report.spec.title}</h1>
<p class="meta"><span>Commissioner: ${report.spec.commissioner}</span><span>Specification ${report.spec.id} version ${report.spec.version}</span></p>
<p class="meta"><span>sha256 <code>${report.spec.sha256}</code></span></p>
</header>`,
    main: join(body, '\n'),
    footer: html`<p>carespec ${report.engine.version}, ${report.format}. Two councils using the same specification and this method get comparable figures.</p>`,
  });
}

function summarySection(report: PortfolioReport): Html {
  const count = (v: ProviderRow['verdict']) => report.providers.filter((p) => p.verdict === v).length;
  return html`<section id="summary" class="keep" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p><strong>${report.providers.length} provider${report.providers.length === 1 ? '' : 's'} checked, ${report.failed.length} not checked.</strong></p>
<table>
<caption>Providers by verdict</caption>
<thead><tr><th scope="col">Verdict</th><th scope="col" class="num">Providers</th></tr></thead>
<tbody>
${join((['compliant', 'insufficient_evidence', 'not_compliant'] as const).map((v) => html`<tr><td>${badge(v)}</td><td class="num">${count(v)}</td></tr>`), '\n')}
</tbody>
</table>
</section>`;
}

function providersSection(report: PortfolioReport): Html {
  const kpiHeads = report.kpis.map((k) => html`<th scope="col">${k.title} <code>${k.rule}</code></th>`);
  const rows = report.providers.map((r) => html`<tr>
<th scope="row">${r.provider}<br><code>${r.evidence}</code></th>
<td>${badge(r.verdict)}</td>
<td>${r.stages.map((s) => `${s.group}: ${s.attained} of ${s.of}`).join('; ') || '—'}</td>
<td>${r.mustFailures.length === 0 ? 'none' : join(r.mustFailures.map((id) => html`<code>${id}</code>`), ', ')}</td>
<td>${r.evidenceGaps.length === 0 ? 'none' : join(r.evidenceGaps.map((id) => html`<code>${id}</code>`), ', ')}</td>
${join(r.kpis.map((k) => html`<td>${rag(k.rag)} ${num(k.value)}${k.threshold === null ? '' : ` vs ${num(k.threshold)}`}${k.window === 'period' ? '' : ` (${k.window})`}</td>`))}
</tr>`);
  return html`<section id="providers" aria-labelledby="providers-h">
<h2 id="providers-h">Providers</h2>
<table>
<caption>One row per provider: verdict, stages attained, must failures, evidence gaps and each KPI's RAG (value judged vs threshold)</caption>
<thead><tr><th scope="col">Provider</th><th scope="col">Verdict</th><th scope="col">Stage attained</th><th scope="col">Must failures</th><th scope="col">Evidence gaps</th>${join(kpiHeads)}</tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</section>`;
}

function notCheckedSection(report: PortfolioReport): Html {
  return html`<section id="not-checked" aria-labelledby="not-checked-h">
<h2 id="not-checked-h">Not checked</h2>
<p>These evidence bundles could not be checked; every other provider was.</p>
<ul>
${join(report.failed.flatMap((f) => f.diagnostics.map((d) => html`<li><code>${f.evidence}</code>: <code>${d.file}:${d.line}:${d.column}</code> ${d.code}: ${d.message}</li>`)), '\n')}
</ul>
</section>`;
}

function leagueSection(report: PortfolioReport): Html {
  return html`<section id="league" aria-labelledby="league-h">
<h2 id="league-h">League table</h2>
<table>
<thead><tr><th scope="col" class="num">Position</th><th scope="col">Provider</th><th scope="col" class="num">Must met %</th><th scope="col" class="num">Should met %</th><th scope="col" class="num">KPI points %</th></tr></thead>
<tbody>
${join(report.league.map((e) => html`<tr><td class="num">${e.position}</td><th scope="row">${e.provider}</th><td class="num">${num(e.score.must)}</td><td class="num">${num(e.score.should)}</td><td class="num">${num(e.score.kpi)}</td></tr>`), '\n')}
</tbody>
</table>
<p><span class="label">Score:</span> ${report.method.score}</p>
</section>`;
}

function benchmarksSection(report: PortfolioReport): Html {
  return html`<section id="benchmarks" aria-labelledby="benchmarks-h">
<h2 id="benchmarks-h">Benchmarks</h2>
<table>
<caption>Quartiles per KPI metric (Hyndman &amp; Fan definition 7)</caption>
<thead><tr><th scope="col">Metric</th><th scope="col">Better</th><th scope="col" class="num">n</th><th scope="col" class="num">Min</th><th scope="col" class="num">Lower quartile</th><th scope="col" class="num">Median</th><th scope="col" class="num">Upper quartile</th><th scope="col" class="num">Max</th></tr></thead>
<tbody>
${join(report.benchmarks.map((b) => html`<tr><th scope="row">${b.title} <code>${b.metric}</code></th><td>${b.better}</td><td class="num">${b.n}</td><td class="num">${num(b.min, b.unit)}</td><td class="num">${num(b.q1, b.unit)}</td><td class="num">${num(b.median, b.unit)}</td><td class="num">${num(b.q3, b.unit)}</td><td class="num">${num(b.max, b.unit)}</td></tr>`), '\n')}
</tbody>
</table>
${join(report.benchmarks.map((b) => html`<details>
<summary>${b.title} <code>${b.metric}</code>: each provider's rank</summary>
<table>
<thead><tr><th scope="col">Provider</th><th scope="col" class="num">Value</th><th scope="col" class="num">Rank</th><th scope="col">Position</th></tr></thead>
<tbody>
${join(b.positions.map((p) => html`<tr><th scope="row">${p.provider}</th><td class="num">${num(p.value, b.unit)}</td><td class="num">${p.rank === null ? '—' : `${p.rank} of ${b.n}`}</td><td>${p.quartile}</td></tr>`), '\n')}
</tbody>
</table>
</details>`), '\n')}
</section>`;
}

function paymentsSection(report: PortfolioReport): Html {
  const payments = report.payments!;
  const pools = payments.pools ?? [];
  const basis = payments.poolBasis;
  return html`<section id="payments" aria-labelledby="payments-h">
<h2 id="payments-h">Payments</h2>
<table>
<thead><tr><th scope="col">Provider</th><th scope="col" class="num">Total due</th>${join(pools.map((p) => html`<th scope="col" class="num">${p.title} <code>${p.payment}</code></th>`))}</tr></thead>
<tbody>
${join(report.providers.map((r) => html`<tr><th scope="row">${r.provider}</th><td class="num">${money(r.paymentTotal)}</td>${join(pools.map((p) => {
    const own = r.pools?.find((x) => x.payment === p.payment);
    return html`<td class="num">${own ? money(own.amount) : '—'}${own?.reason ? html`<br><span class="more">${own.reason}</span>` : ''}</td>`;
  }))}</tr>`), '\n')}
</tbody>
<tfoot><tr><th scope="row">Portfolio</th><td class="num"><strong>${money(payments.total)}</strong></td>${join(pools.map((p) => html`<td class="num"><strong>${money(p.total)}</strong></td>`))}</tr></tfoot>
</table>
${payments.reason ? html`<p>${payments.reason}</p>` : html`<p>Exact sums of the providers' amounts.</p>`}
${basis ? html`<p><span class="label">Pool basis</span> <code>${basis.file}</code> (pool <code>${basis.pool}</code>, shared by ${basis.measure}; sha256 <code>${basis.sha256}</code>).${basis.notInPortfolio.length > 0 ? ` Also shared with providers not in this portfolio: ${basis.notInPortfolio.join(', ')}.` : ''}${basis.notInBasis.length > 0 ? ` Not in the basis, so no pool share: ${basis.notInBasis.join(', ')}.` : ''}</p>` : ''}
</section>`;
}

function accreditationSection(report: PortfolioReport): Html {
  const a = report.accreditation!;
  return html`<section id="accreditation" aria-labelledby="accreditation-h">
<h2 id="accreditation-h">Accreditation register</h2>
<p>A compliant check accredits the provider for ${a.validForMonths} months from the check's reference date.</p>
<table>
<thead><tr><th scope="col">Provider</th><th scope="col">Accredited</th><th scope="col">Verdict</th><th scope="col">Checked</th><th scope="col">Expires</th></tr></thead>
<tbody>
${join(a.register.map((e) => html`<tr><th scope="row">${e.provider}</th><td>${e.accredited ? 'yes' : 'no'}</td><td>${VERDICT_WORDS[e.verdict]}</td><td>${e.checked}</td><td>${e.expires ?? '—'}</td></tr>`), '\n')}
</tbody>
</table>
</section>`;
}

function concentrationSection(report: PortfolioReport): Html {
  const c = report.concentration!;
  const body = c.status === 'not_computed'
    ? html`<p><strong>Not computed</strong>: ${c.reason ?? ''} (volume from ${c.source}).</p>`
    : html`<table>
<thead><tr><th scope="col">Provider</th><th scope="col" class="num">Volume</th><th scope="col">Share</th></tr></thead>
<tbody>
${join(c.shares.map((s) => html`<tr><th scope="row">${s.provider}</th><td class="num">${num(s.volume)}</td><td><span class="share"><span class="bar" style="width: ${Math.max(0.1, (s.share ?? 0) * 0.12).toFixed(2)}rem" aria-hidden="true"></span>${num(s.share)} %</span></td></tr>`), '\n')}
</tbody>
</table>
<p><strong>HHI ${c.hhi}: ${c.band}.</strong> Largest share: ${c.largest!.provider}, ${num(c.largest!.share)} % (volume from ${c.source}).</p>`;
  return html`<section id="concentration" aria-labelledby="concentration-h">
<h2 id="concentration-h">Concentration of supply</h2>
${body}
</section>`;
}

function methodSection(report: PortfolioReport): Html {
  const m = report.method;
  return html`<section id="method" aria-labelledby="method-h">
<h2 id="method-h">Method</h2>
<dl class="facts">
<dt>RAG</dt><dd>${m.rag}</dd>
<dt>Score</dt><dd>${m.score}</dd>
<dt>Quantiles</dt><dd>${m.quantiles}</dd>
<dt>Concentration</dt><dd>${m.concentration}</dd>
<dt>Exit code</dt><dd>${m.exit}</dd>
</dl>
</section>`;
}
