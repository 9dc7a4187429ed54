import type { CaseDetail, CaseEvent } from '@baoxue/contracts';
import {
  CASE_STATE_LABELS,
  CHINA_OFFSET_MS,
  INTERVENTION_KIND_LABELS,
  InterventionKind,
  Label,
} from '@baoxue/domain';
import type { CaseBase } from './outbox-model';

/** MM-DD in China time, as the field pages show short dates. */
export function chinaMonthDay(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(5, 10);
}

function who(event: CaseEvent): Label {
  const name = event.actorName ?? '';
  return { zh: name || '他人', en: name || 'Someone' };
}

function describe(event: CaseEvent): Label | null {
  const day = chinaMonthDay(event.at);
  const actor = who(event);
  switch (event.kind) {
    case 'intervention': {
      const kind = event.payload?.['kind'] as InterventionKind | undefined;
      const label = kind ? INTERVENTION_KIND_LABELS[kind] : undefined;
      return {
        zh: `${actor.zh} ${day} 记录了一次${label?.zh ?? '帮扶'}`,
        en: `${actor.en} recorded a ${(label?.en ?? 'intervention').toLowerCase()} on ${day}`,
      };
    }
    case 'transition': {
      if (!event.toState) return null;
      const state = CASE_STATE_LABELS[event.toState];
      return {
        zh: `状态已变为 ${state.zh}（${actor.zh} ${day}）`,
        en: `The state is now ${state.en} (${actor.en}, ${day})`,
      };
    }
    case 'responsible_assigned':
      return {
        zh: `${actor.zh} ${day} 调整了责任人`,
        en: `${actor.en} changed the responsible people on ${day}`,
      };
    case 'referral':
      return { zh: `${actor.zh} ${day} 转介了个案`, en: `${actor.en} referred the case on ${day}` };
    case 'transfer':
      return { zh: `${actor.zh} ${day} 办理了转学`, en: `${actor.en} handled a transfer on ${day}` };
    default:
      // Reads (reveal) and the opening are no news to the person who records the visit.
      return null;
  }
}

/**
 * What happened to a case between the user's view of it (`base`) and now, in words: others'
 * interventions, state changes, new responsibles, referrals and transfers. The writes this
 * device sent itself (`ownInterventionIds`) are no news.
 */
export function describeCaseChanges(
  detail: Pick<CaseDetail, 'state' | 'timeline'>,
  base: CaseBase,
  ownInterventionIds: ReadonlySet<string>,
): Label[] {
  const since = Date.parse(base.readAt);
  const events = detail.timeline
    .filter((e) => Date.parse(e.at) > since)
    .filter((e) => {
      const interventionId = e.payload?.['interventionId'];
      return !(
        e.kind === 'intervention' &&
        typeof interventionId === 'string' &&
        ownInterventionIds.has(interventionId)
      );
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const changes = events.map(describe).filter((c): c is Label => c !== null);
  const stateTold = events.some((e) => e.kind === 'transition' && e.toState === detail.state);
  if (base.state !== null && base.state !== detail.state && !stateTold) {
    const state = CASE_STATE_LABELS[detail.state];
    changes.push({ zh: `状态已变为 ${state.zh}`, en: `The state is now ${state.en}` });
  }
  return changes;
}
