/**
 * The report formats `check --format` (and any command that writes a CheckResult) can write:
 * each a pure function `(result, options) => string`, keyed by name. Formatters load when used,
 * so a JSON report does not pay for remark or the HTML templates.
 */
import type { CheckResult } from '../model/types.js';

export type Audience = 'board' | 'full';

export interface FormatOptions {
  /**
   * HTML: `board` is at most two A4 pages (verdict, ladder, must failures, gaps, key charts); markdown:
   * `board` is one GitHub comment (under 65,536 characters) with must-KPI charts; `full` has everything.
   */
  audience?: Audience;
}

export type Formatter = (result: CheckResult, options: FormatOptions) => string;

export interface ReportFormat {
  name: string;
  description: string;
  /** The usual file extension, for docs and defaults. */
  extension: string;
  /** Takes `--audience board|full`; other formats refuse it rather than ignore it. */
  audience?: true;
  load(): Promise<Formatter>;
}

export const REPORT_FORMATS = [
  { name: 'md', description: 'markdown report (the default)', extension: 'md', audience: true, load: async () => (await import('./md/report.js')).renderMarkdownReport },
  { name: 'json', description: 'the CheckResult (schemas/results.schema.json)', extension: 'json', load: async () => (await import('./json.js')).renderJson },
  { name: 'html', description: 'self-contained HTML report with charts; prints to A4', extension: 'html', audience: true, load: async () => (await import('./html/index.js')).renderHtml },
  { name: 'sarif', description: 'SARIF 2.1.0 for GitHub code scanning', extension: 'sarif', load: async () => (await import('./sarif.js')).renderSarif },
  { name: 'junit', description: 'JUnit XML: one suite per specification, one case per rule', extension: 'xml', load: async () => (await import('./junit.js')).renderJunit },
  { name: 'github', description: 'GitHub Actions workflow annotations (and a job summary)', extension: 'txt', load: async () => (await import('./github.js')).renderGithubAnnotations },
] as const satisfies readonly ReportFormat[];

export type ReportFormatName = (typeof REPORT_FORMATS)[number]['name'];

export const REPORT_FORMAT_NAMES: readonly ReportFormatName[] = REPORT_FORMATS.map((f) => f.name);

export function isReportFormat(name: string): name is ReportFormatName {
  return (REPORT_FORMAT_NAMES as readonly string[]).includes(name);
}

/** Formats that take `--audience`. */
export const AUDIENCE_FORMATS: readonly ReportFormatName[] = REPORT_FORMATS.filter((f) => 'audience' in f && f.audience).map((f) => f.name);

/** Render a result in the named format. */
export async function renderReport(format: ReportFormatName, result: CheckResult, options: FormatOptions = {}): Promise<string> {
  const entry = REPORT_FORMATS.find((f) => f.name === format);
  if (!entry) throw new Error(`Unknown report format "${format}"`);
  // Each formatter takes the options it uses and ignores the rest.
  const formatter: Formatter = await entry.load();
  return formatter(result, options);
}
