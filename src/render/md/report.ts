/**
 * The markdown formatter: the full report, or with `audience: board` the short one that fits a
 * GitHub comment. Chosen here, so the board (which reuses the full report's sections) and the full
 * report do not import each other.
 */
import type { CheckResult } from '../../model/types.js';
import type { FormatOptions } from '../formats.js';
import { renderMarkdown } from '../markdown.js';
import { boardReport } from './board.js';

export function renderMarkdownReport(result: CheckResult, options: FormatOptions = {}): string {
  return options.audience === 'board' ? boardReport(result) : renderMarkdown(result);
}
