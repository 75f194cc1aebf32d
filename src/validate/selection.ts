/**
 * Which imported rules a specification selects. Rules its clauses use are
 * always selected; `select.include` adds rules by id, prefix (`ecc-*`) or
 * library (`library:<id>`); `select.exclude` removes them. With no `include`
 * key at all, every imported rule is selected; an empty `include: []` selects
 * none beyond the clauses' own (an empty list never means "everything").
 * "Every imported rule" means the rules of the libraries the specification
 * imports itself: a library reached only through another's `imports:` lends
 * its declarations, and its rules are selected only when named (`indirect`).
 * `select.exclude: ["group:<id>"]` leaves out a library's group (its roll-up).
 */
import type { Rule, Specification } from '../model/types.js';

export function selectionMatches(pattern: string, rule: Pick<Rule, 'id' | 'origin'>): boolean {
  return pattern === rule.id || (pattern.endsWith('*') && rule.id.startsWith(pattern.slice(0, -1))) || pattern === `library:${rule.origin}`;
}

export function selectRules<R extends Pick<Rule, 'id' | 'origin'>>(spec: Pick<Specification, 'include' | 'exclude' | 'clauses'>, rules: Iterable<R>, indirect: ReadonlySet<string> = new Set()): R[] {
  const inClause = new Set(spec.clauses.flatMap((c) => c.rules));
  return [...rules].filter((rule) => {
    const byDefault = spec.include === undefined && !indirect.has(rule.origin);
    const included = inClause.has(rule.id) || byDefault || (spec.include ?? []).some((p) => selectionMatches(p, rule));
    return included && !spec.exclude.some((p) => selectionMatches(p, rule));
  });
}

const GROUP_PREFIX = 'group:';

/** Whether a selection pattern names a group rather than rules. */
export function isGroupPattern(pattern: string): boolean {
  return pattern.startsWith(GROUP_PREFIX);
}

/** The groups a specification keeps: every group, less those `select.exclude` names as `group:<id>`. */
export function selectGroups<G extends { id: string }>(spec: Pick<Specification, 'exclude'>, groups: Iterable<G>): G[] {
  const dropped = new Set(spec.exclude.filter(isGroupPattern).map((p) => p.slice(GROUP_PREFIX.length)));
  return [...groups].filter((g) => !dropped.has(g.id));
}
