/**
 * The HTML report: one self-contained file (inline CSS and SVG, no script, no external resource;
 * a Content-Security-Policy forbids any request), rendered from the CheckResult. Pure and
 * deterministic: the same result gives the same bytes.
 *
 * `board`: what a contract board reads in two A4 pages (verdict, stage ladder, must failures,
 * evidence gaps, the key charts). `full`: everything, with every rule's detail under its clause.
 */
import type { CheckResult } from '../../model/types.js';
import type { FormatOptions } from '../formats.js';
import { VERDICT_WORDS } from '../words.js';
import { html, type Html } from './escape.js';
import { htmlPage } from './page.js';
import {
  appendixSection, clausesSection, findingsSection, gapsSection, groupsSection, header, mustFailuresSection,
  periodMetricsSection, summarySection, trends, trendsSection, verdictSection,
} from './sections.js';

/** Board report limits, so it fits two A4 pages; the full report lists everything. */
export const BOARD_LIMITS = { mustFailures: 4, gaps: 5, charts: 2 } as const;
/** Failing rows shown per rule in the full report (JSON and SARIF have every line). */
export const HTML_ROW_LIMIT = 10;

export function renderHtml(result: CheckResult, options: FormatOptions = {}): string {
  const board = options.audience === 'board';
  const all = trends(result);
  const body: Html[] = board
    ? [
        verdictSection(result),
        mustFailuresSection(result, BOARD_LIMITS.mustFailures),
        gapsSection(result, BOARD_LIMITS.gaps),
        trendsSection(all.slice(0, BOARD_LIMITS.charts), 'Key KPI trends'),
      ]
    : [
        verdictSection(result),
        summarySection(result),
        mustFailuresSection(result, Number.POSITIVE_INFINITY),
        gapsSection(result, Number.POSITIVE_INFINITY),
        trendsSection(all, 'KPI trends by window'),
        periodMetricsSection(result),
        groupsSection(result),
        clausesSection(result, HTML_ROW_LIMIT),
        findingsSection(result),
        appendixSection(result),
      ];
  return htmlPage({
    title: `${VERDICT_WORDS[result.verdict]}: ${result.spec.title} (${result.provider.name})`,
    version: result.engine.version,
    header: header(result),
    main: body,
    footer: html`<p>${board ? 'Board summary: the full report (--audience full) has every rule, its evidence and the input hashes. ' : ''}carespec ${result.engine.version}, results schema ${result.schemaVersion}${result.generatedAt ? `, generated ${result.generatedAt}` : ''}. Verdict policy: ${result.verdictPolicy}.</p>`,
  });
}
