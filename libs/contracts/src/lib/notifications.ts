import type { DueKind, ReminderStage } from '@baoxue/domain';

export const NOTIFICATION_KINDS = ['reminder', 'escalation', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One message in a user's in-app inbox. */
export interface InboxNotification {
  id: string;
  kind: NotificationKind;
  stage: ReminderStage | null;
  dueKind: DueKind | null;
  title: string;
  body: string;
  /** Where it leads in the web app, e.g. `/cases/<id>`. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** GET /api/notifications/unread-count */
export interface UnreadCount {
  unread: number;
}

export const CHANNEL_KINDS = ['wecom', 'dingtalk'] as const;
/** Group-robot webhooks: 企业微信 and 钉钉. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A webhook channel of one organisation (the URL's secret part is never echoed in full). */
export interface NotificationChannel {
  id: string;
  organisationId: string;
  organisationName: string;
  kind: ChannelKind;
  name: string;
  /** The URL with its key masked, e.g. `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****abcd`. */
  urlMasked: string;
  hasSecret: boolean;
  enabled: boolean;
  version: number;
  /** Deliveries that gave up after every retry, within the last 7 days. */
  recentFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface CreateNotificationChannel {
  organisationId: string;
  kind: ChannelKind;
  name: string;
  url: string;
  /** DingTalk's signing secret (加签), optional. */
  secret?: string;
  enabled?: boolean;
}

export interface UpdateNotificationChannel {
  name?: string;
  url?: string;
  secret?: string | null;
  enabled?: boolean;
  version: number;
}

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A delivery over an outside channel (webhook or SMS), as the channel page lists it. */
export interface NotificationDelivery {
  id: string;
  channel: 'webhook' | 'sms';
  channelId: string | null;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  notificationTitle: string;
}

/** POST /api/notification-channels/:id/test: whether the robot accepted a test message. */
export interface ChannelTestResult {
  ok: boolean;
  /** Why not (HTTP status, the robot's errcode, a timeout): never the URL or a secret. */
  error: string | null;
}
