import { LabelTable } from '../labels';
import { Level, Line } from '../cases/codes';
import { CaseSettings } from '../cases/settings';
import { addDays, chinaInstant } from './calendar';

/**
 * The stages of a due item: the reminder on the due day, then escalation along the
 * responsible person's own line (DOMAIN.md §5), then the bureau leader.
 */
export const REMINDER_STAGES = ['due', 'next_level', 'second_level', 'bureau_leader'] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];

export const REMINDER_STAGE_LABELS: LabelTable<ReminderStage> = {
  due: { zh: '到期提醒', en: 'Due' },
  next_level: { zh: '逾期上报上一级', en: 'Escalated one level' },
  second_level: { zh: '逾期上报上两级', en: 'Escalated two levels' },
  bureau_leader: { zh: '逾期上报教育局领导', en: 'Escalated to the bureau leader' },
};

/** Days after the due day at which each stage fires (the leader never before the second level). */
export function stageOffsetsDays(settings: CaseSettings): Record<ReminderStage, number> {
  const next = settings.escalateToNextLevelDays;
  return {
    due: 0,
    next_level: next,
    second_level: 2 * next,
    bureau_leader: Math.max(settings.escalateToBureauLeaderDays, 2 * next),
  };
}

/** When a stage of an item due on `dueOn` fires: the county's reminder time, China time. */
export function stageFiresAt(dueOn: string, stage: ReminderStage, settings: CaseSettings): Date {
  return chinaInstant(addDays(dueOn, stageOffsetsDays(settings)[stage]), settings.reminderTime);
}

/** The stage after `stage`, or null after the last. */
export function nextStage(stage: ReminderStage): ReminderStage | null {
  return REMINDER_STAGES[REMINDER_STAGES.indexOf(stage) + 1] ?? null;
}

/**
 * One level up the same line: 村民小组 → 村 → 乡镇 → 县 on the government line;
 * class or grade teacher → school (the principal) → bureau on the education line.
 * Null at the top: above it only the bureau leader remains.
 */
const LEVEL_ABOVE: Readonly<Record<Line, Partial<Record<Level, Level>>>> = {
  government: { village_group: 'village', village: 'town', town: 'county' },
  education: { class: 'school', grade: 'school', school: 'bureau' },
};

export function levelAbove(line: Line, level: Level): Level | null {
  return LEVEL_ABOVE[line][level] ?? null;
}

/** Who an escalation stage goes to, for a responsible person at `level` on `line`. */
export function escalationLevel(
  line: Line,
  level: Level,
  stage: ReminderStage,
): Level | 'bureau_leader' | null {
  switch (stage) {
    case 'due':
      return level;
    case 'next_level':
      return levelAbove(line, level);
    case 'second_level': {
      const above = levelAbove(line, level);
      return above === null ? null : levelAbove(line, above);
    }
    case 'bureau_leader':
      return 'bureau_leader';
  }
}
