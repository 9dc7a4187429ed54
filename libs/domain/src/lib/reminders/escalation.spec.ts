import { LINE_LEVELS, LINES } from '../cases/codes';
import { caseSettings } from '../cases/settings';
import {
  escalationLevel,
  levelAbove,
  nextStage,
  REMINDER_STAGES,
  stageFiresAt,
  stageOffsetsDays,
} from './escalation';

describe('escalation stages', () => {
  it('fires on the due day, +2, +4 days, and +7 for the bureau leader (the defaults), at the reminder time', () => {
    const settings = caseSettings();
    expect(stageOffsetsDays(settings)).toEqual({ due: 0, next_level: 2, second_level: 4, bureau_leader: 7 });
    const fires = REMINDER_STAGES.map((stage) => stageFiresAt('2026-10-08', stage, settings).toISOString());
    expect(fires).toEqual([
      '2026-10-08T00:00:00.000Z',
      '2026-10-10T00:00:00.000Z',
      '2026-10-12T00:00:00.000Z',
      '2026-10-15T00:00:00.000Z',
    ]);
    const late = caseSettings({ reminderTime: '17:30' });
    expect(stageFiresAt('2026-10-08', 'due', late).toISOString()).toBe('2026-10-08T09:30:00.000Z');
  });

  it('never reaches the bureau leader before the second level', () => {
    const settings = caseSettings({ escalateToNextLevelDays: 5, escalateToBureauLeaderDays: 7 });
    expect(stageOffsetsDays(settings)).toEqual({
      due: 0,
      next_level: 5,
      second_level: 10,
      bureau_leader: 10,
    });
    for (let next = 1; next <= 30; next++)
      for (const leader of [next + 1, 7, 90]) {
        const offsets = stageOffsetsDays(
          caseSettings({ escalateToNextLevelDays: next, escalateToBureauLeaderDays: leader }),
        );
        expect(offsets.due).toBeLessThan(offsets.next_level);
        expect(offsets.next_level).toBeLessThan(offsets.second_level);
        expect(offsets.second_level).toBeLessThanOrEqual(offsets.bureau_leader);
      }
  });

  it('steps through the stages in order and ends', () => {
    expect(nextStage('due')).toBe('next_level');
    expect(nextStage('next_level')).toBe('second_level');
    expect(nextStage('second_level')).toBe('bureau_leader');
    expect(nextStage('bureau_leader')).toBeNull();
  });
});

describe('who an escalation reaches', () => {
  it.each([
    // line, level, due, next_level, second_level, bureau_leader
    ['government', 'village_group', 'village_group', 'village', 'town', 'bureau_leader'],
    ['government', 'village', 'village', 'town', 'county', 'bureau_leader'],
    ['government', 'town', 'town', 'county', null, 'bureau_leader'],
    ['government', 'county', 'county', null, null, 'bureau_leader'],
    ['education', 'class', 'class', 'school', 'bureau', 'bureau_leader'],
    ['education', 'grade', 'grade', 'school', 'bureau', 'bureau_leader'],
    ['education', 'school', 'school', 'bureau', null, 'bureau_leader'],
    ['education', 'bureau', 'bureau', null, null, 'bureau_leader'],
  ] as const)('%s line, %s level', (line, level, due, next, second, leader) => {
    expect(escalationLevel(line, level, 'due')).toBe(due);
    expect(escalationLevel(line, level, 'next_level')).toBe(next);
    expect(escalationLevel(line, level, 'second_level')).toBe(second);
    expect(escalationLevel(line, level, 'bureau_leader')).toBe(leader);
  });

  it('stays on its own line: one level up is always higher on the same line', () => {
    for (const line of LINES) {
      const levels = LINE_LEVELS[line];
      for (const level of levels) {
        const above = levelAbove(line, level);
        if (above === null) expect(level).toBe(levels[0]);
        else {
          expect(levels).toContain(above);
          expect(levels.indexOf(above)).toBeLessThan(levels.indexOf(level));
        }
      }
    }
    // A level of the other line has nothing above it on this one.
    expect(levelAbove('education', 'village')).toBeNull();
    expect(levelAbove('government', 'class')).toBeNull();
  });
});
