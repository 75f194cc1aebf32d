/**
 * Data quality: malformed rows are counted per kind of problem with their
 * first line numbers, never silently dropped. A malformed row is left out of
 * every metric and per-record check; if malformed rows exceed the
 * specification's share (data_quality.max_bad_row_share, default 1 %) the
 * whole dataset is unusable, because what is left may no longer be representative.
 */
import type { Finding } from '../../model/types.js';
import type { RowProblem } from '../reading/columns.js';

/** How many line numbers a finding lists. */
export const FIRST_LINES = 10;

export interface Tally {
  count: number;
  lines: number[];
  example?: string;
}

export class BadRows {
  total = 0;
  private readonly tallies = new Map<string, Tally>();

  note(problem: RowProblem, line: number): void {
    this.total++;
    let tally = this.tallies.get(problem.key);
    if (!tally) {
      tally = { count: 0, lines: [], ...(problem.example === undefined ? {} : { example: problem.example }) };
      this.tallies.set(problem.key, tally);
    }
    tally.count++;
    if (tally.lines.length < FIRST_LINES) tally.lines.push(line);
  }

  /** The tallies in first-seen order (structured-clonable), for a part of a file read in parallel. */
  snapshot(): [string, Tally][] {
    return [...this.tallies];
  }

  /** Add the tallies of a LATER part of the file: counts add, first lines and examples keep file order. */
  merge(part: readonly [string, Tally][]): void {
    for (const [key, t] of part) {
      this.total += t.count;
      const tally = this.tallies.get(key);
      if (!tally) {
        this.tallies.set(key, { count: t.count, lines: t.lines.slice(0, FIRST_LINES), ...(t.example === undefined ? {} : { example: t.example }) });
        continue;
      }
      tally.count += t.count;
      for (const line of t.lines) if (tally.lines.length < FIRST_LINES) tally.lines.push(line);
    }
  }

  /** One finding per kind of problem; `overThreshold` makes them errors. */
  findings(dataset: string, file: string, rows: number, overThreshold: boolean): Finding[] {
    return [...this.tallies].map(([key, t]) => ({
      code: 'data/malformed-rows',
      kind: 'data_quality' as const,
      severity: overThreshold ? ('error' as const) : ('warning' as const),
      dataset,
      file,
      // The first row left out, so a CI annotation lands on a real line.
      ...(t.lines.length > 0 ? { line: t.lines[0]!, column: 1 } : {}),
      message: `${t.count} of ${rows} rows of ${file}: ${key}${t.example === undefined ? '' : ` (e.g. "${t.example}")`}; ${t.count === 1 ? 'the row was' : 'these rows were'} left out`,
      count: t.count,
      lines: t.lines,
    }));
  }
}
