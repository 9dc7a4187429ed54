import fc from 'fast-check';
import { CASE_STATES, CaseState } from '../cases/lifecycle';
import { caseSettings } from '../cases/settings';
import { addDays, isWorkingDay } from './calendar';
import { CaseDueFacts, caseDueItems, DUE_KINDS, pendingCheckIn, schoolReportDueOn } from './due-items';

const settings = caseSettings();

function facts(overrides: Partial<CaseDueFacts>): CaseDueFacts {
  return {
    state: 'suspected',
    reportedOn: '2026-12-01',
    persuadingSince: null,
    nextFollowUpOn: null,
    lastInterventionOn: null,
    latestWrittenOrder: null,
    monitoringStartedOn: null,
    ...overrides,
  };
}

describe('a case’s due items', () => {
  it('asks for verification 3 working days after the report while suspected or verifying', () => {
    // Tuesday 1 December 2026: Wednesday, Thursday, Friday.
    for (const state of ['suspected', 'verifying'] as const)
      expect(caseDueItems(facts({ state }), settings)).toEqual([
        { kind: 'verification', ref: '2026-12-01', dueOn: '2026-12-04' },
      ]);
    // Reported on Thursday: Friday, Monday, Tuesday.
    expect(caseDueItems(facts({ reportedOn: '2026-12-03' }), settings)[0].dueOn).toBe('2026-12-08');
    const nationalDay = caseSettings({
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      makeUpWorkdays: ['2026-10-10'],
    });
    expect(caseDueItems(facts({ reportedOn: '2026-09-30' }), nationalDay)[0].dueOn).toBe('2026-10-10');
  });

  it('follows up a persuading case on the date the last intervention set, else 7 days after it', () => {
    const persuading = facts({ state: 'persuading', persuadingSince: '2026-12-02' });
    expect(caseDueItems(persuading, settings)).toEqual([
      { kind: 'follow_up', ref: '2026-12-02', dueOn: '2026-12-09' },
    ]);
    const visited = { ...persuading, lastInterventionOn: '2026-12-05' };
    expect(caseDueItems(visited, settings)[0].dueOn).toBe('2026-12-12');
    expect(caseDueItems({ ...visited, nextFollowUpOn: '2026-12-08' }, settings)[0].dueOn).toBe('2026-12-08');
    // An intervention from before persuading began set its date for another stage of the case.
    const earlier = { ...persuading, lastInterventionOn: '2026-11-28', nextFollowUpOn: '2026-11-30' };
    expect(caseDueItems(earlier, settings)[0].dueOn).toBe('2026-12-09');
    // Never persuading on record: counted from the report.
    expect(caseDueItems(facts({ state: 'persuading' }), settings)[0]).toEqual({
      kind: 'follow_up',
      ref: '2026-12-01',
      dueOn: '2026-12-08',
    });
  });

  it('holds a written order to its deadline until someone acts on or after it', () => {
    const ordered = facts({
      state: 'persuading',
      persuadingSince: '2026-12-02',
      lastInterventionOn: '2026-12-03',
      latestWrittenOrder: { id: 'order-1', deadlineOn: '2026-12-10' },
    });
    expect(caseDueItems(ordered, settings)).toContainEqual({
      kind: 'written_order',
      ref: 'order-1',
      dueOn: '2026-12-10',
    });
    const actedOn = { ...ordered, lastInterventionOn: '2026-12-10' };
    expect(caseDueItems(actedOn, settings).map((i) => i.kind)).toEqual(['follow_up']);
  });

  it('checks in 7, 30, 60 and 90 days after return, and reviews the closing when the window ends', () => {
    const monitoring = facts({ state: 'monitoring', monitoringStartedOn: '2026-12-01' });
    expect(caseDueItems(monitoring, settings)).toEqual([
      { kind: 'monitoring_check_in', ref: '7', dueOn: '2026-12-08' },
      { kind: 'closing_review', ref: '2026-12-01', dueOn: '2027-03-01' },
    ]);
    const visited = { ...monitoring, lastInterventionOn: '2026-12-10' };
    expect(caseDueItems(visited, settings)[0]).toEqual({
      kind: 'monitoring_check_in',
      ref: '30',
      dueOn: '2026-12-31',
    });
    const allDone = { ...monitoring, lastInterventionOn: '2027-02-20' };
    expect(caseDueItems(allDone, settings)).toEqual([
      { kind: 'closing_review', ref: '2026-12-01', dueOn: '2027-03-01' },
    ]);
    expect(caseDueItems({ ...monitoring, monitoringStartedOn: null }, settings)).toEqual([]);
  });

  it('has nothing due for an excluded or closed case', () => {
    for (const state of ['excluded', 'closed'] as const)
      expect(
        caseDueItems(
          facts({
            state,
            persuadingSince: '2026-12-02',
            latestWrittenOrder: { id: 'o', deadlineOn: '2026-12-09' },
            monitoringStartedOn: '2026-12-05',
          }),
          settings,
        ),
      ).toEqual([]);
  });

  const day = (from: string, max: number) => fc.integer({ min: 0, max }).map((n) => addDays(from, n));
  const OPEN: readonly CaseState[] = ['suspected', 'verifying', 'persuading', 'monitoring'];

  /** Facts a real case can have: each date on or after the one it follows. */
  const factsArb = fc
    .record({
      state: fc.constantFrom(...CASE_STATES),
      reportedOn: day('2026-01-01', 700),
      sinceGap: fc.option(fc.integer({ min: 0, max: 60 })),
      lastGap: fc.option(fc.integer({ min: -30, max: 120 })),
      followGap: fc.option(fc.integer({ min: 0, max: 30 })),
      order: fc.option(
        fc.record({ served: fc.integer({ min: 0, max: 30 }), days: fc.integer({ min: 1, max: 60 }) }),
      ),
      monitoringGap: fc.option(fc.integer({ min: 0, max: 200 })),
    })
    .map((r): CaseDueFacts => {
      const since = r.sinceGap === null ? null : addDays(r.reportedOn, r.sinceGap);
      const last = r.lastGap === null ? null : addDays(r.reportedOn, Math.max(0, r.lastGap));
      return {
        state: r.state,
        reportedOn: r.reportedOn,
        persuadingSince: since,
        lastInterventionOn: last,
        nextFollowUpOn: last !== null && r.followGap !== null ? addDays(last, r.followGap) : null,
        latestWrittenOrder:
          r.order === null
            ? null
            : { id: 'o', deadlineOn: addDays(since ?? r.reportedOn, r.order.served + r.order.days) },
        monitoringStartedOn: r.monitoringGap === null ? null : addDays(r.reportedOn, r.monitoringGap),
      };
    });
  const settingsArb = fc.record({
    verificationWorkingDays: fc.integer({ min: 1, max: 30 }),
    followUpDays: fc.integer({ min: 1, max: 60 }),
    holidays: fc.uniqueArray(day('2026-01-01', 800), { maxLength: 30 }),
    makeUpWorkdays: fc.constant(['2026-10-10', '2027-02-20']),
  });

  it('holds for any case: items only while open, never due before what they follow, unique refs', () => {
    fc.assert(
      fc.property(factsArb, settingsArb, (f, overrides) => {
        const s = caseSettings(overrides);
        const items = caseDueItems(f, s);
        if (!OPEN.includes(f.state)) expect(items).toEqual([]);
        const keys = items.map((i) => `${i.kind}:${i.ref}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const item of items) {
          expect(DUE_KINDS).toContain(item.kind);
          expect(item.dueOn >= f.reportedOn).toBe(true);
          switch (item.kind) {
            case 'verification':
              expect(['suspected', 'verifying']).toContain(f.state);
              expect(item.dueOn > f.reportedOn).toBe(true);
              expect(isWorkingDay(item.dueOn, s)).toBe(true);
              break;
            case 'follow_up':
              expect(f.state).toBe('persuading');
              expect(item.dueOn >= (f.persuadingSince ?? f.reportedOn)).toBe(true);
              break;
            case 'written_order':
              expect(f.state).toBe('persuading');
              expect(item.dueOn).toBe(f.latestWrittenOrder?.deadlineOn);
              break;
            case 'monitoring_check_in':
            case 'closing_review':
              expect(f.state).toBe('monitoring');
              expect(item.dueOn > (f.monitoringStartedOn as string)).toBe(true);
              break;
            default:
              throw new Error(`a case has no ${item.kind} item`);
          }
        }
        if (f.state === 'monitoring' && f.monitoringStartedOn !== null)
          expect(items.filter((i) => i.kind === 'closing_review')).toHaveLength(1);
        if (f.state === 'persuading') expect(items.filter((i) => i.kind === 'follow_up')).toHaveLength(1);
      }),
    );
  });
});

describe('monitoring check-ins', () => {
  const days = [7, 30, 60, 90];

  it('asks for the first check-in not yet made, counting a contact from halfway to it', () => {
    expect(pendingCheckIn('2026-12-01', null, days)).toBe(7);
    // Halfway to day 7 is day 4 (rounded up): a visit on day 3 is too early for it.
    expect(pendingCheckIn('2026-12-01', '2026-12-04', days)).toBe(7);
    expect(pendingCheckIn('2026-12-01', '2026-12-05', days)).toBe(30);
    // Halfway between 7 and 30 is day 19.
    expect(pendingCheckIn('2026-12-01', '2026-12-19', days)).toBe(30);
    expect(pendingCheckIn('2026-12-01', '2026-12-20', days)).toBe(60);
    expect(pendingCheckIn('2026-12-01', addDays('2026-12-01', 75), days)).toBeNull();
    expect(pendingCheckIn('2026-12-01', addDays('2026-12-01', 74), days)).toBe(90);
    // A contact before monitoring began counts for nothing.
    expect(pendingCheckIn('2026-12-01', '2026-11-20', days)).toBe(7);
    expect(pendingCheckIn('2026-12-01', null, [])).toBeNull();
  });

  it('never goes back: a later contact never leaves an earlier check-in pending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (a, b) => {
        const [early, late] = [Math.min(a, b), Math.max(a, b)].map((n) => addDays('2026-12-01', n));
        const rank = (d: number | null) => (d === null ? Infinity : d);
        expect(rank(pendingCheckIn('2026-12-01', late, days))).toBeGreaterThanOrEqual(
          rank(pendingCheckIn('2026-12-01', early, days)),
        );
      }),
    );
  });
});

describe("a school's monthly report", () => {
  it('is due on the set day, or the month’s last day when the month is shorter', () => {
    expect(schoolReportDueOn('2026-12', settings)).toBe('2026-12-28');
    expect(schoolReportDueOn('2027-02', settings)).toBe('2027-02-28');
    const on31 = caseSettings({ schoolMonthlyReportDay: 31 });
    expect(schoolReportDueOn('2027-02', on31)).toBe('2027-02-28');
    expect(schoolReportDueOn('2028-02', on31)).toBe('2028-02-29');
    expect(schoolReportDueOn('2026-04', on31)).toBe('2026-04-30');
    expect(schoolReportDueOn('2026-12', on31)).toBe('2026-12-31');
    expect(schoolReportDueOn('2026-01', caseSettings({ schoolMonthlyReportDay: 1 }))).toBe('2026-01-01');
    const on30 = caseSettings({ schoolMonthlyReportDay: 30 });
    expect(schoolReportDueOn('2026-02', on30)).toBe('2026-02-28');
    expect(schoolReportDueOn('2026-09', on30)).toBe('2026-09-30');
  });
});
