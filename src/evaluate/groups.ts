/**
 * Roll rule statuses up into graded outcomes: `all` (every member met),
 * cumulative `stages` (the Ethical Care Charter's shape) and rating `bands`.
 *
 * Nothing is counted as met that was not shown to be met. A member the
 * specification did not select makes its stage, or a banded group, "not
 * assessed"; an `all` group rolls up the members selected and says how many
 * were left out. A waived or not-applicable member lets a stage through but is
 * named in the outcome; a band's score counts passes only, over the group's
 * full membership unless the group says `denominator: applicable`.
 */
import type { Group, GroupResult, MemberStatus, RuleStatus, StageResult } from '../model/types.js';
import { plural } from '../text/words.js';

type Member = { id: string; status: MemberStatus };

const BLOCKING: readonly MemberStatus[] = ['not_selected', 'fail', 'error', 'not_evidenced'];

export function rollUpGroup(group: Group, statuses: ReadonlyMap<string, RuleStatus>): GroupResult | undefined {
  const memberIds = group.policy === 'stages' ? (group.stages ?? []).flatMap((s) => s.rules) : group.rules ?? [];
  const statusOf = (id: string): MemberStatus => statuses.get(id) ?? 'not_selected';
  const members: Member[] = memberIds.map((id) => ({ id, status: statusOf(id) }));
  if (!members.some((m) => m.status !== 'not_selected')) return undefined; // the specification uses none of it
  const unselected = members.filter((m) => m.status === 'not_selected');
  const base = { id: group.id, title: group.title, policy: group.policy, members };

  if (group.policy === 'stages') return { ...base, assessed: unselected.length === 0, ...stageLadder(group, statusOf) };
  if (group.policy === 'bands') return { ...base, assessed: unselected.length === 0, ...bands(group, members, unselected) };

  // `all`: the members the specification selected, and a plain statement of those it left out.
  const selected = members.filter((m) => m.status !== 'not_selected');
  const judged = judge(selected);
  const count = `${selected.length === members.length ? '' : 'selected '}${selected.length === 1 ? 'rule' : 'rules'}`;
  const outcome =
    judged.status === 'met'
      ? selected.length === 1 ? `its one ${count} met` : selected.length === 2 ? `both ${count} met` : `all ${selected.length} ${count} met`
      : judged.status === 'met_with_waiver' || judged.status === 'met_not_applicable'
        ? `all ${selected.length} ${count} ${describe(judged)}`
        : `${selected.filter((m) => m.status === 'pass').length} of ${selected.length} ${count} passed; ${describe(judged)}`;
  const leftOut = unselected.length === 0 ? '' : ` (${plural(unselected.length, 'member')} of the group not selected: ${named(unselected)})`;
  return { ...base, assessed: true, outcome: outcome + leftOut, attained: judged.status.startsWith('met') };
}

/** A set of members judged together: the first blocking kind found decides, in the order of BLOCKING. */
function judge(members: readonly Member[]): Pick<StageResult, 'status' | 'because'> {
  for (const kind of BLOCKING) {
    const hit = members.filter((m) => m.status === kind || (kind === 'fail' && m.status === 'error'));
    if (hit.length === 0) continue;
    if (kind === 'not_selected') return { status: 'not_assessed', because: hit };
    if (kind === 'not_evidenced') return { status: 'not_evidenced', because: hit };
    return { status: 'not_met', because: hit };
  }
  const waived = members.filter((m) => m.status === 'waived');
  if (waived.length > 0) return { status: 'met_with_waiver', because: waived };
  const notApplicable = members.filter((m) => m.status === 'not_applicable');
  if (notApplicable.length > 0) return { status: 'met_not_applicable', because: notApplicable };
  return { status: 'met', because: [] };
}

function stageLadder(group: Group, statusOf: (id: string) => MemberStatus): Pick<GroupResult, 'outcome' | 'attained' | 'stage' | 'stages'> {
  const defined = group.stages ?? [];
  let cumulative = true;
  const stages: StageResult[] = defined.map((stage) => {
    const judged = judge(stage.rules.map((id) => ({ id, status: statusOf(id) })));
    cumulative &&= judged.status.startsWith('met');
    return { name: stage.name, ...judged, attained: cumulative };
  });
  const attained = stages.filter((s) => s.attained).length;
  const parts = [`stage ${attained} of ${stages.length} attained`];
  const provisos = stages.filter((s) => s.attained && s.status !== 'met').map((s) => `${s.name} ${describe(s)}`);
  if (provisos.length > 0) parts[0] += ` (${provisos.join('; ')})`;
  const blocking = stages[attained];
  if (blocking) {
    parts.push(`${blocking.name} ${describe(blocking)}`);
    // Stages are cumulative: say when later stages were met on their own, so a provider sees how close it is.
    const laterMet = stages.slice(attained + 1).filter((s) => s.status.startsWith('met')).map((s) => s.name);
    if (laterMet.length > 0) parts.push(`${laterMet.join(' and ')} ${laterMet.length === 1 ? 'was' : 'were'} met in full but cannot count until ${blocking.name} is`);
  }
  return { outcome: parts.join('; '), attained: attained === stages.length, stage: { attained, of: stages.length }, stages };
}

function bands(group: Group, members: readonly Member[], unselected: readonly Member[]): Pick<GroupResult, 'outcome' | 'attained' | 'score' | 'band' | 'met' | 'of'> {
  // A score over part of the group would be a different scale: no band rather than a wrong one.
  if (unselected.length > 0) return { outcome: `not assessed: ${named(unselected)} not selected`, attained: false };
  const counted = group.denominator === 'applicable' ? members.filter((m) => m.status !== 'not_applicable') : members;
  const met = counted.filter((m) => m.status === 'pass').length;
  const score = counted.length === 0 ? 0 : Math.round((met / counted.length) * 1000) / 10;
  const band = (group.bands ?? []).find((b) => score >= b.min)?.label ?? 'unbanded';
  const notCounted = members.filter((m) => m.status !== 'pass');
  const detail = notCounted.length === 0 ? '' : `; not counted as met: ${notCounted.map((m) => `${m.id} (${m.status.replace('_', ' ')})`).join(', ')}`;
  return { outcome: `${band} (${score}%, ${met} of ${plural(counted.length, 'member')} passed${detail})`, attained: true, score, band, met, of: counted.length };
}

function named(members: readonly Member[]): string {
  return members.map((m) => m.id).join(', ');
}

/** "not met: ecc-05 (fail)", "met with waiver (ecc-05)", "not evidenced: ecc-11", "not assessed: ecc-07 not selected". */
function describe(judged: Pick<StageResult, 'status' | 'because'>): string {
  const ids = named(judged.because);
  switch (judged.status) {
    case 'met':
      return 'met';
    case 'met_with_waiver':
      return `met with waiver (${ids})`;
    case 'met_not_applicable':
      return `met, ${ids} not applicable`;
    case 'not_met':
      return `not met: ${judged.because.map((m) => `${m.id} (${m.status})`).join(', ')}`;
    case 'not_evidenced':
      return `not evidenced: ${ids}`;
    case 'not_assessed':
      return `not assessed: ${ids} not selected`;
  }
}
