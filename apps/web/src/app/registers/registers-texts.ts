import type { ComparisonRunStatus, RegisterImportStatus } from '@baoxue/contracts';
import type { Label, LabelTable } from '@baoxue/domain';

/** 部门数据比对 wording, Chinese first (shown with the `bxLabel` pipe). */
export const REGISTER_TEXTS = {
  title: { zh: '部门数据比对', en: 'Department registers' },
  importsTab: { zh: '导入记录', en: 'Imports' },
  comparisonsTab: { zh: '比对结果', en: 'Comparisons' },
  uploadTitle: { zh: '上传名册', en: 'Upload a register' },
  uploadHint: {
    zh: '上传公安户籍、学籍、防返贫监测、民政或残联名册（.csv 或 .xlsx，首行为表头）。上传后先核对字段映射并试导入检查，确认无误再导入。',
    en: 'Upload a household, enrolment, poverty-monitoring, civil-affairs or disability register (.csv or .xlsx, headers in the first row). Check the column mapping and dry-run it before importing.',
  },
  kind: { zh: '名册类型', en: 'Register' },
  chooseKind: { zh: '请选择名册类型', en: 'Choose the register' },
  chooseFile: { zh: '选择文件', en: 'Choose a file' },
  dropHint: { zh: '或将文件拖到此处', en: 'or drop the file here' },
  wrongType: { zh: '请选择 .csv 或 .xlsx 文件', en: 'Choose a .csv or .xlsx file' },
  upload: { zh: '上传', en: 'Upload' },
  uploadFailed: { zh: '上传失败', en: 'Upload failed' },
  file: { zh: '文件', en: 'File' },
  status: { zh: '状态', en: 'Status' },
  counts: { zh: '行数', en: 'Rows' },
  region: { zh: '区域', en: 'Region' },
  by: { zh: '操作人', en: 'By' },
  at: { zh: '时间', en: 'When' },
  allKinds: { zh: '全部类型', en: 'All registers' },
  allStatuses: { zh: '全部状态', en: 'All statuses' },
  noImports: { zh: '暂无导入记录', en: 'No imports yet' },
  loadFailed: { zh: '加载失败', en: 'Could not be loaded' },
  retry: { zh: '重试', en: 'Retry' },
  open: { zh: '查看', en: 'Open' },
  back: { zh: '返回导入记录', en: 'Back to the imports' },
  notFound: {
    zh: '该记录不存在或不在您的管辖范围内',
    en: 'This record does not exist or is outside your scope',
  },
  conflict: {
    zh: '该导入已被他人或后台任务更新，已重新加载，请再试一次。',
    en: 'The import changed meanwhile and was reloaded: try again.',
  },
  actionFailed: { zh: '操作失败', en: 'The action failed' },

  stepUpload: { zh: '上传', en: 'Upload' },
  stepMapping: { zh: '字段映射', en: 'Column mapping' },
  stepDryRun: { zh: '试导入检查', en: 'Dry run' },
  stepCommit: { zh: '确认导入', en: 'Import' },
  stepDone: { zh: '完成', en: 'Done' },

  mappingTitle: { zh: '字段映射', en: 'Column mapping' },
  mappingHint: {
    zh: '为每个字段选择文件中的列（已按常用表头自动匹配），* 为必填。下方为文件前几行预览。',
    en: 'Pick the file column of each field (usual headers are matched already); * is required. The first rows of the file are shown below.',
  },
  noColumn: { zh: '（无此列）', en: '(no such column)' },
  required: { zh: '必填', en: 'required' },
  saveMapping: { zh: '保存映射', en: 'Save mapping' },
  mappingSaved: { zh: '映射已保存', en: 'Mapping saved' },
  mappingUnsaved: { zh: '映射有改动，试导入前会先保存', en: 'Changed: saved before the dry run' },
  preview: { zh: '文件预览', en: 'File preview' },
  dryRun: { zh: '试导入', en: 'Dry run' },
  dryRunAgain: { zh: '重新试导入', en: 'Dry run again' },
  validating: { zh: '正在逐行检查，请稍候…', en: 'Checking every row…' },

  reportTitle: { zh: '试导入检查结果', en: 'Dry-run report' },
  reportClean: { zh: '检查通过，全部行可以导入', en: 'No errors: every row can be imported' },
  reportErrors: {
    zh: '有错误的行不会导入。可修改文件后重新上传，或只导入无错误的行。',
    en: 'Rows with errors are not imported. Fix the file and upload it again, or import the valid rows only.',
  },
  byRule: { zh: '问题分类', en: 'Problems by rule' },
  allRules: { zh: '全部问题', en: 'All problems' },
  row: { zh: '行号', en: 'Row' },
  field: { zh: '字段', en: 'Field' },
  problem: { zh: '问题', en: 'Problem' },
  value: { zh: '值', en: 'Value' },
  severityError: { zh: '错误', en: 'Error' },
  severityWarning: { zh: '警告', en: 'Warning' },
  noProblems: { zh: '没有问题', en: 'No problems' },
  downloadProblems: { zh: '下载问题清单', en: 'Download the problems' },
  fileRejected: { zh: '文件无法导入', en: 'The file cannot be imported' },
  reupload: { zh: '重新上传', en: 'Upload again' },
  reuploadHint: {
    zh: '修改文件后重新上传，将作为新的导入重新检查。',
    en: 'Upload the corrected file: it is checked again as a new import.',
  },
  commit: { zh: '确认导入', en: 'Import' },
  importing: { zh: '正在导入…', en: 'Importing…' },
  committed: { zh: '已导入', en: 'Imported' },
  committedHint: {
    zh: '本名册已成为该区域的当前名册，可以开始比对。',
    en: 'This register is now the region’s current one: you can run a comparison.',
  },
  toComparisons: { zh: '去比对', en: 'Run a comparison' },
  importFailed: { zh: '导入失败', en: 'The import failed' },
  resume: { zh: '继续导入', en: 'Resume the import' },
  superseded: { zh: '已被新的导入替代', en: 'Replaced by a newer import' },
  discard: { zh: '放弃本次导入', en: 'Discard this import' },
  discarded: { zh: '已放弃', en: 'Discarded' },

  comparisonsTitle: { zh: '比对结果', en: 'Comparisons' },
  backToRuns: { zh: '返回比对记录', en: 'Back to the comparisons' },
  newComparison: { zh: '新建比对', en: 'New comparison' },
  comparisonHint: {
    zh: '以户籍名册为基础，与学籍、监测和救助名册比对，找出适龄未入学、疑似辍学和重点关注的儿童。',
    en: 'Compares the household register with enrolment and the priority lists to find children never enrolled, suspected dropouts and priority children.',
  },
  regionScope: { zh: '比对区域（默认本级）', en: 'Region (your scope by default)' },
  asOf: { zh: '截止日期', en: 'As of' },
  ageRange: { zh: '年龄', en: 'Age' },
  ageTo: { zh: '至', en: 'to' },
  years: { zh: '周岁', en: 'years' },
  start: { zh: '开始比对', en: 'Start' },
  noComparisons: { zh: '暂无比对记录', en: 'No comparisons yet' },
  running: { zh: '正在比对，请稍候…', en: 'Comparing…' },
  findings: { zh: '比对发现', en: 'Findings' },
  byRegion: { zh: '按区域', en: 'By region' },
  registersUsed: { zh: '使用的名册', en: 'Registers used' },
  rows: { zh: '行', en: 'rows' },
  allCategories: { zh: '全部类别', en: 'All categories' },
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  birthDate: { zh: '出生日期', en: 'Birth date' },
  village: { zh: '户籍村', en: 'Village' },
  school: { zh: '就近学校', en: 'Nearest school' },
  reasons: { zh: '原因', en: 'Reasons' },
  category: { zh: '类别', en: 'Category' },
  selectAll: { zh: '全选本页', en: 'Select the page' },
  routeSelected: { zh: '派发核查', en: 'Route selected' },
  routeAll: { zh: '全部派发', en: 'Route all new' },
  routeConfirm: {
    zh: '为所有“待派发”的发现生成疑似辍学个案，派发到户籍村和就近学校核查？',
    en: 'Open a suspected case for every finding to route, sent to the village and the nearest school?',
  },
  routing: { zh: '正在派发…', en: 'Routing…' },
  same: { zh: '同一人', en: 'Same child' },
  different: { zh: '不同人', en: 'Different child' },
  dismiss: { zh: '忽略', en: 'Dismiss' },
  candidateOf: { zh: '可能是在校生', en: 'May be the enrolled child' },
  viewCase: { zh: '查看个案', en: 'Open case' },
  downloadFindings: { zh: '下载名单', en: 'Download the list' },
  noFindings: { zh: '没有符合条件的发现', en: 'No findings match' },
  total: { zh: '合计', en: 'Total' },
  cancel: { zh: '取消', en: 'Cancel' },
} as const satisfies Record<string, Label>;

export const IMPORT_STATUS_LABELS: LabelTable<RegisterImportStatus> = {
  uploaded: { zh: '待试导入', en: 'Uploaded' },
  validating: { zh: '检查中', en: 'Checking' },
  validated: { zh: '已检查', en: 'Checked' },
  rejected: { zh: '文件被拒', en: 'Rejected' },
  importing: { zh: '导入中', en: 'Importing' },
  committed: { zh: '已导入', en: 'Imported' },
  failed: { zh: '导入失败', en: 'Failed' },
  superseded: { zh: '已被替代', en: 'Superseded' },
  discarded: { zh: '已放弃', en: 'Discarded' },
};

export const IMPORT_STATUS_COLORS: Readonly<Record<RegisterImportStatus, string>> = {
  uploaded: 'blue',
  validating: 'processing',
  validated: 'cyan',
  rejected: 'red',
  importing: 'processing',
  committed: 'green',
  failed: 'red',
  superseded: 'default',
  discarded: 'default',
};

export const RUN_STATUS_LABELS: LabelTable<ComparisonRunStatus> = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '比对中', en: 'Running' },
  completed: { zh: '已完成', en: 'Completed' },
  failed: { zh: '失败', en: 'Failed' },
};

export const RUN_STATUS_COLORS: Readonly<Record<ComparisonRunStatus, string>> = {
  queued: 'blue',
  running: 'processing',
  completed: 'green',
  failed: 'red',
};

/** 共N行 · 可导入N行 · 有错误N行 · 警告N行 */
export function reportLine(rows: number, valid: number, invalid: number, warnings: number): Label {
  return {
    zh: `共${rows}行 · 可导入${valid}行 · 有错误${invalid}行 · 警告${warnings}行`,
    en: `${rows} rows · ${valid} can be imported · ${invalid} with errors · ${warnings} warnings`,
  };
}

/** 已导入 N / M 行 */
export function progressLabel(imported: number, valid: number): Label {
  return { zh: `已导入 ${imported} / ${valid} 行`, en: `${imported} of ${valid} rows imported` };
}

export function routedLabel(raised: number, covered: number): Label {
  return {
    zh: `已生成 ${raised} 个疑似辍学个案${covered ? `，${covered} 人已有在办个案` : ''}`,
    en: `${raised} suspected cases opened${covered ? `; ${covered} already had an open case` : ''}`,
  };
}

export function selectedLabel(count: number): Label {
  return { zh: `已选 ${count} 项`, en: `${count} selected` };
}

/** 6–15周岁 */
export function ageRangeLabel(from: number, to: number): Label {
  return { zh: `${from}–${to}周岁`, en: `aged ${from}–${to}` };
}

/** The share (0–100) of valid rows imported so far. */
export function importedPercent(imported: number, valid: number): number {
  if (valid <= 0) return 0;
  return Math.min(100, Math.round((imported / valid) * 100));
}

/** File names the upload accepts. */
export function isRegisterFileName(name: string): boolean {
  return /\.(csv|xlsx)$/i.test(name);
}
