import { NotificationKind } from '@baoxue/contracts';
import { ReminderStage } from '@baoxue/domain';

/** One notification to store: a reminder, an escalation or a digest for one recipient. */
export interface NotifyInput {
  /** e.g. `item:<dueItemId>:<stage>:user:<userId>`, `digest:<date>:<userId>`. */
  dedupeKey: string;
  kind: NotificationKind;
  stage: ReminderStage | null;
  dueItemId: string | null;
  caseId: string | null;
  /** One of these two. */
  recipientUserId: string | null;
  /** A responsible person without an account: reached by SMS only. */
  recipientResponsibleId: string | null;
  /** Masked names only: never a child's full name or ID. */
  title: string;
  body: string;
  /** Where it leads in the web app, e.g. `/cases/<id>`. */
  link: string | null;
  /** Also by SMS when a phone is known (the county setting smsReminders). */
  sms: boolean;
}

export interface StoredNotifications {
  notificationIds: string[];
  deliveryIds: string[];
}
