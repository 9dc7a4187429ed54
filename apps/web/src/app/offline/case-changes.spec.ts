import type { CaseEvent } from '@baoxue/contracts';
import { chinaMonthDay, describeCaseChanges } from './case-changes';

const base = { version: 3, state: 'persuading' as const, readAt: '2026-12-01T00:00:00.000Z' };

function event(kind: CaseEvent['kind'], at: string, extra: Partial<CaseEvent> = {}): CaseEvent {
  return {
    id: `${kind}-${at}`,
    kind,
    transition: null,
    fromState: null,
    toState: null,
    actorUserId: null,
    actorName: '王老师',
    at,
    payload: null,
    comment: null,
    ...extra,
  };
}

describe(describeCaseChanges.name, () => {
  it('tells others’ interventions and state changes after the user’s view, oldest first', () => {
    const changes = describeCaseChanges(
      {
        state: 'monitoring',
        timeline: [
          event('transition', '2026-12-02T01:00:00.000Z', { toState: 'monitoring', actorName: '李主任' }),
          event('intervention', '2026-12-01T06:00:00.000Z', {
            payload: { interventionId: 'x', kind: 'phone_call' },
          }),
          event('intervention', '2026-11-30T06:00:00.000Z', {
            payload: { interventionId: 'old', kind: 'home_visit' },
          }),
        ],
      },
      base,
      new Set(),
    );
    expect(changes).toEqual([
      { zh: '王老师 12-01 记录了一次电话劝返', en: '王老师 recorded a phone call on 12-01' },
      { zh: '状态已变为 巩固跟踪（李主任 12-02）', en: 'The state is now Monitoring (李主任, 12-02)' },
    ]);
  });

  it('leaves out the device’s own visits and reads', () => {
    const changes = describeCaseChanges(
      {
        state: 'persuading',
        timeline: [
          event('intervention', '2026-12-01T06:00:00.000Z', {
            payload: { interventionId: 'mine', kind: 'home_visit' },
          }),
          event('reveal', '2026-12-01T07:00:00.000Z'),
        ],
      },
      base,
      new Set(['mine']),
    );
    expect(changes).toEqual([]);
  });

  it('still tells a state change the timeline does not show', () => {
    expect(describeCaseChanges({ state: 'closed', timeline: [] }, base, new Set())).toEqual([
      { zh: '状态已变为 已销号', en: 'The state is now Closed' },
    ]);
  });

  it('does not guess a state change when the state seen is unknown', () => {
    expect(
      describeCaseChanges({ state: 'closed', timeline: [] }, { ...base, state: null }, new Set()),
    ).toEqual([]);
  });

  it('shows days in China time', () => {
    expect(chinaMonthDay('2026-11-30T16:30:00.000Z')).toBe('12-01');
  });
});
