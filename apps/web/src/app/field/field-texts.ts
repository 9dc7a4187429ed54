import type { OutboxEntry } from '../offline/outbox';
import type { Label, LabelTable } from '@baoxue/domain';

/** The field app's wording, Chinese first (shown with the `bxLabel` pipe). */
export const FIELD_TEXTS = {
  today: { zh: '今日工作', en: 'Today' },
  todayHint: {
    zh: '到期的家访与核查，最紧急的在前；离线也能查看。',
    en: 'Visits and verifications due, most urgent first; readable offline.',
  },
  refresh: { zh: '刷新', en: 'Refresh' },
  refreshing: { zh: '正在刷新…', en: 'Refreshing…' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  offlineData: { zh: '离线数据', en: 'Offline data' },
  updatedAt: { zh: '更新于', en: 'Updated' },
  refreshFailed: {
    zh: '暂时连不上网络，显示的是手机上保存的数据。',
    en: 'No connection right now; showing the data kept on this phone.',
  },
  loadFailed: { zh: '加载失败，请检查网络后重试', en: 'Could not load; check the connection and retry' },
  neverLoaded: {
    zh: '手机上还没有保存的个案，请在有网络时打开一次。',
    en: 'No cases are kept on this phone yet; open this page once while online.',
  },
  due: { zh: '到期事项', en: 'Due' },
  nothingDue: { zh: '今天没有到期的家访或核查', en: 'No visits or verifications due' },
  myCases: { zh: '我负责的个案', en: 'My cases' },
  noCases: { zh: '暂无您负责的个案', en: 'You are responsible for no open case' },
  dueOn: { zh: '到期日', en: 'Due' },
  escalated: { zh: '已上报', en: 'Escalated' },
  waitingToSend: { zh: '等待发送', en: 'Waiting to send' },
  sendFailed: { zh: '发送失败，联网后自动重试', en: 'Sending failed; retried when online' },
  // The case card.
  caseCard: { zh: '个案', en: 'Case' },
  backToToday: { zh: '返回今日工作', en: 'Back to today' },
  notFound: {
    zh: '未找到该个案：可能已结案或已不由您负责。',
    en: 'Case not found: it may be closed or no longer yours.',
  },
  notKept: {
    zh: '这个个案没有保存在手机上，请联网后再打开。',
    en: 'This case is not kept on this phone; open it again when online.',
  },
  age: { zh: '岁', en: 'years' },
  guardians: { zh: '监护人', en: 'Guardians' },
  noGuardians: { zh: '没有登记监护人', en: 'No guardian on record' },
  call: { zh: '拨打', en: 'Call' },
  noPhone: { zh: '无电话', en: 'No phone' },
  worksAway: { zh: '外出务工', en: 'Works away' },
  address: { zh: '现住址', en: 'Address' },
  noAddress: { zh: '未登记现住址', en: 'No address on record' },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  whereabouts: { zh: '去向', en: 'Whereabouts' },
  plan: { zh: '帮扶计划', en: 'Support plan' },
  reason: { zh: '主要原因', en: 'Main reason' },
  notRecorded: { zh: '未填写', en: 'Not recorded' },
  absentSince: { zh: '离校日期', en: 'Absent since' },
  nextFollowUp: { zh: '下次跟进', en: 'Next follow-up' },
  lastIntervention: { zh: '最近一次帮扶', en: 'Last intervention' },
  noIntervention: { zh: '还没有帮扶记录', en: 'No intervention recorded yet' },
  outcome: { zh: '结果', en: 'Outcome' },
  peoplePresent: { zh: '在场人员', en: 'People present' },
  notes: { zh: '情况说明', en: 'Notes' },
  recordedBy: { zh: '记录人', en: 'Recorded by' },
  photos: { zh: '照片', en: 'Photos' },
  pending: { zh: '等待发送', en: 'Waiting to send' },
  recordVisit: { zh: '记录家访', en: 'Record a visit' },
  editPlan: { zh: '编辑去向与计划', en: 'Edit whereabouts and plan' },
} as const satisfies Record<string, Label>;

export const OUTBOX_KIND_LABELS: LabelTable<OutboxEntry['kind']> = {
  visit: { zh: '家访记录', en: 'Visit' },
  case_edit: { zh: '去向与计划修改', en: 'Whereabouts and plan edit' },
};

const GRADE_NAMES = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** "三年级" / "Grade 3"; null outside grades 1–9. */
export function gradeLabel(grade: number | null): Label | null {
  if (!grade || grade < 1 || grade > 9) return null;
  return { zh: `${GRADE_NAMES[grade - 1]}年级`, en: `Grade ${grade}` };
}

/** "12 岁" / "12 years". */
export function ageLabel(age: number): Label {
  return { zh: `${age} 岁`, en: `${age} years` };
}

/** "N 条记录等待发送" / "N waiting to send". */
export function waitingLabel(count: number): Label {
  return { zh: `${count} 条记录等待发送`, en: `${count} waiting to send` };
}

/** "外出务工（青岛）" / "Works away (Qingdao)". */
export function worksAwayLabel(place: string | null): Label {
  if (!place) return FIELD_TEXTS.worksAway;
  return { zh: `外出务工（${place}）`, en: `Works away (${place})` };
}

/** "2 张照片" / "2 photos". */
export function photoCountLabel(count: number): Label {
  return { zh: `${count} 张照片`, en: count === 1 ? '1 photo' : `${count} photos` };
}
