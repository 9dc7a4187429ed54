import { DepartmentKind, Role, SchoolLevel } from '@baoxue/domain';

/**
 * The demo zone as data: 济宁经济技术开发区 (DOMAIN.md §7), a management zone over 疃里镇 and
 * 马集镇, coded under 嘉祥县. Names follow the towns' real villages; sizes are shaped so the
 * zone has its published 33 schools and 20,231 students.
 */
export const DEMO_ZONE = {
  /** The management-zone row the region import creates. */
  code: 'Z370800001',
  /** Province whose regions the import brings in when the zone is missing. */
  province: '37',
  /** Address code of every child's ID number: 嘉祥县, where the towns are registered. */
  idAddressCode: '370829',
  /** 户籍 addresses are written under the county of registration. */
  hukouAddressPrefix: '山东省济宁市嘉祥县',
  totalStudents: 20_231,
} as const;

export const TUANLI = '370829104';
export const MAJI = '370829108';
export const DEMO_TOWN_CODES = [TUANLI, MAJI] as const;

export const BUREAU_NAME = '济宁经济技术开发区教育局';
export const ZONE_GOVERNMENT_NAME = '济宁经济技术开发区管理委员会';

/** 部门清: one department per kind, all at the zone. */
export const DEMO_DEPARTMENTS: Readonly<Record<DepartmentKind, string>> = {
  public_security: '济宁市公安局经济技术开发区分局',
  civil_affairs: '济宁经济技术开发区民政局',
  disabled_persons_federation: '济宁经济技术开发区残疾人联合会',
  health: '济宁经济技术开发区卫生健康局',
  human_resources: '济宁经济技术开发区人力资源和社会保障局',
  justice: '济宁经济技术开发区司法局',
  rural_revitalisation: '济宁经济技术开发区乡村振兴局',
};

export interface DemoSchool {
  /** 学校标识码 (10 digits): the natural key that makes the seed idempotent. */
  code: string;
  name: string;
  level: SchoolLevel;
  town: string;
  /** Short name of the village it stands in (`进士张`); null for a school at the town itself. */
  village: string | null;
  district: string;
  /**
   * Nominal pupils per grade before the zone total is apportioned: about 40 (one class) for a
   * village school, multiples of ~45 for larger ones, so classes come out 36–50.
   */
  perGrade: number;
}

const school = (
  n: number,
  name: string,
  level: SchoolLevel,
  town: string,
  village: string | null,
  district: string,
  perGrade: number,
): DemoSchool => ({
  code: `31370829${String(n).padStart(2, '0')}`,
  name,
  level,
  town,
  village,
  district,
  perGrade,
});

/**
 * 33 schools: 26 primary, 5 junior secondary, 2 nine-year. Town-centre schools are large,
 * village schools small; 梁集 and 孙王 have none (merged away in 2023).
 */
export const DEMO_SCHOOLS: readonly DemoSchool[] = [
  school(1, '疃里镇进士张小学', 'primary', TUANLI, '进士张', '进士张学区', 170),
  school(2, '疃里镇崔桥小学', 'primary', TUANLI, '崔桥', '进士张学区', 44),
  school(3, '疃里镇楼张小学', 'primary', TUANLI, '楼张', '进士张学区', 42),
  school(4, '疃里镇大张小学', 'primary', TUANLI, '大张', '进士张学区', 85),
  school(5, '疃里镇河东小学', 'primary', TUANLI, '河东', '进士张学区', 44),
  school(6, '疃里镇进士张初级中学', 'junior_secondary', TUANLI, '进士张', '进士张学区', 400),
  school(7, '济宁经济技术开发区明德学校', 'nine_year', TUANLI, '疃里', '明德学区', 200),
  school(8, '疃里镇中心小学', 'primary', TUANLI, '疃里', '明德学区', 220),
  school(9, '疃里镇西高小学', 'primary', TUANLI, '西高', '明德学区', 85),
  school(10, '疃里镇前贾小学', 'primary', TUANLI, '前贾', '明德学区', 44),
  school(11, '疃里镇后贾小学', 'primary', TUANLI, '后贾', '明德学区', 42),
  school(12, '疃里镇大刘小学', 'primary', TUANLI, '大刘', '明德学区', 44),
  school(13, '疃里镇第一初级中学', 'junior_secondary', TUANLI, null, '明德学区', 480),
  school(14, '疃里镇后张小学', 'primary', TUANLI, null, '后张学区', 130),
  school(15, '疃里镇龙桥小学', 'primary', TUANLI, '龙桥', '后张学区', 85),
  school(16, '疃里镇马桥小学', 'primary', TUANLI, '马桥', '后张学区', 44),
  school(17, '疃里镇盛庄小学', 'primary', TUANLI, '盛庄', '后张学区', 42),
  school(18, '疃里镇旷山小学', 'primary', TUANLI, '旷山', '后张学区', 40),
  school(19, '疃里镇后张初级中学', 'junior_secondary', TUANLI, null, '后张学区', 330),
  school(20, '马集镇中心小学', 'primary', MAJI, '马集', '马集学区', 200),
  school(21, '马集镇于桥小学', 'primary', MAJI, '于桥', '马集学区', 85),
  school(22, '马集镇戏楼小学', 'primary', MAJI, '戏楼', '马集学区', 44),
  school(23, '马集镇武街小学', 'primary', MAJI, '武街', '马集学区', 42),
  school(24, '马集镇刘街小学', 'primary', MAJI, '刘街', '马集学区', 44),
  school(25, '马集镇赵庄小学', 'primary', MAJI, '赵庄', '马集学区', 40),
  school(26, '马集镇初级中学', 'junior_secondary', MAJI, '马集', '马集学区', 420),
  school(27, '济宁经济技术开发区云山学校', 'nine_year', MAJI, '云山', '云山学区', 170),
  school(28, '马集镇鸭子李小学', 'primary', MAJI, '鸭子李', '云山学区', 80),
  school(29, '马集镇薛庄小学', 'primary', MAJI, '薛庄', '云山学区', 44),
  school(30, '马集镇下花林小学', 'primary', MAJI, '下花林', '云山学区', 40),
  school(31, '马集镇沈庄小学', 'primary', MAJI, '沈庄', '云山学区', 44),
  school(32, '马集镇郝庄小学', 'primary', MAJI, '郝庄', '云山学区', 40),
  school(33, '马集镇鲁寨初级中学', 'junior_secondary', MAJI, '鲁寨', '云山学区', 262),
];

/** Where a demo user belongs and what it sees. */
export type DemoPlace =
  | { kind: 'bureau' }
  | { kind: 'zone' }
  | { kind: 'town'; town: string }
  | { kind: 'department'; department: DepartmentKind }
  | { kind: 'village'; town: string; village: string }
  | { kind: 'school'; code: string };

export interface DemoUser {
  username: string;
  role: Role;
  /** The organisation; for `zone`, `town` and `village` places the government or committee there. */
  organisation: DemoPlace;
  scope: DemoPlace;
  /** 负责人 of the organisation (a principal), whom escalations reach. */
  headsOrganisation?: boolean;
}

const ZONE: DemoPlace = { kind: 'zone' };
const JINSHIZHANG_SCHOOL = DEMO_SCHOOLS[0].code;

/** One demo user per role, all with the demo password. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', role: 'admin', organisation: { kind: 'bureau' }, scope: ZONE },
  { username: 'bureau.leader', role: 'bureau_leader', organisation: { kind: 'bureau' }, scope: ZONE },
  { username: 'bureau.officer', role: 'bureau_officer', organisation: { kind: 'bureau' }, scope: ZONE },
  {
    username: 'town.official',
    role: 'government_official',
    organisation: { kind: 'town', town: TUANLI },
    scope: { kind: 'town', town: TUANLI },
  },
  {
    username: 'dept.police',
    role: 'department_liaison',
    organisation: { kind: 'department', department: 'public_security' },
    scope: ZONE,
  },
  {
    username: 'village.official',
    role: 'village_official',
    organisation: { kind: 'village', town: TUANLI, village: '进士张' },
    scope: { kind: 'village', town: TUANLI, village: '进士张' },
  },
  {
    username: 'school.teacher',
    role: 'school_staff',
    organisation: { kind: 'school', code: JINSHIZHANG_SCHOOL },
    scope: { kind: 'school', code: JINSHIZHANG_SCHOOL },
  },
  // The next level up each line, whom overdue work escalates to.
  {
    username: 'school.principal',
    role: 'school_staff',
    organisation: { kind: 'school', code: JINSHIZHANG_SCHOOL },
    scope: { kind: 'school', code: JINSHIZHANG_SCHOOL },
    headsOrganisation: true,
  },
  { username: 'county.official', role: 'government_official', organisation: ZONE, scope: ZONE },
];

/**
 * Village names as the statistical data gives them (`进士张村委会`, `吴马井村`) shortened to
 * the place name schools and addresses use (`进士张`, `吴马井`, `杏花村`).
 */
export function villageShortName(name: string): string {
  return name.replace(/(村民委员会|居民委员会|社区居委会|村委会|居委会|委员会|社区|村)$/, '');
}

/** `进士张` → `进士张村`; `杏花村` stays. */
export function villageAddressName(shortName: string): string {
  return shortName.endsWith('村') ? shortName : `${shortName}村`;
}

/** The committee's name: the data's own where it already names one, else the formal form. */
export function villageCommitteeName(villageName: string): string {
  return /委员?会$/.test(villageName) ? villageName : `${villageShortName(villageName)}村民委员会`;
}
