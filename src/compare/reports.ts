/** The diff and impact reports (`carespec diff`, `carespec impact`), built from ResultDiffs. */
import type { Comparable } from './comparable.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { diffResults, type ResultDiff, type RuleChange } from './diff.js';

export interface DiffReport {
  format: 'diff/1';
  base: string;
  head: string;
  providers: ResultDiff[];
  /** Portfolios: providers in only one of the two. */
  onlyInBase: string[];
  onlyInHead: string[];
  regression: boolean;
}

export function diffReport(baseFile: string, headFile: string, base: ReadonlyMap<string, Comparable>, head: ReadonlyMap<string, Comparable>): DiffReport {
  const providers = [...head.keys()].filter((p) => base.has(p)).map((p) => diffResults(base.get(p)!, head.get(p)!));
  return {
    format: 'diff/1',
    base: baseFile,
    head: headFile,
    providers,
    onlyInBase: [...base.keys()].filter((p) => !head.has(p)),
    onlyInHead: [...head.keys()].filter((p) => !base.has(p)),
    regression: providers.some((p) => p.regression),
  };
}

export interface ImpactChange {
  rule: string;
  base: string | null;
  head: string | null;
  /** Why, in words: rule added or removed, a parameter's value or date changed, the definition changed. */
  why: string;
}

export interface ImpactProvider {
  provider: string;
  evidence: string;
  verdict: { base: string | null; head: string };
  newlyFailing: ImpactChange[];
  newlyPassing: ImpactChange[];
  /** Rules the new version adds or removes that did not change pass/fail (listed so nothing is silent). */
  otherChanges: ImpactChange[];
}

export interface ImpactReport {
  format: 'impact/1';
  spec: { file: string; id: string; version: string };
  baseline: string;
  providers: ImpactProvider[];
  /** Providers whose evidence could not be checked, or who have no baseline. */
  notAssessed: { evidence: string; reason: string; diagnostics: Diagnostic[] }[];
}

export function impactOf(evidence: string, base: Comparable | undefined, head: Comparable): ImpactProvider {
  const changes = base ? diffResults(base, head).rules : head.rules.map((r): RuleChange => ({ id: r.id, transition: 'added', base: null, head: r.status, method: 'n/a', parameterChanges: [] }));
  const out: ImpactProvider = { provider: head.provider, evidence, verdict: { base: base?.verdict ?? null, head: head.verdict }, newlyFailing: [], newlyPassing: [], otherChanges: [] };
  for (const c of changes) {
    const entry: ImpactChange = { rule: c.id, base: c.base, head: c.head, why: why(c) };
    const headFailing = c.head !== null && ['fail', 'error', 'not_evidenced'].includes(c.head);
    if (c.transition === 'newly_failing' || (c.transition === 'added' && headFailing)) out.newlyFailing.push(entry);
    else if (c.transition === 'fixed') out.newlyPassing.push(entry);
    else if (c.transition === 'added' || c.transition === 'removed') out.otherChanges.push(entry);
  }
  return out;
}

function why(c: RuleChange): string {
  if (c.transition === 'added') return 'rule added in the new specification';
  if (c.transition === 'removed') return 'rule removed from the new specification';
  if (c.parameterChanges.length > 0) return `parameter changed: ${c.parameterChanges.join('; ')}`;
  if (c.method === 'changed') return 'rule definition changed (test, scope, severity or a metric it reads)';
  if (c.method === 'unknown') return 'the baseline has no definition hash, so a change of definition cannot be ruled out';
  return 'same definition and parameters: the evidence or reference date differs';
}
