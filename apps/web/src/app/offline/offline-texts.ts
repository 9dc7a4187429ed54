import type { Label } from '@baoxue/domain';

/** The outbox and network wording, Chinese first (shown with the `bxLabel` pipe). */
export const OFFLINE_TEXTS = {
  offline: { zh: '离线', en: 'Offline' },
  waiting: { zh: '等待发送', en: 'Waiting to send' },
  sending: { zh: '正在发送', en: 'Sending' },
  failed: { zh: '发送失败', en: 'Not accepted' },
  conflict: { zh: '有冲突，待处理', en: 'Conflict: your choice needed' },
  attention: { zh: '待处理', en: 'Needs you' },
  resolve: { zh: '去处理', en: 'Resolve' },
  discard: { zh: '删除', en: 'Delete' },
  discardConfirm: {
    zh: '删除后这条记录不会再发送，确定删除？',
    en: 'This record will not be sent. Delete it?',
  },
  dismiss: { zh: '知道了', en: 'Got it' },
  sendNow: { zh: '立即发送', en: 'Send now' },
  outbox: { zh: '待发送记录', en: 'Outbox' },
  empty: { zh: '没有等待发送的记录', en: 'Nothing waiting to be sent' },
  visit: { zh: '家访记录', en: 'Visit' },
  caseEdit: { zh: '去向与帮扶计划', en: 'Whereabouts and plan' },
  photos: { zh: '张照片', en: 'photo(s)' },
  queuedAt: { zh: '记录于', en: 'Recorded' },
  changedWhileAway: { zh: '发送时个案已有变化：', en: 'The case changed before this was sent: ' },
  visitKept: { zh: '您的家访记录已保存。', en: 'Your visit was kept.' },
  willRetry: { zh: '网络恢复后自动发送', en: 'Sent automatically when the network is back' },
  signOutUnsent: {
    zh: '还有记录没有发送，退出登录会删除手机上的这些记录。',
    en: 'Some records have not been sent. Signing out deletes them from this phone.',
  },
  signOutAnyway: { zh: '仍要退出', en: 'Sign out anyway' },
  cancel: { zh: '取消', en: 'Cancel' },
} as const satisfies Record<string, Label>;

/** "2 条等待发送" / "2 waiting to send". */
export function waitingCount(count: number): Label {
  return { zh: `${count} 条等待发送`, en: `${count} waiting to send` };
}
