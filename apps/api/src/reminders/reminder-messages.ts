import { daysBetween, DUE_KIND_LABELS, DueKind, LEVEL_LABELS, ReminderStage } from '@baoxue/domain';
import { NotifyInput } from '../notifications/notify-input';
import { Recipient, RecipientLevel, ResponsiblePerson } from './reminder-recipients';

/** The item a stage fires for, as the messages need it. */
export interface MessageItem {
  id: string;
  kind: DueKind;
  ref: string;
  dueOn: string;
  caseId: string | null;
  /** The child's full name (masked here) or, for a school report, the school's name. */
  subjectName: string;
}

/** `张*`: the family name and one star, whatever the length; outside messages never carry more. */
export function maskedChildName(fullName: string): string {
  const first = [...fullName.trim()][0];
  return first === undefined ? '*' : `${first}*`;
}

function levelLabel(level: RecipientLevel): string {
  return level === 'bureau_leader' ? '教育局领导' : LEVEL_LABELS[level].zh;
}

function subjectOf(item: MessageItem): string {
  if (item.kind === 'school_report') return `${item.subjectName}（${item.ref}）`;
  return maskedChildName(item.subjectName);
}

/** Title and body of one stage for one recipient level (Chinese, masked names only). */
export function reminderText(
  item: MessageItem,
  stage: ReminderStage,
  today: string,
  responsibles: readonly ResponsiblePerson[],
  level: RecipientLevel | null,
): { title: string; body: string } {
  const what = DUE_KIND_LABELS[item.kind].zh;
  const subject = subjectOf(item);
  const overdue = Math.max(0, daysBetween(item.dueOn, today));
  if (stage === 'due') {
    const when = overdue === 0 ? `今日到期（${item.dueOn}）` : `已于${item.dueOn}到期，逾期${overdue}天`;
    return { title: `【到期提醒】${what}：${subject}`, body: `${what}${when}。请及时处理。` };
  }
  const who =
    item.kind === 'school_report'
      ? `责任单位：${item.subjectName}`
      : responsibles.length > 0
        ? `责任人：${responsibles.map((p) => `${p.name}（${LEVEL_LABELS[p.level].zh}）`).join('、')}`
        : '责任人：未指定';
  const to = level === null ? '' : `现上报至${levelLabel(level)}，`;
  return {
    title: `【逾期${overdue}天】${what}：${subject}`,
    body: `${what}应于${item.dueOn}完成，已逾期${overdue}天仍未处理。${who}。${to}请督促落实。`,
  };
}

/** One notification per recipient, keyed by (item, stage, recipient) so a retry stores none twice. */
export function reminderNotifications(
  item: MessageItem,
  stage: ReminderStage,
  today: string,
  responsibles: readonly ResponsiblePerson[],
  recipients: readonly Recipient[],
  sms: boolean,
): NotifyInput[] {
  const link = item.caseId === null ? '/work' : `/cases/${item.caseId}`;
  return recipients.map((recipient) => {
    const { title, body } = reminderText(item, stage, today, responsibles, recipient.level);
    const who =
      recipient.userId !== null ? `user:${recipient.userId}` : `responsible:${recipient.responsibleId}`;
    return {
      dedupeKey: `item:${item.id}:${stage}:${who}`,
      kind: stage === 'due' ? 'reminder' : 'escalation',
      stage,
      dueItemId: item.id,
      caseId: item.caseId,
      recipientUserId: recipient.userId,
      recipientResponsibleId: recipient.responsibleId,
      title,
      body,
      link,
      sms,
    };
  });
}
