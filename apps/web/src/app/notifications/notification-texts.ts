import type { NotificationKind } from '@baoxue/contracts';
import type { Label, LabelTable } from '@baoxue/domain';

/** The inbox's wording, Chinese first (shown with the `bxLabel` pipe). */
export const INBOX_TEXTS = {
  title: { zh: '收件箱', en: 'Inbox' },
  hint: {
    zh: '到期提醒、逾期上报和每日待办。点“查看”处理并标记为已读。',
    en: 'Reminders, escalations and daily digests. “View” opens the case and marks the message read.',
  },
  unreadOnly: { zh: '只看未读', en: 'Unread only' },
  markAllRead: { zh: '全部已读', en: 'Mark all read' },
  view: { zh: '查看', en: 'View' },
  markRead: { zh: '标为已读', en: 'Mark read' },
  unread: { zh: '未读', en: 'Unread' },
  empty: { zh: '没有消息', en: 'No messages' },
  emptyUnread: { zh: '没有未读消息', en: 'No unread messages' },
  loadFailed: { zh: '消息加载失败', en: 'The messages could not be loaded' },
  actionFailed: { zh: '操作失败，请稍后再试', en: 'That did not work; please try again' },
  retry: { zh: '重试', en: 'Retry' },
  bell: { zh: '收件箱', en: 'Inbox' },
  unreadCount: { zh: '条未读', en: 'unread' },
} as const satisfies Record<string, Label>;

export const NOTIFICATION_KIND_LABELS: LabelTable<NotificationKind> = {
  reminder: { zh: '提醒', en: 'Reminder' },
  escalation: { zh: '逾期上报', en: 'Escalation' },
  digest: { zh: '每日待办', en: 'Daily digest' },
};

/** ng-zorro tag colours of each kind: escalations stand out. */
export const NOTIFICATION_KIND_COLORS: Readonly<Record<NotificationKind, string>> = {
  reminder: 'blue',
  escalation: 'red',
  digest: 'default',
};
