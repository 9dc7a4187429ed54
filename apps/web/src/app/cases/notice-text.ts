import type { CaseNotice } from '@baoxue/contracts';
import {
  CASE_REASON_LABELS,
  GUARDIAN_RELATION_LABELS,
  GuardianRelation,
  INTERVENTION_KIND_LABELS,
  INTERVENTION_OUTCOME_LABELS,
  InterventionOutcome,
  SEX_LABELS,
} from '@baoxue/domain';

/*
 * Wording of the printed notices. They are legal documents addressed to Chinese
 * authorities and guardians, so they are written in Chinese whatever the UI language.
 */

const GRADE_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Two ideographic spaces: room to write a figure in by hand. */
const BLANK = '\u3000\u3000';

/** `2026-09-07` → `2026年9月7日`; an empty date leaves room to write one in by hand. */
export function chineseDate(day: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day ?? '');
  if (!match) return `${BLANK}年${BLANK}月${BLANK}日`;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/**
 * The order's document number: a bare serial becomes `〔2026〕第3号` (the year it was
 * issued); a number written out in full is kept; none leaves a blank to fill in.
 */
export function orderNumberText(number: string | null, issuedOn: string): string {
  const year = issuedOn.slice(0, 4);
  const text = (number ?? '').trim();
  if (!text) return `〔${year}〕第${BLANK}号`;
  if (/^\d+$/.test(text)) return `〔${year}〕第${Number(text)}号`;
  return text;
}

export function gradeText(grade: number | null): string {
  return grade && grade >= 1 && grade <= 9 ? `${GRADE_NAMES[grade - 1]}年级` : '';
}

export function sexText(notice: CaseNotice): string {
  return SEX_LABELS[notice.student.sex]?.zh ?? '';
}

/** School, grade and class in one phrase, e.g. `进士张小学三年级2班`; empty without a school. */
export function schoolText(notice: CaseNotice): string {
  const s = notice.student;
  if (!s.schoolName) return '';
  return `${s.schoolName}${gradeText(s.grade)}${s.className ?? ''}`;
}

/** The primary reason first, then the others: `外出务工、家庭经济困难`. */
export function reasonsText(notice: CaseNotice): string {
  return [notice.primaryReason, ...notice.otherReasons.filter((r) => r !== notice.primaryReason)]
    .map((r) => CASE_REASON_LABELS[r]?.zh ?? r)
    .join('、');
}

export function relationText(relation: string): string {
  return GUARDIAN_RELATION_LABELS[relation as GuardianRelation]?.zh ?? relation;
}

/** `张大山（父亲）、李小花（母亲）`; empty when no guardian is on record. */
export function guardiansText(notice: CaseNotice): string {
  return notice.guardians.map((g) => `${g.name}（${relationText(g.relation)}）`).join('、');
}

export function interventionKindText(kind: CaseNotice['interventions'][number]['kind']): string {
  return INTERVENTION_KIND_LABELS[kind]?.zh ?? kind;
}

export function partiesText(parties: CaseNotice['recipients']): string {
  return parties.map((p) => p.name).join('、');
}

/** An intervention's outcome code in words; none leaves the cell empty. */
export function outcomeText(outcome: string | null): string {
  if (!outcome) return '';
  return INTERVENTION_OUTCOME_LABELS[outcome as InterventionOutcome]?.zh ?? outcome;
}
