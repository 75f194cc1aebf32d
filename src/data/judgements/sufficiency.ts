/**
 * Evidence sufficiency: is a dataset kind's data usable for the assessment
 * period at all? If not, every metric and per-record rule over the kind gets
 * the reason and the rules reading them become `not_evidenced`, never `fail`:
 * a partial export proves nothing either way.
 *
 * A kind is unusable when any of its files is unreadable, empty, lacks a
 * required column, or has more malformed rows than the specification allows;
 * or when its files together do not cover the period: the earliest row date
 * must be no later than the period start plus the profile's tolerance (1 day
 * by default) and the latest no earlier than the period end minus it. The day's
 * slack allows an export whose first visit is at 07:00 on day two of a period
 * starting on a bank holiday, and cut-off times; monthly payroll needs ~31 days.
 */
import type { Finding } from '../../model/types.js';
import type { FileScan } from '../scanning/scan.js';

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const positions = (list: readonly number[]) => `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)} %`;

export interface KindAssessment {
  reason?: string;
  findings: Finding[];
  /** Columns every usable file provides. */
  present: Set<string>;
}

export function assessKind(
  kindName: string,
  scans: readonly FileScan[],
  period: { start: string; end: string },
  options: { maxBadRowShare: number; toleranceDays: number; dateColumn?: string },
): KindAssessment {
  const findings: Finding[] = [];
  const reasons: string[] = [];
  let present: Set<string> | undefined;
  const unusable = (scan: FileScan, reason: string) => {
    reasons.push(reason);
    findings.push({ code: 'data/unusable', kind: 'sufficiency', severity: 'error', dataset: scan.ref.id, file: scan.ref.path, message: reason });
  };

  for (const scan of scans) {
    const file = scan.ref.path;
    const overThreshold = scan.rows > 0 && scan.bad.total / scan.rows > options.maxBadRowShare;
    findings.push(...scan.bad.findings(scan.ref.id, file, scan.rows, overThreshold));
    for (const d of scan.binding?.duplicates ?? []) {
      const effect = d.column === undefined ? 'no column reads it' : `column ${d.column} reads it, so the file cannot be used`;
      findings.push({ code: 'data/duplicate-header', kind: 'data_quality', line: 1, severity: d.column === undefined ? 'warning' : 'error', dataset: scan.ref.id, file, message: `${file} has the header "${d.header}" twice or more, in columns ${positions(d.positions)}; ${effect}` });
    }
    const ambiguous = scan.binding?.duplicates.filter((d) => d.column !== undefined) ?? [];
    if (scan.problem !== undefined) unusable(scan, scan.problem);
    else if (!scan.binding) unusable(scan, `${file} is empty (no header row)`);
    else if (ambiguous.length > 0) {
      const list = ambiguous.map((d) => `"${d.header}" in columns ${positions(d.positions)} (column ${d.column})`);
      unusable(scan, `${file} repeats the header${list.length > 1 ? 's' : ''} ${list.join(', ')}, so which field holds the data is ambiguous: rename or remove the extra one`);
    }
    else if (scan.binding.missingRequired.length > 0) {
      const list = scan.binding.missingRequired.map((m) => `${m.column}${m.looked.length > 0 ? ` (looked for ${m.looked.map((h) => `"${h}"`).join(' or ')}${m.nearest === undefined ? '' : `; did you mean "${m.nearest}"?`})` : ''}`);
      unusable(scan, `${file} lacks the required column${list.length > 1 ? 's' : ''} ${list.join(', ')}`);
    } else if (scan.rows === 0) unusable(scan, `${file} has no data rows`);
    else if (scan.rows === scan.bad.total) unusable(scan, `every row of ${file} is malformed`);
    else if (overThreshold) {
      unusable(scan, `${scan.bad.total} of ${scan.rows} rows of ${file} (${percent(scan.bad.total / scan.rows)}) are malformed, more than the specification's limit of ${percent(options.maxBadRowShare)}`);
    }
    if (scan.binding) present = present ? new Set([...present].filter((c) => scan.binding!.present.has(c))) : new Set(scan.binding.present);
  }

  if (reasons.length === 0 && options.dateColumn !== undefined) {
    const firsts = scans.map((s) => s.firstDate).filter((d): d is string => d !== undefined).sort();
    const lasts = scans.map((s) => s.lastDate).filter((d): d is string => d !== undefined).sort();
    const first = firsts[0];
    const last = lasts[lasts.length - 1];
    const files = scans.map((s) => s.ref.path).join(', ');
    if (first === undefined || last === undefined) {
      reasons.push(`${files} has no dated rows`);
    } else if (first > addDays(period.start, options.toleranceDays) || last < addDays(period.end, -options.toleranceDays)) {
      reasons.push(`the ${kindName} data (${files}) runs from ${first} to ${last} and does not cover the assessment period ${period.start} to ${period.end}`);
    }
    if (reasons.length > 0) findings.push({ code: 'data/coverage', kind: 'sufficiency', severity: 'error', ...(scans.length === 1 ? { dataset: scans[0]!.ref.id, file: scans[0]!.ref.path } : {}), message: reasons[0]! });
  }

  return { ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}), findings, present: present ?? new Set() };
}
