/** The formats `carespec diff` and `carespec impact` write (DocumentFormat registries). */
import type { DiffReport, ImpactReport } from '../compare/reports.js';
import { formatNames, renderDocument, renderJsonDocument, type DocumentFormat } from './document-formats.js';

export const DIFF_FORMATS = [
  { name: 'md', description: 'markdown comparison (the default)', extension: 'md', load: async () => (await import('./compare-markdown.js')).renderDiffMarkdown },
  { name: 'json', description: 'the DiffReport (format diff/1, schemas/diff.schema.json)', extension: 'json', load: async () => renderJsonDocument<DiffReport> },
] as const satisfies readonly DocumentFormat<DiffReport>[];

export const IMPACT_FORMATS = [
  { name: 'md', description: 'markdown impact report (the default)', extension: 'md', load: async () => (await import('./compare-markdown.js')).renderImpactMarkdown },
  { name: 'json', description: 'the ImpactReport (format impact/1, schemas/impact.schema.json)', extension: 'json', load: async () => renderJsonDocument<ImpactReport> },
] as const satisfies readonly DocumentFormat<ImpactReport>[];

export type DiffFormatName = (typeof DIFF_FORMATS)[number]['name'];
export type ImpactFormatName = (typeof IMPACT_FORMATS)[number]['name'];
export const DIFF_FORMAT_NAMES: readonly string[] = formatNames<DiffReport>(DIFF_FORMATS);
export const IMPACT_FORMAT_NAMES: readonly string[] = formatNames<ImpactReport>(IMPACT_FORMATS);

export const renderDiff = (format: DiffFormatName, report: DiffReport): Promise<string> => renderDocument<DiffReport>(DIFF_FORMATS, format, report);
export const renderImpact = (format: ImpactFormatName, report: ImpactReport): Promise<string> => renderDocument<ImpactReport>(IMPACT_FORMATS, format, report);
