/** `carespec diff` and `carespec impact` in markdown. */
import type { RootContent } from 'mdast';
import type { DiffReport, ImpactChange, ImpactReport } from '../compare/reports.js';
import type { ResultDiff, Transition } from '../compare/diff.js';
import { bullets, heading, num, paragraph, strong, stringifyMarkdown, table, text } from './mdast-kit.js';

const words = (s: string | null) => (s === null ? '—' : s.replace(/_/g, ' '));
const TRANSITIONS: Transition[] = ['newly_failing', 'fixed', 'still_failing', 'added', 'removed'];

export function renderDiffMarkdown(report: DiffReport): string {
  const n: RootContent[] = [heading(1, 'Comparison of results'), paragraph(text(`Base ${report.base}; head ${report.head}. `), strong(report.regression ? 'Regression: yes.' : 'Regression: no.'))];
  if (report.onlyInBase.length > 0) n.push(paragraph(strong('Only in the base: '), text(report.onlyInBase.join(', '))));
  if (report.onlyInHead.length > 0) n.push(paragraph(strong('Only in the head: '), text(report.onlyInHead.join(', '))));
  for (const p of report.providers) n.push(...providerDiff(p));
  n.push(paragraph(text('Failing means fail, error or not evidenced. "Method changed": the rule\'s definition or resolved parameters differ between the runs (definitionHash), so its change of status is not a change of performance alone.')));
  return stringifyMarkdown(n);
}

function providerDiff(d: ResultDiff): RootContent[] {
  const n: RootContent[] = [heading(2, d.provider)];
  n.push(paragraph(text(`Specification ${d.spec.base} → ${d.spec.head}. Verdict ${words(d.verdict.base)} → ${words(d.verdict.head)} (${d.verdict.change}).${d.regression ? ' Regression.' : ''}`)));
  if (d.stages.length > 0) n.push(table(['Ladder', 'Base', 'Head', 'Of', 'Change'], d.stages.map((s) => [s.group, s.base === null ? '—' : String(s.base), s.head === null ? '—' : String(s.head), s.of === null ? '—' : String(s.of), s.change])));
  const changed = d.rules.filter((r) => r.transition !== 'still_passing' || r.method === 'changed');
  const counts = TRANSITIONS.map((t) => `${d.rules.filter((r) => r.transition === t).length} ${words(t)}`).join(', ');
  n.push(paragraph(text(`Rules: ${counts}, ${d.rules.filter((r) => r.transition === 'still_passing').length} still passing; ${d.rules.filter((r) => r.method === 'changed').length} with the method changed.`)));
  if (changed.length > 0) {
    n.push(table(['Rule', 'Transition', 'Base', 'Head', 'Method', 'Parameters'],
      changed.map((r) => [r.id, words(r.transition), words(r.base), words(r.head), r.method === 'changed' ? 'method changed' : r.method, r.parameterChanges.join('; ') || '—'])));
  }
  const metrics = d.metrics.filter((m) => m.change !== null || m.base !== m.head);
  if (metrics.length > 0) {
    n.push(heading(3, 'KPI changes'));
    n.push(table(['Metric', 'Base', 'Head', 'Change', 'Per window (head − base)'],
      metrics.map((m) => [m.metric, num(m.base, m.unit), num(m.head, m.unit), m.change ?? 'not comparable', m.windows.map((w) => `${w.label} ${w.change}`).join('; ') || '—']), [1, 2, 3]));
  }
  return n;
}

export function renderImpactMarkdown(report: ImpactReport): string {
  const n: RootContent[] = [heading(1, `Impact of ${report.spec.id} ${report.spec.version}`), paragraph(text(`New specification ${report.spec.file} against the baseline ${report.baseline}, on the providers' existing evidence.`))];
  const affected = report.providers.filter((p) => p.newlyFailing.length > 0);
  n.push(paragraph(strong(`${affected.length} of ${report.providers.length} provider(s) would newly fail a rule${affected.length > 0 ? `: ${affected.map((p) => p.provider).join(', ')}` : ''}.`)));
  for (const p of report.providers) {
    n.push(heading(2, p.provider));
    n.push(paragraph(text(`Evidence ${p.evidence}. Verdict ${words(p.verdict.base)} → ${words(p.verdict.head)}.`)));
    const row = (kind: string) => (c: ImpactChange) => [kind, c.rule, words(c.base), words(c.head), c.why];
    const rows = [...p.newlyFailing.map(row('newly failing')), ...p.newlyPassing.map(row('newly passing')), ...p.otherChanges.map(row('added or removed'))];
    n.push(rows.length === 0 ? paragraph(text('No rule changes between pass and fail.')) : table(['Change', 'Rule', 'Base', 'Head', 'Why'], rows));
  }
  if (report.notAssessed.length > 0) {
    n.push(heading(2, 'Not assessed'));
    n.push(bullets(report.notAssessed.map((f) => `${f.evidence}: ${f.reason}${f.diagnostics.map((d) => ` ${d.file}:${d.line}: ${d.message}`).join(';')}`)));
  }
  return stringifyMarkdown(n);
}
