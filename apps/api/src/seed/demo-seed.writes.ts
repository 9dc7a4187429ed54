import {
  DepartmentKind,
  GuardianRelation,
  OrganisationType,
  Role,
  SchoolLevel,
  Sex,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { EntityManager } from 'typeorm';

/**
 * Set-based writes for the demo seed: each table gets one INSERT … SELECT FROM unnest(…)
 * of column arrays, so 20,000 students are a handful of statements. Every insert skips
 * rows whose natural key already exists, which keeps the seed idempotent.
 */

export interface OrganisationRow {
  name: string;
  type: OrganisationType;
  regionId: string;
  regionPath: string;
  departmentKind: DepartmentKind | null;
  schoolCode: string | null;
  schoolLevel: SchoolLevel | null;
  schoolDistrict: string | null;
  address: string | null;
  phone: string | null;
}

/** Organisations without a school code have no unique key: same type, name and region counts as there. */
export async function insertOrganisations(
  manager: EntityManager,
  rows: readonly OrganisationRow[],
): Promise<void> {
  await manager.query(
    `INSERT INTO organisations
       (name, type, region_id, region_path, department_kind, school_code, school_level, school_district, address, phone)
     SELECT o.* FROM unnest($1::text[], $2::organisation_type[], $3::uuid[], $4::text[], $5::department_kind[],
                            $6::text[], $7::school_level[], $8::text[], $9::text[], $10::text[])
       AS o(name, type, region_id, region_path, department_kind, school_code, school_level, school_district, address, phone)
     WHERE NOT EXISTS (SELECT 1 FROM organisations e
                        WHERE e.type = o.type AND e.name = o.name AND e.region_id = o.region_id)
     ON CONFLICT DO NOTHING`,
    [
      rows.map((r) => r.name),
      rows.map((r) => r.type),
      rows.map((r) => r.regionId),
      rows.map((r) => r.regionPath),
      rows.map((r) => r.departmentKind),
      rows.map((r) => r.schoolCode),
      rows.map((r) => r.schoolLevel),
      rows.map((r) => r.schoolDistrict),
      rows.map((r) => r.address),
      rows.map((r) => r.phone),
    ],
  );
}

export interface StudentRow {
  fullName: string;
  sex: Sex;
  birthDate: string;
  idNumberCipher: Buffer;
  idNumberHash: Buffer;
  idNumberMasked: string;
  studentNumber: string;
  ethnicity: string;
  hukouAddress: string;
  currentAddress: string;
  regionPath: string;
  schoolRegionPath: string;
  grade: number;
  className: string;
  hukouRegionId: string;
  schoolId: string;
}

/** Inserts students not there yet (by 学籍号); returns the new ones' ids by 学籍号. */
export async function insertStudents(
  manager: EntityManager,
  rows: readonly StudentRow[],
): Promise<Map<string, string>> {
  const inserted: { id: string; student_number: string }[] = await manager.query(
    `INSERT INTO students
       (full_name, sex, birth_date, id_number_cipher, id_number_hash, id_number_masked, student_number, ethnicity,
        hukou_address, current_address, region_path, school_region_path, grade, class_name, hukou_region_id, school_id)
     SELECT * FROM unnest($1::text[], $2::sex[], $3::date[], $4::bytea[], $5::bytea[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::smallint[], $14::text[],
                          $15::uuid[], $16::uuid[])
     ON CONFLICT (student_number) WHERE student_number IS NOT NULL DO NOTHING
     RETURNING id, student_number`,
    [
      rows.map((r) => r.fullName),
      rows.map((r) => r.sex),
      rows.map((r) => r.birthDate),
      rows.map((r) => r.idNumberCipher),
      rows.map((r) => r.idNumberHash),
      rows.map((r) => r.idNumberMasked),
      rows.map((r) => r.studentNumber),
      rows.map((r) => r.ethnicity),
      rows.map((r) => r.hukouAddress),
      rows.map((r) => r.currentAddress),
      rows.map((r) => r.regionPath),
      rows.map((r) => r.schoolRegionPath),
      rows.map((r) => r.grade),
      rows.map((r) => r.className),
      rows.map((r) => r.hukouRegionId),
      rows.map((r) => r.schoolId),
    ],
  );
  return new Map(inserted.map((row) => [row.student_number, row.id]));
}

export interface GuardianRow {
  studentId: string;
  fullName: string;
  relation: GuardianRelation;
  phone: string;
  worksAway: boolean;
  worksAwayPlace: string | null;
}

export async function insertGuardians(manager: EntityManager, rows: readonly GuardianRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO guardians (student_id, full_name, relation, phone, works_away, works_away_place)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::guardian_relation[], $4::text[], $5::boolean[], $6::text[])`,
    [
      rows.map((r) => r.studentId),
      rows.map((r) => r.fullName),
      rows.map((r) => r.relation),
      rows.map((r) => r.phone),
      rows.map((r) => r.worksAway),
      rows.map((r) => r.worksAwayPlace),
    ],
  );
}

export interface FlagRow {
  studentId: string;
  flag: SpecialStatusFlag;
  fromDate: string;
  detail: Record<string, unknown> | null;
}

export async function insertFlags(manager: EntityManager, rows: readonly FlagRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO student_flags (student_id, flag, from_date, detail)
     SELECT f.student_id, f.flag, f.from_date, f.detail::jsonb
       FROM unnest($1::uuid[], $2::special_status_flag[], $3::date[], $4::text[])
         AS f(student_id, flag, from_date, detail)`,
    [
      rows.map((r) => r.studentId),
      rows.map((r) => r.flag),
      rows.map((r) => r.fromDate),
      rows.map((r) => (r.detail ? JSON.stringify(r.detail) : null)),
    ],
  );
}

export interface UserRow {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  scopePath: string;
  organisationId: string;
  scopeRegionId: string | null;
  scopeSchoolId: string | null;
  headsOrganisation: boolean;
}

export async function insertUsers(manager: EntityManager, rows: readonly UserRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO users
       (username, display_name, password_hash, role, scope_path, organisation_id, scope_region_id, scope_school_id,
        heads_organisation)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::user_role[], $5::text[], $6::uuid[], $7::uuid[],
                          $8::uuid[], $9::boolean[])
     ON CONFLICT (username) DO NOTHING`,
    [
      rows.map((r) => r.username),
      rows.map((r) => r.displayName),
      rows.map((r) => r.passwordHash),
      rows.map((r) => r.role),
      rows.map((r) => r.scopePath),
      rows.map((r) => r.organisationId),
      rows.map((r) => r.scopeRegionId),
      rows.map((r) => r.scopeSchoolId),
      rows.map((r) => r.headsOrganisation),
    ],
  );
}
