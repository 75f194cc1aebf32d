/**
 * The report's only stylesheet, inline. Colours pass WCAG AA against their backgrounds (white
 * text on the status colours is at least 5.5:1); every colour is paired with a word or symbol.
 * Print: A4, short sections kept whole, long ones broken only between their items, every
 * <details> shown open.
 */
export const STYLE = `
:root { --pass: #1a6b2f; --fail: #b3261e; --gap: #8a5300; --waived: #1f4e8c; --error: #6a1b9a; --muted: #545454; --ink: #1b1b1b; --line: #c8c8c8; --soft: #f3f4f6; }
* { box-sizing: border-box; }
html { color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem 1.25rem 3rem; }
a { color: var(--waived); }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.4rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 0.6rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
.kicker { margin: 0; color: var(--muted); font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.04em; }
.meta { margin: 0; color: var(--muted); }
.meta span + span::before { content: " · "; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 0.8rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; overflow-wrap: anywhere; }
.badge { display: inline-block; min-width: 6.5rem; padding: 0.05rem 0.45rem; border-radius: 0.25rem; color: #fff; font-weight: 600; font-size: 0.85rem; text-align: center; white-space: nowrap; }
.bar { height: 0.8rem; background: var(--muted); border-radius: 0.15rem; }
.s-pass, .s-met, .s-met_not_applicable, .s-compliant { background: var(--pass); }
.s-fail, .s-not_met, .s-not_compliant { background: var(--fail); }
.s-not_evidenced, .s-insufficient_evidence { background: var(--gap); }
.s-waived, .s-met_with_waiver { background: var(--waived); }
.s-error { background: var(--error); }
.s-not_applicable, .s-not_selected, .s-not_assessed { background: var(--muted); }
.verdict { display: flex; gap: 1rem; align-items: center; padding: 0.8rem 1rem; border-radius: 0.4rem; color: #fff; margin: 0.6rem 0; }
.verdict .word { font-size: 1.6rem; font-weight: 700; }
.verdict .sym { font-size: 2rem; line-height: 1; }
.verdict p { margin: 0; }
.ladder { list-style: none; padding: 0; margin: 0.4rem 0 0.8rem; display: flex; flex-wrap: wrap; gap: 0.4rem; }
.ladder li { flex: 1 1 12rem; border: 1px solid var(--line); border-left-width: 0.5rem; border-radius: 0.3rem; padding: 0.4rem 0.6rem; }
.ladder li.s-met, .ladder li.s-met_not_applicable { border-left-color: var(--pass); }
.ladder li.s-not_met { border-left-color: var(--fail); }
.ladder li.s-not_evidenced { border-left-color: var(--gap); }
.ladder li.s-met_with_waiver { border-left-color: var(--waived); }
.ladder li.s-not_assessed { border-left-color: var(--muted); }
.ladder li { background: #fff; }
.ladder .rung { font-weight: 700; display: block; }
.ladder .because { font-size: 0.85rem; color: var(--muted); display: block; }
.failure { border: 1px solid var(--line); border-left: 0.4rem solid var(--fail); border-radius: 0.3rem; padding: 0.4rem 0.7rem; margin: 0.5rem 0; }
.failure h3 { margin: 0.1rem 0 0.3rem; }
.failure p { margin: 0.2rem 0; }
.label { font-weight: 600; }
.chart { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0.8rem; align-items: start; margin: 0.6rem 0 1rem; }
.chart h3 { grid-column: 1 / -1; margin: 0; }
.chart svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 0.3rem; background: #fff; }
.chart table { margin: 0; }
.chart .note { grid-column: 1 / -1; margin: 0; font-size: 0.85rem; color: var(--muted); }
details { border: 1px solid var(--line); border-radius: 0.3rem; margin: 0.35rem 0; padding: 0 0.6rem; }
details[open] { padding-bottom: 0.5rem; }
summary { cursor: pointer; padding: 0.35rem 0; }
summary .badge { margin-right: 0.5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0.3rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.more { color: var(--muted); font-style: italic; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.3rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  .skip { display: none; }
  /* Short sections stay whole; long ones (failures, charts, clauses) break between their items, never inside one. */
  section.keep, figure, .failure, .chart, tr, details, .ladder li { break-inside: avoid; }
  h2 { margin-top: 1rem; }
  .chart { margin: 0.3rem 0 0.5rem; }
  .chart svg { max-height: 50mm; }
  .failure { margin: 0.3rem 0; padding: 0.25rem 0.6rem; }
  h2, h3 { break-after: avoid; }
  details::details-content { content-visibility: visible; display: block; }
  details > summary { list-style: none; }
  .verdict, .badge, .bar, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
}
`;
