import type { Label } from '@baoxue/domain';

/** Attendance wording, Chinese first (shown with the `bxLabel` pipe). */
export const ATTENDANCE_TEXTS = {
  rollTitle: { zh: '考勤点名', en: 'Roll call' },
  rollHint: {
    zh: '未标记的学生默认为出勤，只需点选缺勤、迟到或请假的学生。',
    en: 'Everyone not marked counts as present: only tap the children who are absent or late.',
  },
  chooseClass: { zh: '选择班级', en: 'Choose a class' },
  date: { zh: '日期', en: 'Date' },
  today: { zh: '今天', en: 'Today' },
  noClasses: { zh: '本校暂无班级', en: 'Your school has no classes' },
  pickClassFirst: { zh: '请先选择班级', en: 'Choose a class to take its roll' },
  expected: { zh: '应到', en: 'Expected' },
  present: { zh: '实到', en: 'Present' },
  absent: { zh: '未到', en: 'Absent' },
  late: { zh: '迟到', en: 'Late' },
  excused: { zh: '请假', en: 'Excused' },
  unexcused: { zh: '无故缺勤', en: 'Unexcused' },
  allPresent: { zh: '全部出勤', en: 'All present' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存', en: 'Saved' },
  unsaved: { zh: '有未保存的更改', en: 'Unsaved changes' },
  leaveUnsaved: {
    zh: '本班还有未保存的考勤标记，确定放弃并切换吗？',
    en: 'This roll has unsaved marks. Drop them and switch?',
  },
  taken: { zh: '已点名', en: 'Roll taken' },
  notTaken: { zh: '尚未点名', en: 'Roll not taken yet' },
  excuseReason: { zh: '请假原因', en: 'Reason' },
  reasonMissing: {
    zh: '请为请假的学生选择请假原因',
    en: 'Choose a reason for every excused absence',
  },
  saveFailed: {
    zh: '保存失败，您的标记仍保留在本页，请稍后重试。',
    en: 'Could not save. Your marks are kept on this page: try again.',
  },
  loadFailed: { zh: '加载失败', en: 'Could not be loaded' },
  retry: { zh: '重试', en: 'Retry' },
  notFound: {
    zh: '该班级不存在或不在您的管辖范围内',
    en: 'This class does not exist or is outside your scope',
  },
  openedCasesTitle: {
    zh: '连续无故缺勤，已自动生成疑似辍学个案',
    en: 'Unexcused absences in a row: suspected dropout cases were opened',
  },
  riskScore: { zh: '风险', en: 'Risk' },
  openCase: { zh: '个案', en: 'Case' },
  viewCase: { zh: '查看个案', en: 'Open case' },
  keyboardHint: {
    zh: '键盘：↑↓ 选择学生，1 出勤 · 2 迟到 · 3 请假 · 4 无故缺勤',
    en: 'Keyboard: ↑↓ to move, 1 present · 2 late · 3 excused · 4 unexcused',
  },
  importLink: { zh: '从表格导入', en: 'Import from a spreadsheet' },

  importTitle: { zh: '导入考勤', en: 'Import attendance' },
  importHint: {
    zh: '上传 .xlsx 或 .csv 文件。先检查，没有问题后再导入；任何一行有问题时不会保存任何数据。',
    en: 'Upload an .xlsx or .csv file. Check it first, then import; nothing is saved while any row has a problem.',
  },
  columns: {
    zh: '列：日期、年级、班级、姓名、学籍号或身份证号、考勤（出勤/迟到/请假/无故缺勤）、请假原因、备注',
    en: 'Columns: 日期, 年级, 班级, 姓名, 学籍号 or 身份证号, 考勤 (出勤/迟到/请假/无故缺勤), 请假原因, 备注',
  },
  template: { zh: '下载模板', en: 'Download the template' },
  chooseFile: { zh: '选择文件', en: 'Choose a file' },
  wrongType: { zh: '请选择 .xlsx 或 .csv 文件', en: 'Choose an .xlsx or .csv file' },
  check: { zh: '检查', en: 'Check' },
  doImport: { zh: '导入', en: 'Import' },
  checkedOk: { zh: '检查通过，可以导入', en: 'No problems: ready to import' },
  problemsFound: {
    zh: '发现问题，请修改表格后重新检查',
    en: 'Problems found: fix the sheet and check again',
  },
  row: { zh: '行', en: 'Row' },
  field: { zh: '字段', en: 'Field' },
  problem: { zh: '问题', en: 'Problem' },
  importFailed: { zh: '文件无法处理', en: 'The file could not be processed' },
  imported: { zh: '导入完成', en: 'Imported' },

  summaryTitle: { zh: '考勤统计', en: 'Attendance' },
  breadcrumb: { zh: '当前位置', en: 'You are here' },
  units: { zh: '下级单位', en: 'Below this node' },
  name: { zh: '名称', en: 'Name' },
  noUnits: { zh: '没有下级单位', en: 'Nothing below this node' },
  classesNotTaken: { zh: '未点名班级', en: 'Classes without a roll' },
  summaryFailed: { zh: '考勤统计加载失败', en: 'The attendance figures could not be loaded' },
  summaryNotFound: {
    zh: '该单位不存在或不在您的管辖范围内',
    en: 'This node does not exist or is outside your scope',
  },
  backToTop: { zh: '返回本级', en: 'Back to my scope' },

  watchTitle: { zh: '重点关注学生', en: 'Watch list' },
  watchHint: {
    zh: '按风险分从高到低排列，原因由出勤率、连续缺勤、特殊群体、辍学记录和超龄计算。',
    en: 'Highest risk first, scored from attendance, repeated absences, special status, past cases and over-age.',
  },
  allClasses: { zh: '全部班级', en: 'All classes' },
  score: { zh: '风险分', en: 'Score' },
  nobodyWatched: { zh: '暂无重点关注学生', en: 'Nobody on the watch list' },
  viewStudent: { zh: '学生档案', en: 'Student' },
} as const satisfies Record<string, Label>;

const GRADE_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 三年级2班 / Grade 3, 2班 (class names are Chinese as the school keeps them). */
export function classLabel(grade: number | null, className: string | null): Label {
  if (grade === null && !className) return { zh: '—', en: '—' };
  const zhGrade = grade === null ? '' : `${GRADE_ZH[grade] ?? grade}年级`;
  const enGrade = grade === null ? '' : `Grade ${grade} `;
  return { zh: `${zhGrade}${className ?? ''}`, en: `${enGrade}${className ?? ''}`.trim() };
}

/** 共N行，M个问题 */
export function problemCountLabel(count: number, rows: number): Label {
  return { zh: `共${rows}行，${count}个问题`, en: `${rows} rows, ${count} problems` };
}

export function savedRowsLabel(saved: number): Label {
  return { zh: `已导入 ${saved} 条考勤记录`, en: `${saved} attendance records imported` };
}

/** 连续无故缺勤 N 天 */
export function runLabel(run: number): Label {
  return { zh: `连续无故缺勤${run}天`, en: `${run} unexcused days in a row` };
}

export function classesNotTakenLabel(notTaken: number, classes: number): Label {
  return { zh: `${notTaken} / ${classes} 个班级`, en: `${notTaken} of ${classes} classes` };
}
