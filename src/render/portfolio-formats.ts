/**
 * The formats `carespec portfolio --format` writes (a DocumentFormat registry): each a pure
 * function of the PortfolioReport, loaded when used.
 */
import type { PortfolioReport } from '../portfolio/types.js';
import { formatNames, renderDocument, renderJsonDocument, type DocumentFormat } from './document-formats.js';

export const PORTFOLIO_FORMATS = [
  { name: 'md', description: 'markdown portfolio report (the default)', extension: 'md', load: async () => (await import('./portfolio-markdown.js')).renderPortfolioMarkdown },
  { name: 'json', description: 'the PortfolioReport (format portfolio/2, schemas/portfolio-report.schema.json)', extension: 'json', load: async () => renderJsonDocument<PortfolioReport> },
  { name: 'html', description: 'self-contained HTML portfolio report; prints to A4', extension: 'html', load: async () => (await import('./html/portfolio.js')).renderPortfolioHtml },
] as const satisfies readonly DocumentFormat<PortfolioReport>[];

export type PortfolioFormatName = (typeof PORTFOLIO_FORMATS)[number]['name'];
export const PORTFOLIO_FORMAT_NAMES: readonly string[] = formatNames<PortfolioReport>(PORTFOLIO_FORMATS);

export function renderPortfolio(format: PortfolioFormatName, report: PortfolioReport): Promise<string> {
  return renderDocument<PortfolioReport>(PORTFOLIO_FORMATS, format, report);
}
