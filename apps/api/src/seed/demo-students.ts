import { ProtectedIdNumber } from '../students/id-number-cipher';
import { DEMO_SCHOOLS, DEMO_TOWN_CODES, DEMO_ZONE, DemoSchool, villageAddressName } from './demo-zone.data';
import { ZoneOrganisations } from './demo-organisations';
import { VillageRow, ZoneRegions } from './demo-zone.regions';
import { FlagRow, GuardianRow, StudentRow } from './demo-seed.writes';
import { planEnrolment } from './enrolment-plan';
import { SyntheticChild, SyntheticGuardian, SyntheticFlag, SyntheticPeople } from './synthetic-people';

/** A student to insert, with the family rows that follow it once it has an id. */
export interface DemoStudent {
  row: StudentRow;
  guardians: SyntheticGuardian[];
  flags: SyntheticFlag[];
}

/** Share of pupils whose 户籍 is the school's own village (for village schools). */
const OWN_VILLAGE_SHARE = 0.6;
/** Share whose 户籍 is in the zone's other town. */
const OTHER_TOWN_SHARE = 0.05;
/** Share living away from their 户籍 address (moved within the town). */
const MOVED_SHARE = 0.08;

/** Every demo student, class by class, school by school: deterministic for the generator. */
export function demoStudents(
  regions: ZoneRegions,
  organisations: ZoneOrganisations,
  people: SyntheticPeople,
  protect: (idNumber: string) => ProtectedIdNumber,
): DemoStudent[] {
  const schools = new Map(DEMO_SCHOOLS.map((school) => [school.code, school]));
  const plan = planEnrolment(DEMO_SCHOOLS, DEMO_ZONE.totalStudents, () => people.int(0, 999) / 1000);
  const students: DemoStudent[] = [];
  for (const planned of plan) {
    const school = schools.get(planned.schoolCode) as DemoSchool;
    const organisation = organisations.school(school.code);
    for (let k = 0; k < planned.size; k++) {
      const child = people.child(planned.grade);
      const home = homeVillage(regions, people, school, organisation.regionId);
      const hukouAddress = address(regions, people, home);
      const moved = people.chance(MOVED_SHARE);
      const idNumber = protect(child.idNumber);
      students.push({
        row: {
          fullName: child.fullName,
          sex: child.sex,
          birthDate: child.birthDate,
          idNumberCipher: idNumber.cipher,
          idNumberHash: idNumber.hash,
          idNumberMasked: idNumber.masked,
          studentNumber: studentNumber(child),
          ethnicity: child.ethnicity,
          hukouAddress,
          currentAddress: moved
            ? address(regions, people, pickVillage(people, regions, school.town))
            : hukouAddress,
          regionPath: home.path,
          schoolRegionPath: organisation.regionPath,
          grade: planned.grade,
          className: planned.className,
          hukouRegionId: home.id,
          schoolId: organisation.id,
        },
        guardians: child.guardians,
        flags: child.flags,
      });
    }
  }
  return students;
}

/** 学籍号: "G" + ID number. */
export function studentNumber(child: Pick<SyntheticChild, 'idNumber'>): string {
  return `G${child.idNumber}`;
}

/** Guardian and flag rows for the students that were inserted (id by 学籍号). */
export function familyRows(
  students: readonly DemoStudent[],
  idByStudentNumber: ReadonlyMap<string, string>,
): { guardians: GuardianRow[]; flags: FlagRow[] } {
  const guardians: GuardianRow[] = [];
  const flags: FlagRow[] = [];
  for (const student of students) {
    const studentId = idByStudentNumber.get(student.row.studentNumber);
    if (!studentId) continue;
    for (const guardian of student.guardians) guardians.push({ studentId, ...guardian });
    for (const flag of student.flags) flags.push({ studentId, ...flag });
  }
  return { guardians, flags };
}

/** 户籍 village: mostly the school's own village or town, now and then the zone's other town. */
function homeVillage(
  regions: ZoneRegions,
  people: SyntheticPeople,
  school: DemoSchool,
  schoolRegionId: string,
): VillageRow {
  if (people.chance(OTHER_TOWN_SHARE)) {
    return pickVillage(people, regions, DEMO_TOWN_CODES.find((code) => code !== school.town) ?? school.town);
  }
  const own = regions.villagesByTown.get(school.town)?.find((village) => village.id === schoolRegionId);
  if (own && people.chance(OWN_VILLAGE_SHARE)) return own;
  return pickVillage(people, regions, school.town);
}

function pickVillage(people: SyntheticPeople, regions: ZoneRegions, townCode: string): VillageRow {
  return people.pick(regions.villagesByTown.get(townCode) ?? []);
}

/** `山东省济宁市嘉祥县疃里镇进士张村37号`. */
function address(regions: ZoneRegions, people: SyntheticPeople, village: VillageRow): string {
  const townName = regions.towns.get(village.townCode)?.name ?? '';
  return `${DEMO_ZONE.hukouAddressPrefix}${townName}${villageAddressName(village.shortName)}${people.int(1, 200)}号`;
}
