/**
 * Roll rule statuses up into graded outcomes: `all` (every member met),
 * cumulative `stages` (the Ethical Care Charter's shape) and rating `bands`.
 */
import type { Group, GroupResult, RuleStatus } from '../model/types.js';

/** Waived and not-applicable rules do not hold a group back. */
const MET: ReadonlySet<RuleStatus> = new Set(['pass', 'waived', 'not_applicable']);

export function rollUpGroup(group: Group, statuses: ReadonlyMap<string, RuleStatus>): GroupResult | undefined {
  const memberIds = group.policy === 'stages' ? (group.stages ?? []).flatMap((s) => s.rules) : group.rules ?? [];
  const members = memberIds.filter((id) => statuses.has(id)).map((id) => ({ id, status: statuses.get(id)! }));
  if (members.length === 0) return undefined; // none of its rules was selected
  const base = { id: group.id, title: group.title, policy: group.policy, members };

  if (group.policy === 'stages') {
    const stages = group.stages ?? [];
    let attained = 0;
    for (const stage of stages) {
      const complete = stage.rules.every((id) => !statuses.has(id) || MET.has(statuses.get(id)!));
      if (!complete) break;
      attained += 1;
    }
    const blocking = stages[attained];
    const outcome =
      attained === stages.length
        ? `stage ${attained} of ${stages.length} attained`
        : `stage ${attained} of ${stages.length} attained; ${blocking?.name ?? `stage ${attained + 1}`} not met`;
    return { ...base, outcome, attained: attained === stages.length, stage: { attained, of: stages.length } };
  }

  if (group.policy === 'bands') {
    const scored = members.filter((m) => m.status !== 'not_applicable');
    const met = scored.filter((m) => MET.has(m.status)).length;
    const score = scored.length === 0 ? 0 : Math.round((met / scored.length) * 1000) / 10;
    const band = (group.bands ?? []).find((b) => score >= b.min)?.label ?? 'unbanded';
    return { ...base, outcome: `${band} (${score}%, ${met} of ${scored.length} met)`, attained: true, score, band };
  }

  const met = members.filter((m) => MET.has(m.status)).length;
  const all = met === members.length;
  return { ...base, outcome: all ? `all ${members.length} met` : `${met} of ${members.length} met`, attained: all };
}
