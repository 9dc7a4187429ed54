import type { Label } from '@baoxue/domain';

/** The plan editor's wording, Chinese first (shown with the `bxLabel` pipe). */
export const CASE_EDIT_TEXTS = {
  title: { zh: '编辑去向与帮扶计划', en: 'Edit whereabouts and plan' },
  back: { zh: '返回个案', en: 'Back to the case' },
  save: { zh: '保存', en: 'Save' },
  saving: { zh: '正在保存…', en: 'Saving…' },
  nothingChanged: { zh: '没有修改', en: 'Nothing changed' },
  tooLong: { zh: '超过字数上限', en: 'Too long' },
  saveFailed: {
    zh: '无法保存到手机，请检查存储空间后重试',
    en: 'Could not be kept on this phone; check its storage and retry',
  },
  unknownCase: {
    zh: '手机上没有此个案的资料，联网后再编辑',
    en: 'This case is not on this phone; edit it when online',
  },
  loading: { zh: '正在加载…', en: 'Loading…' },
  conflictTitle: { zh: '修改有冲突，请逐项选择', en: 'Your edit conflicts: choose per field' },
  conflictIntro: {
    zh: '您离线修改期间，服务器上的个案也被修改了。两边都保留在这里，选定后再发送。',
    en: 'The case changed on the server while you edited offline. Both versions are kept here until you choose.',
  },
  mine: { zh: '你的修改', en: 'Your edit' },
  theirs: { zh: '服务器上的最新', en: 'Latest on the server' },
  updatedAt: { zh: '更新于', en: 'Updated' },
  empty: { zh: '（空）', en: '(empty)' },
  sendChoice: { zh: '按所选保存', en: 'Save my choices' },
  chooseAll: { zh: '请为每一项做出选择', en: 'Choose for every field' },
  discardMine: { zh: '放弃我的修改', en: 'Discard my edit' },
  discardConfirm: {
    zh: '放弃后您的这次修改不会发送，确定？',
    en: 'Your edit will not be sent. Discard it?',
  },
} as const satisfies Record<string, Label>;
