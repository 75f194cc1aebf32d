/**
 * The formats `carespec portfolio --format` writes, a registry like formats.ts's for a CheckResult:
 * each a pure function of the PortfolioReport, loaded when used.
 */
import type { PortfolioReport } from '../portfolio/types.js';

export const PORTFOLIO_FORMATS = [
  { name: 'md', description: 'markdown portfolio report (the default)', extension: 'md', load: async () => (await import('./portfolio-markdown.js')).renderPortfolioMarkdown },
  { name: 'json', description: 'the PortfolioReport (format portfolio/1, docs/formats.md)', extension: 'json', load: async () => (report: PortfolioReport) => `${JSON.stringify(report, null, 2)}\n` },
] as const;

export type PortfolioFormatName = (typeof PORTFOLIO_FORMATS)[number]['name'];
export const PORTFOLIO_FORMAT_NAMES: readonly PortfolioFormatName[] = PORTFOLIO_FORMATS.map((f) => f.name);

export async function renderPortfolio(format: PortfolioFormatName, report: PortfolioReport): Promise<string> {
  const entry = PORTFOLIO_FORMATS.find((f) => f.name === format);
  if (!entry) throw new Error(`Unknown portfolio format "${format}"`);
  return (await entry.load())(report);
}
