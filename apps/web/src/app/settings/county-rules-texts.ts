import type { Label } from '@baoxue/domain';

/** Wording shared by the per-county rules pages (picker, state, alerts, actions). */
export const COUNTY_RULES_TEXTS = {
  county: { zh: '县（区）', en: 'County' },
  usesDefaults: { zh: '使用默认值', en: 'Using the defaults' },
  customised: { zh: '已自定义', en: 'Customised' },
  lastSaved: { zh: '上次保存', en: 'Last saved' },
  restoreDefaults: { zh: '恢复默认', en: 'Restore defaults' },
  save: { zh: '保存', en: 'Save' },
  fixProblems: { zh: '请先更正标红的项', en: 'Please correct the fields marked in red first' },
  conflict: {
    zh: '这些规则已被他人修改。请重新加载后再修改。',
    en: 'Someone else changed these rules. Reload them, then make your change again.',
  },
  reload: { zh: '重新加载', en: 'Reload' },
  loadFailed: { zh: '加载失败', en: 'Could not load' },
  saveFailed: { zh: '保存失败，请稍后再试', en: 'Could not save; please try again' },
  retry: { zh: '重试', en: 'Retry' },
  noCounties: { zh: '您的管辖范围内没有县（区）', en: 'No county in your scope' },
} as const satisfies Record<string, Label>;
