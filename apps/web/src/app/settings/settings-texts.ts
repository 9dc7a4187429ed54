import type { ChannelKind } from '@baoxue/contracts';
import type { CaseSettings, Label, LabelTable } from '@baoxue/domain';

/** The settings page's wording, Chinese first (shown with the `bxLabel` pipe). */
export const SETTINGS_TEXTS = {
  title: { zh: '提醒规则与通知渠道', en: 'Reminder rules and channels' },
  rulesTitle: { zh: '提醒规则', en: 'Reminder rules' },
  rulesHint: {
    zh: '每个县（区）可以有自己的期限和上报规则；未保存过的县使用系统默认值。',
    en: 'Each county may set its own deadlines and escalation; until saved it uses the defaults.',
  },
  groupDeadlines: { zh: '期限', en: 'Deadlines' },
  groupMonitoring: { zh: '返校巩固', en: 'Monitoring' },
  groupEscalation: { zh: '逾期上报', en: 'Escalation' },
  groupCalendar: { zh: '节假日与调休', en: 'Holidays' },
  groupSending: { zh: '发送', en: 'Sending' },
  add: { zh: '添加', en: 'Add' },
  noDates: { zh: '未设置', en: 'None' },
  saved: { zh: '已保存', en: 'Saved' },
  checkInPlaceholder: { zh: '天数', en: 'Days' },
  datePlaceholder: { zh: '选择日期', en: 'Pick a date' },
} as const satisfies Record<string, Label>;

/** How each setting is labelled and measured on the page. */
export interface SettingField {
  key: keyof CaseSettings;
  label: Label;
  /** Unit after a number, or what a list holds. */
  unit?: Label;
  help?: Label;
}

const DAYS: Label = { zh: '天', en: 'days' };
const WORKING_DAYS: Label = { zh: '个工作日', en: 'working days' };

export const SETTING_FIELDS: Readonly<Record<keyof CaseSettings, SettingField>> = {
  absenceSchoolDays: {
    key: 'absenceSchoolDays',
    label: { zh: '连续缺课报告疑似辍学', en: 'Absence before a suspected case' },
    unit: { zh: '个上学日', en: 'school days' },
  },
  verificationWorkingDays: {
    key: 'verificationWorkingDays',
    label: { zh: '报告后核查期限', en: 'Verification after a report' },
    unit: WORKING_DAYS,
    help: { zh: '跳过周末和法定节假日', en: 'Weekends and holidays are skipped' },
  },
  followUpDays: {
    key: 'followUpDays',
    label: { zh: '劝返跟进间隔', en: 'Follow-up interval' },
    unit: DAYS,
    help: { zh: '上次劝返未约定跟进日期时使用', en: 'When the last intervention set no date' },
  },
  writtenOrderDeadlineDays: {
    key: 'writtenOrderDeadlineDays',
    label: { zh: '限期返校通知期限', en: 'Written order deadline' },
    unit: DAYS,
  },
  monitoringCheckInDays: {
    key: 'monitoringCheckInDays',
    label: { zh: '返校巩固回访', en: 'Monitoring check-ins' },
    unit: { zh: '返校或安置后第几天', en: 'days after return or placement' },
  },
  monitoringWindowDays: {
    key: 'monitoringWindowDays',
    label: { zh: '巩固期', en: 'Monitoring window' },
    unit: DAYS,
  },
  escalateToNextLevelDays: {
    key: 'escalateToNextLevelDays',
    label: { zh: '逾期后上报上一级', en: 'Escalate one level after' },
    unit: DAYS,
  },
  escalateToBureauLeaderDays: {
    key: 'escalateToBureauLeaderDays',
    label: { zh: '逾期后上报教育局领导', en: 'Escalate to the bureau leader after' },
    unit: DAYS,
  },
  schoolMonthlyReportDay: {
    key: 'schoolMonthlyReportDay',
    label: { zh: '学校月报截止日', en: 'School monthly report by' },
    unit: { zh: '号（每月）', en: 'th of the month' },
    help: { zh: '月份没有这一天时为当月最后一天', en: 'The last day in shorter months' },
  },
  holidays: {
    key: 'holidays',
    label: { zh: '法定节假日', en: 'Public holidays' },
    help: { zh: '计算工作日时跳过', en: 'Skipped when counting working days' },
  },
  makeUpWorkdays: {
    key: 'makeUpWorkdays',
    label: { zh: '调休上班日', en: 'Make-up workdays' },
    help: { zh: '须为周六或周日，计为工作日', en: 'Saturdays or Sundays counted as working days' },
  },
  reminderTime: {
    key: 'reminderTime',
    label: { zh: '提醒发送时间', en: 'Reminders go out at' },
    help: { zh: '北京时间，到期和逾期上报在这一时刻发出', en: 'China time; reminders and escalations' },
  },
  digestTime: {
    key: 'digestTime',
    label: { zh: '每日待办发送时间', en: 'Daily digest at' },
    help: { zh: '北京时间', en: 'China time' },
  },
  smsReminders: {
    key: 'smsReminders',
    label: { zh: '短信提醒', en: 'SMS reminders' },
    help: { zh: '同时以短信提醒有手机号的责任人', en: 'Also text responsible persons with a phone' },
  },
};

/** The form's sections, in order. */
export const SETTING_GROUPS: readonly { title: Label; fields: readonly (keyof CaseSettings)[] }[] = [
  {
    title: SETTINGS_TEXTS.groupDeadlines,
    fields: [
      'absenceSchoolDays',
      'verificationWorkingDays',
      'followUpDays',
      'writtenOrderDeadlineDays',
      'schoolMonthlyReportDay',
    ],
  },
  { title: SETTINGS_TEXTS.groupMonitoring, fields: ['monitoringCheckInDays', 'monitoringWindowDays'] },
  {
    title: SETTINGS_TEXTS.groupEscalation,
    fields: ['escalateToNextLevelDays', 'escalateToBureauLeaderDays'],
  },
  { title: SETTINGS_TEXTS.groupCalendar, fields: ['holidays', 'makeUpWorkdays'] },
  { title: SETTINGS_TEXTS.groupSending, fields: ['reminderTime', 'digestTime', 'smsReminders'] },
];

export const CHANNEL_KIND_LABELS: LabelTable<ChannelKind> = {
  wecom: { zh: '企业微信', en: 'WeCom' },
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
};

export const CHANNEL_TEXTS = {
  title: { zh: '通知渠道', en: 'Notification channels' },
  hint: {
    zh: '到期提醒和逾期上报同时发到本单位的企业微信或钉钉群机器人。',
    en: 'Reminders and escalations also go to your organisation’s WeCom or DingTalk group robots.',
  },
  add: { zh: '添加渠道', en: 'Add a channel' },
  edit: { zh: '修改', en: 'Edit' },
  remove: { zh: '删除', en: 'Delete' },
  removeConfirm: { zh: '确定删除这个渠道？', en: 'Delete this channel?' },
  kind: { zh: '类型', en: 'Kind' },
  name: { zh: '名称', en: 'Name' },
  url: { zh: 'Webhook 地址', en: 'Webhook URL' },
  urlKeep: { zh: '留空则不修改', en: 'Leave empty to keep it' },
  urlStored: { zh: '已保存的地址', en: 'Stored URL' },
  secret: { zh: '加签密钥', en: 'Signing secret' },
  secretHelp: { zh: '钉钉机器人开启“加签”时填写', en: 'When the DingTalk robot signs messages' },
  secretStored: { zh: '已设置密钥，留空则不修改', en: 'A secret is set; leave empty to keep it' },
  removeSecret: { zh: '清除密钥', en: 'Clear the secret' },
  enabled: { zh: '启用', en: 'Enabled' },
  disabled: { zh: '已停用', en: 'Disabled' },
  sendTest: { zh: '发送测试', en: 'Send a test' },
  testSent: { zh: '测试消息已发送', en: 'Test message sent' },
  testFailed: { zh: '测试失败', en: 'Test failed' },
  failures: { zh: '近 7 天发送失败', en: 'Failed in the last 7 days' },
  lastError: { zh: '最近错误', en: 'Last error' },
  deliveries: { zh: '失败记录', en: 'Failed deliveries' },
  noDeliveries: { zh: '没有失败的发送', en: 'No failed deliveries' },
  attempts: { zh: '尝试次数', en: 'Attempts' },
  empty: { zh: '尚未配置通知渠道', en: 'No channel yet' },
  cancel: { zh: '取消', en: 'Cancel' },
  save: { zh: '保存', en: 'Save' },
  required: { zh: '必填', en: 'Required' },
  urlRule: { zh: '请填写 https:// 开头的地址', en: 'Enter an address starting with https://' },
  conflict: {
    zh: '这个渠道已被他人修改，已重新加载，请再试一次。',
    en: 'Someone else changed this channel; it was reloaded, please try again.',
  },
  failed: { zh: '操作失败', en: 'That did not work' },
} as const satisfies Record<string, Label>;
