import { LabelTable } from '../labels';
import { SpecialStatusFlag } from '../special-status';

/**
 * The registers departments supply (部门清) for 四查三比对: household registration (户籍,
 * public security), school enrolment (学籍), and the lists that mark a child as a priority
 * (防止返贫监测, civil affairs, disabled persons' federation). Attendance comes through the
 * attendance import and is read from the attendance records.
 */
export const REGISTER_KINDS = [
  'household',
  'enrolment',
  'poverty_monitoring',
  'civil_affairs',
  'disability',
] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export const REGISTER_KIND_LABELS: LabelTable<RegisterKind> = {
  household: { zh: '户籍人口（公安）', en: 'Household registration (public security)' },
  enrolment: { zh: '学籍（教育）', en: 'School enrolment' },
  poverty_monitoring: { zh: '防止返贫监测对象（乡村振兴）', en: 'Poverty monitoring (rural revitalisation)' },
  civil_affairs: { zh: '民政救助对象（民政）', en: 'Civil affairs lists' },
  disability: { zh: '残疾儿童（残联）', en: 'Disabled children (disabled persons’ federation)' },
};

/** The fields a register row can carry; a kind uses some of them. */
export const REGISTER_FIELDS = [
  'idNumber',
  'fullName',
  'sex',
  'birthDate',
  'hukouRegionCode',
  'hukouAddress',
  'guardianName',
  'guardianPhone',
  'studentNumber',
  'schoolCode',
  'grade',
  'className',
  'enrolmentStatus',
  'category',
] as const;
export type RegisterField = (typeof REGISTER_FIELDS)[number];

export const REGISTER_FIELD_LABELS: LabelTable<RegisterField> = {
  idNumber: { zh: '身份证号', en: 'ID number' },
  fullName: { zh: '姓名', en: 'Name' },
  sex: { zh: '性别', en: 'Sex' },
  birthDate: { zh: '出生日期', en: 'Birth date' },
  hukouRegionCode: { zh: '户籍地区划代码', en: 'Household village code' },
  hukouAddress: { zh: '户籍地址', en: 'Household address' },
  guardianName: { zh: '监护人', en: 'Guardian' },
  guardianPhone: { zh: '监护人电话', en: 'Guardian phone' },
  studentNumber: { zh: '学籍号', en: 'Student number' },
  schoolCode: { zh: '学校标识码', en: 'School code' },
  grade: { zh: '年级', en: 'Grade' },
  className: { zh: '班级', en: 'Class' },
  enrolmentStatus: { zh: '学籍状态', en: 'Enrolment status' },
  category: { zh: '类别', en: 'Category' },
};

export interface RegisterFieldSpec {
  field: RegisterField;
  required: boolean;
  /** Header texts recognised as this field, the usual one first (compared without spaces). */
  headers: readonly string[];
}

const f = (field: RegisterField, required: boolean, ...headers: string[]): RegisterFieldSpec => ({
  field,
  required,
  headers,
});

const ID = f('idNumber', false, '身份证号', '公民身份号码', '身份证件号', '身份证号码', '证件号码', '证件号');
const NAME = f('fullName', true, '姓名', '学生姓名', '儿童姓名');
const BIRTH = (required: boolean) => f('birthDate', required, '出生日期', '出生年月日', '生日');
const SEX = (required: boolean) => f('sex', required, '性别');
const HUKOU_CODE = (required: boolean) =>
  f('hukouRegionCode', required, '户籍地区划代码', '户籍地代码', '区划代码', '村（居）代码', '村代码');

/**
 * Each kind's columns. An ID number is never required: a child without a usable one is
 * matched by name + birth date + 户籍 village, as a candidate a person confirms.
 */
export const REGISTER_KIND_FIELDS: Readonly<Record<RegisterKind, readonly RegisterFieldSpec[]>> = {
  household: [
    ID,
    NAME,
    SEX(true),
    BIRTH(true),
    HUKOU_CODE(true),
    f('hukouAddress', false, '户籍地址', '户籍地详址', '住址'),
    f('guardianName', false, '监护人', '监护人姓名', '户主姓名'),
    f('guardianPhone', false, '监护人电话', '联系电话', '联系方式'),
  ],
  enrolment: [
    f('studentNumber', false, '学籍号', '全国学籍号', '学籍辅号'),
    ID,
    NAME,
    SEX(false),
    BIRTH(false),
    f('schoolCode', true, '学校标识码', '学校代码', '学校识别码'),
    f('grade', true, '年级'),
    f('className', false, '班级', '班级名称'),
    f('enrolmentStatus', true, '学籍状态', '在校状态', '状态'),
  ],
  poverty_monitoring: [ID, NAME, BIRTH(false), HUKOU_CODE(false)],
  civil_affairs: [
    ID,
    NAME,
    BIRTH(false),
    HUKOU_CODE(false),
    f('category', true, '类别', '救助类别', '人员类别'),
  ],
  disability: [ID, NAME, BIRTH(false), HUKOU_CODE(false)],
};

/** The special status a list kind gives a child (civil affairs names it per row, in `category`). */
export const REGISTER_LIST_FLAGS: Readonly<Partial<Record<RegisterKind, SpecialStatusFlag>>> = {
  poverty_monitoring: 'poverty_monitoring',
  disability: 'disabled',
};

/** Civil-affairs category texts → the special status they give. */
export const CIVIL_AFFAIRS_CATEGORIES: Readonly<Record<string, SpecialStatusFlag>> = {
  孤儿: 'orphan',
  事实无人抚养儿童: 'unsupported',
  事实无人抚养: 'unsupported',
  低保: 'low_income',
  低保对象: 'low_income',
  特困: 'extreme_poverty',
  特困供养: 'extreme_poverty',
  特困供养人员: 'extreme_poverty',
  困境儿童: 'in_difficulty',
};

/** Enrolment statuses as the register states them (学籍状态). */
export const REGISTER_ENROLMENT_STATUSES = [
  'in_school',
  'suspended',
  'transferred_out',
  'dropped_out',
  'graduated',
] as const;
export type RegisterEnrolmentStatus = (typeof REGISTER_ENROLMENT_STATUSES)[number];

export const REGISTER_ENROLMENT_STATUS_TEXTS: Readonly<Record<string, RegisterEnrolmentStatus>> = {
  在读: 'in_school',
  在校: 'in_school',
  正常: 'in_school',
  休学: 'suspended',
  转出: 'transferred_out',
  辍学: 'dropped_out',
  流失: 'dropped_out',
  毕业: 'graduated',
};

/** Sex as registers write it. */
export const REGISTER_SEX_TEXTS: Readonly<Record<string, 'male' | 'female'>> = {
  男: 'male',
  女: 'female',
  '1': 'male',
  '2': 'female',
};
