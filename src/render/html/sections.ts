/** The sections of the HTML report, each a function of the result. All text goes through `html`. */
import type { CheckResult, GroupResult, RuleResult } from '../../model/types.js';
import { formatValue } from '../../evaluate/messages.js';
import { STAGE_WORDS, STATUS_ORDER, STATUS_WORDS, VERDICT_WORDS, formatNumber } from '../words.js';
import { html, join, type Html } from './escape.js';
import { trendFigure, trendOf, type Trend } from './chart.js';

const SYMBOL: Record<string, string> = { pass: '✓', met: '✓', compliant: '✓', fail: '✗', not_met: '✗', not_compliant: '✗', error: '!', not_evidenced: '?', insufficient_evidence: '?' };

export function badge(status: keyof typeof STATUS_WORDS): Html {
  return html`<span class="badge s-${status}"><span aria-hidden="true">${SYMBOL[status] ?? '–'} </span>${STATUS_WORDS[status]}</span>`;
}

export function header(result: CheckResult): Html {
  return html`<header>
<p class="kicker">carespec compliance report</p>
<h1>${result.spec.title}</h1>
<p class="meta"><span>Provider: ${result.provider.name} (${result.provider.region})</span><span>Period ${result.period.start} to ${result.period.end}</span><span>As of ${result.asOf}</span></p>
<p class="meta"><span>Commissioner: ${result.spec.commissioner}</span><span>Specification ${result.spec.id} version ${result.spec.version}</span></p>
</header>`;
}

const POLICY_WORDS = { must: 'every must-rule passes (should-rules are reported but do not decide)', all: 'every rule passes' } as const;

export function verdictSection(result: CheckResult): Html {
  const mustFailing = result.rules.filter((r) => r.severity === 'must' && (r.status === 'fail' || r.status === 'error')).length;
  const gaps = result.rules.filter((r) => r.status === 'not_evidenced').length;
  return html`<section id="verdict" class="keep" aria-labelledby="verdict-h">
<h2 id="verdict-h">Verdict</h2>
<div class="verdict s-${result.verdict}">
<span class="sym" aria-hidden="true">${SYMBOL[result.verdict]}</span>
<div><p class="word">${VERDICT_WORDS[result.verdict]}</p>
<p>${mustFailing} must-rule${mustFailing === 1 ? '' : 's'} failing · ${gaps} rule${gaps === 1 ? '' : 's'} without evidence · ${result.rules.length} rules checked. Compliant when ${POLICY_WORDS[result.verdictPolicy]}.</p></div>
</div>
${join(result.groups.filter((g) => g.stages && g.stages.length > 0).map(ladder))}
</section>`;
}

function ladder(group: GroupResult): Html {
  const stages = group.stages ?? [];
  return html`<h3>${group.title}: ${group.stage ? `stage ${group.stage.attained} of ${group.stage.of} attained` : group.outcome}</h3>
<ol class="ladder" aria-label="${group.title} stages">
${join(
  stages.map(
    (s) => html`<li class="s-${s.status}"><span class="rung">${s.name}</span><span class="badge s-${s.status}"><span aria-hidden="true">${SYMBOL[s.status] ?? '–'} </span>${STAGE_WORDS[s.status]}</span>${s.attained ? html` <span>(attained)</span>` : ''}${
      s.because.length > 0 ? html`<span class="because">because ${join(s.because.map((b) => html`<code>${b.id}</code> ${STATUS_WORDS[b.status]}`), '; ')}</span>` : ''
    }</li>`,
  ),
  '\n',
)}
</ol>`;
}

export function summarySection(result: CheckResult): Html {
  const total = Math.max(1, result.rules.length);
  return html`<section id="summary" class="keep" aria-labelledby="summary-h">
<h2 id="summary-h">Status summary</h2>
<table>
<caption>Rules by status (${result.rules.length} rules)</caption>
<thead><tr><th scope="col">Status</th><th scope="col" class="num">Must</th><th scope="col" class="num">Should</th><th scope="col" class="num">All</th><th scope="col">Share</th></tr></thead>
<tbody>
${join(
  STATUS_ORDER.map((status) => {
    const all = result.counts[status];
    const must = result.rules.filter((r) => r.status === status && r.severity === 'must').length;
    return html`<tr><th scope="row">${badge(status)}</th><td class="num">${must}</td><td class="num">${all - must}</td><td class="num">${all}</td><td><div class="bar s-${status}" style="width: ${formatNumber((100 * all) / total)}%" aria-hidden="true"></div></td></tr>`;
  }),
  '\n',
)}
</tbody>
</table>
</section>`;
}

const failing = (r: RuleResult) => r.status === 'fail' || r.status === 'error';

export function mustFailuresSection(result: CheckResult, limit: number): Html {
  const rules = result.rules.filter((r) => r.severity === 'must' && failing(r));
  const shown = rules.slice(0, limit);
  return html`<section id="must-failures" aria-labelledby="must-failures-h">
<h2 id="must-failures-h">Must-rules failing (${rules.length})</h2>
${rules.length === 0 ? html`<p>No must-rule fails.</p>` : ''}
${join(
  shown.map(
    (r) => html`<article class="failure" aria-labelledby="mf-${slug(r.id)}">
<h3 id="mf-${slug(r.id)}">${badge(r.status)} ${r.title}</h3>
<p><code>${r.id}</code>${r.clause ? html` · clause ${r.clause.id} ${r.clause.title}` : ''}</p>
<p>${r.status === 'error' ? r.error ?? r.message : r.message}</p>
${r.records ? html`<p><span class="label">Rows:</span> ${r.records.failed} of ${r.records.checked} fail${r.records.tolerance > 0 ? ` (tolerance ${formatNumber(r.records.tolerance * 100)}%)` : ''}.</p>` : ''}
<p><span class="label">To put right:</span> ${r.remediation}</p>
</article>`,
  ),
  '\n',
)}
${rules.length > shown.length ? html`<p class="more">and ${rules.length - shown.length} more must-rules failing: see the full report (--audience full).</p>` : ''}
</section>`;
}

export function gapsSection(result: CheckResult, limit: number): Html {
  const rules = result.rules.filter((r) => r.status === 'not_evidenced').sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'must' ? -1 : 1));
  const shown = rules.slice(0, limit);
  return html`<section id="gaps" class="keep" aria-labelledby="gaps-h">
<h2 id="gaps-h">Evidence gaps (${rules.length})</h2>
${
  rules.length === 0
    ? html`<p>Every rule had the evidence it needs.</p>`
    : html`<table>
<caption>Rules that could not be judged, and what to supply</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">What to supply</th></tr></thead>
<tbody>
${join(
  shown.map(
    (r) => html`<tr><th scope="row"><code>${r.id}</code> ${r.title}</th><td>${r.severity}</td><td>${r.missing.length > 0 ? join(r.missing.map((m) => html`<code>${m}</code>`), ', ') : ''}${r.missing.length > 0 ? html`<br>` : ''}${r.message}</td></tr>`,
  ),
  '\n',
)}
</tbody>
</table>`
}
${rules.length > shown.length ? html`<p class="more">and ${rules.length - shown.length} more: see the full report.</p>` : ''}
</section>`;
}

/** Windowed metrics, those tested by a failing must-rule first, then failing should-rules, then the rest. */
export function trends(result: CheckResult): Trend[] {
  const rank = (t: Trend) => (t.rule && failing(t.rule) ? (t.rule.severity === 'must' ? 0 : 1) : t.rule ? 2 : 3);
  return result.metrics
    .filter((m) => m.window !== 'period' && m.windows.length > 0)
    .map((m) => trendOf(m, result.rules))
    .map((t, index) => ({ t, index }))
    .sort((a, b) => rank(a.t) - rank(b.t) || a.index - b.index)
    .map(({ t }) => t);
}

export function trendsSection(list: readonly Trend[], heading: string): Html {
  if (list.length === 0) return html``;
  return html`<section id="trends" aria-labelledby="trends-h">
<h2 id="trends-h">${heading}</h2>
${join(list.map((t, i) => trendFigure(t, `chart-${i + 1}`)), '\n')}
</section>`;
}

export function periodMetricsSection(result: CheckResult): Html {
  const metrics = result.metrics.filter((m) => m.window === 'period' || m.windows.length === 0);
  if (metrics.length === 0) return html``;
  return html`<section id="metrics" class="keep" aria-labelledby="metrics-h">
<h2 id="metrics-h">Metrics over the period</h2>
<table>
<thead><tr><th scope="col">Metric</th><th scope="col" class="num">Value</th><th scope="col">Unit</th><th scope="col">Source</th></tr></thead>
<tbody>
${join(
  metrics.map(
    (m) => html`<tr><th scope="row">${m.title} <code>${m.name}</code></th><td class="num">${m.value === null ? 'none' : formatNumber(m.value)}</td><td>${m.unit ?? ''}</td><td>${m.value === null && m.reason ? m.reason : m.source}</td></tr>`,
  ),
  '\n',
)}
</tbody>
</table>
</section>`;
}

export function groupsSection(result: CheckResult): Html {
  if (result.groups.length === 0) return html``;
  return html`<section id="groups" class="keep" aria-labelledby="groups-h">
<h2 id="groups-h">Groups</h2>
<table>
<thead><tr><th scope="col">Group</th><th scope="col">Attained</th><th scope="col">Outcome</th></tr></thead>
<tbody>
${join(result.groups.map((g) => html`<tr><th scope="row">${g.title}</th><td>${g.attained ? 'yes' : 'no'}${g.assessed ? '' : ' (not assessed)'}</td><td>${g.outcome}</td></tr>`), '\n')}
</tbody>
</table>
</section>`;
}

/** Every rule, under its clause, each in a <details> (opened when printed). */
export function clausesSection(result: CheckResult, rowLimit: number): Html {
  const byClause = new Map<string, { title: string; rules: RuleResult[] }>();
  for (const rule of result.rules) {
    const key = rule.clause ? `${rule.clause.id} ${rule.clause.title}` : 'Rules selected without a clause';
    const entry = byClause.get(key) ?? { title: key, rules: [] };
    entry.rules.push(rule);
    byClause.set(key, entry);
  }
  return html`<section id="clauses" aria-labelledby="clauses-h">
<h2 id="clauses-h">Detail by clause</h2>
${join(
  [...byClause.values()].map((c) => html`<h3>${c.title}</h3>
${join(c.rules.map((r) => ruleDetails(r, rowLimit)), '\n')}`),
  '\n',
)}
</section>`;
}

function ruleDetails(r: RuleResult, rowLimit: number): Html {
  return html`<details id="rule-${slug(r.id)}">
<summary>${badge(r.status)}<code>${r.id}</code> ${r.title} <span class="meta">(${r.severity})</span></summary>
<p>${r.message}</p>
<dl class="facts">
${r.sourceClause ? html`<dt>Source clause</dt><dd>${r.sourceClause}</dd>` : ''}
<dt>Library</dt><dd>${r.origin}</dd>
${r.references.length > 0 ? html`<dt>References</dt><dd>${r.references.join(', ')}</dd>` : ''}
${r.missing.length > 0 ? html`<dt>Missing</dt><dd>${join(r.missing.map((m) => html`<code>${m}</code>`), ', ')}</dd>` : ''}
${r.error ? html`<dt>Error</dt><dd>${r.error}</dd>` : ''}
${r.waiver ? html`<dt>Waiver</dt><dd>${r.waiver.status.replace(/_/g, ' ')}: ${r.waiver.justification} (approved by ${r.waiver.approved_by} on ${r.waiver.approved_on}, expires ${r.waiver.expires})</dd>` : ''}
<dt>To put right</dt><dd>${r.remediation}</dd>
</dl>
${r.seen.length > 0 ? html`<table><caption>Evidence seen</caption><thead><tr><th scope="col">Path</th><th scope="col">Value</th><th scope="col">Source</th></tr></thead><tbody>
${join(r.seen.map((s) => html`<tr><td><code>${s.path}</code></td><td>${formatValue(s.value)}</td><td>${s.source ?? ''}</td></tr>`), '\n')}
</tbody></table>` : ''}
${r.parameters.length > 0 ? html`<table><caption>Parameters applied</caption><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th><th scope="col">In force from</th><th scope="col">Region series</th></tr></thead><tbody>
${join(r.parameters.map((p) => html`<tr><td>${p.title} <code>${p.name}</code></td><td>${formatValue(p.value)}${p.unit ? ` ${p.unit}` : ''}${p.overridden ? ' (set by the specification)' : ''}</td><td>${p.from}</td><td>${p.region}</td></tr>`), '\n')}
</tbody></table>` : ''}
${r.records ? recordsTable(r, rowLimit) : ''}
${r.windows && r.windows.length > 0 ? html`<table><caption>Windows</caption><thead><tr><th scope="col">Window</th><th scope="col">Status</th><th scope="col">Values</th></tr></thead><tbody>
${join(r.windows.map((w) => html`<tr><th scope="row">${w.label}</th><td>${w.status.replace('_', ' ')}</td><td>${Object.entries(w.values).map(([k, v]) => `${k} ${v === null ? 'no data' : formatNumber(v)}`).join('; ')}</td></tr>`), '\n')}
</tbody></table>` : ''}
</details>`;
}

function recordsTable(r: RuleResult, rowLimit: number): Html {
  const records = r.records!;
  const failures = records.failures.slice(0, rowLimit);
  const columns = [...new Set(failures.flatMap((f) => Object.keys(f.values)))];
  return html`<p><span class="label">Rows:</span> ${records.failed} of ${records.checked} fail (tolerance ${formatNumber(records.tolerance * 100)}%).</p>
${failures.length > 0 ? html`<table><caption>First failing rows</caption><thead><tr><th scope="col">File</th><th scope="col" class="num">Line</th>${join(columns.map((c) => html`<th scope="col">${c}</th>`))}</tr></thead><tbody>
${join(failures.map((f) => html`<tr><td>${f.file}</td><td class="num">${f.line}</td>${join(columns.map((c) => html`<td>${formatValue(f.values[c])}</td>`))}</tr>`), '\n')}
</tbody></table>` : ''}
${records.failed > failures.length ? html`<p class="more">${records.failed - failures.length} more failing rows: every line is in the JSON and SARIF reports.</p>` : ''}`;
}

export function findingsSection(result: CheckResult): Html {
  if (result.findings.length === 0 && result.warnings.length === 0) return html``;
  return html`<section id="findings" class="keep" aria-labelledby="findings-h">
<h2 id="findings-h">Findings about the evidence and warnings</h2>
${result.findings.length > 0 ? html`<table><thead><tr><th scope="col">Severity</th><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">Finding</th></tr></thead><tbody>
${join(result.findings.map((f) => html`<tr><td>${f.severity}</td><td>${f.kind.replace('_', ' ')}</td><td>${f.file ?? f.dataset ?? ''}${f.lines && f.lines.length > 0 ? ` line ${f.lines.slice(0, 5).join(', ')}${f.lines.length > 5 ? ', …' : ''}` : f.line !== undefined && f.line > 0 ? ` line ${f.line}` : ''}</td><td>${f.message}</td></tr>`), '\n')}
</tbody></table>` : ''}
${result.warnings.length > 0 ? html`<ul>${join(result.warnings.map((w) => html`<li>${w.message}</li>`), '\n')}</ul>` : ''}
</section>`;
}

export function appendixSection(result: CheckResult): Html {
  return html`<section id="inputs" class="keep" aria-labelledby="inputs-h">
<h2 id="inputs-h">Appendix: inputs</h2>
<table>
<caption>Every file the check read, with its SHA-256</caption>
<thead><tr><th scope="col">Role</th><th scope="col">Path</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${join(result.inputs.map((i) => html`<tr><td>${i.role}</td><td>${i.path}</td><td><code>${i.sha256}</code></td></tr>`), '\n')}
</tbody>
</table>
</section>`;
}

/** An id-safe token: rule ids are kebab-case already, but an id attribute must not depend on that. */
export function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

