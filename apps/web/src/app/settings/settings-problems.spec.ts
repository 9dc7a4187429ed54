import { HttpErrorResponse } from '@angular/common/http';
import { caseSettings, validateCaseSettings } from '@baoxue/domain';
import { problemsByField, problemText, serverProblems, withCheckInDay, withDate } from './settings-problems';

describe('settings problems', () => {
  it('words every rule the domain checks in Chinese, with the bound it names', () => {
    const problems = validateCaseSettings({
      ...caseSettings(),
      followUpDays: 0,
      verificationWorkingDays: 99,
      absenceSchoolDays: 1.5,
      escalateToNextLevelDays: 5,
      escalateToBureauLeaderDays: 5,
      monitoringCheckInDays: [30, 7],
      holidays: ['2026-10-01', '2026-10-01'],
      makeUpWorkdays: ['2026-09-30'],
      reminderTime: '8:00',
    });
    const byField = problemsByField(problems);
    const zh = (field: string): string | undefined => {
      const problem = byField[field];
      return problem ? problemText(problem).zh : undefined;
    };
    expect(zh('followUpDays')).toBe('不能小于 1');
    expect(zh('verificationWorkingDays')).toBe('不能大于 30');
    expect(zh('absenceSchoolDays')).toBe('须为整数');
    expect(zh('escalateToBureauLeaderDays')).toBe('须多于“逾期后上报上一级”的天数');
    expect(zh('monitoringCheckInDays')).toBe('须从小到大排列');
    expect(zh('holidays')).toBe('有重复的日期');
    expect(zh('makeUpWorkdays')).toBe('调休上班日须为周六或周日');
    expect(zh('reminderTime')).toBe('时间格式须为 HH:MM');
    // Every problem has wording of its own, not the English message.
    for (const problem of problems) expect(problemText(problem).zh).not.toBe(problem.message);
  });

  it('falls back to the message of a rule it has no wording for', () => {
    expect(problemText({ field: 'x', rule: 'novel', message: 'x is odd' })).toEqual({
      zh: 'x is odd',
      en: 'x is odd',
    });
  });

  it("keys the server's 400 details by setting, without their settings. prefix", () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid',
        details: [
          { field: 'settings.followUpDays', rule: 'max', message: 'followUpDays must be at most 60' },
          { field: 'settings.followUpDays', rule: 'isInt', message: 'second one' },
          { field: 'version', rule: 'isInt', message: 'version must be an integer' },
        ],
      },
    });
    const byField = serverProblems(error);
    expect(byField['followUpDays']?.rule).toBe('max');
    expect(byField['version']?.rule).toBe('isInt');
    expect(serverProblems(new Error('network'))).toEqual({});
  });

  it('adds dates and check-in days in order, once', () => {
    expect(withDate(['2026-10-03', '2026-10-01'], '2026-10-02')).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
    ]);
    expect(withDate(['2026-10-01'], '2026-10-01')).toEqual(['2026-10-01']);
    expect(withCheckInDay([7, 60], 30)).toEqual([7, 30, 60]);
    expect(withCheckInDay([7, 30], 7)).toEqual([7, 30]);
  });
});
