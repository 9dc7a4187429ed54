import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { RegionImportService } from '../regions/region-import.service';
import { IdNumberCipher } from '../students/id-number-cipher';
import { demoOrganisationRows, ZoneOrganisations } from './demo-organisations';
import {
  insertFlags,
  insertGuardians,
  insertOrganisations,
  insertStudents,
  insertUsers,
  UserRow,
} from './demo-seed.writes';
import { demoStudents, familyRows } from './demo-students';
import { DEMO_USERS, DEMO_ZONE, DemoUser } from './demo-zone.data';
import { loadZoneRegions, ZoneRegions, zoneExists } from './demo-zone.regions';
import { SyntheticPeople } from './synthetic-people';

export interface DemoSeedResult {
  schools: number;
  students: number;
  users: number;
  seconds: number;
}

/** Fixed seeds: the same demo every time (for a given school year). */
const STUDENTS_SEED = 20_231;
const STAFF_SEED = 33;

/** Serialises concurrent seeds (two processes starting with SEED_DEMO). */
const SEED_LOCK = 'baoxue:demo-seed';

/** Seeds the demo zone (济宁经济技术开发区): organisations, schools, students, guardians, flags, demo users. */
@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regionImport: RegionImportService,
    private readonly cipher: IdNumberCipher,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Idempotent: what exists is kept, what is missing is added; returns what exists afterwards. */
  async seed(): Promise<DemoSeedResult> {
    const started = performance.now();
    if (!(await zoneExists(this.dataSource.manager))) {
      await this.regionImport.import({ province: DEMO_ZONE.province });
    }
    const counts = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
      const regions = await loadZoneRegions(manager);
      const staff = new SyntheticPeople(STAFF_SEED, this.today(), DEMO_ZONE.idAddressCode);
      await insertOrganisations(
        manager,
        demoOrganisationRows(regions, () => schoolPhone(staff)),
      );
      const organisations = await ZoneOrganisations.load(manager, regions);
      await this.seedStudents(manager, regions, organisations);
      await this.seedUsers(manager, organisations, staff);
      return this.count(manager, regions);
    });
    return { ...counts, seconds: (performance.now() - started) / 1000 };
  }

  /** Students come all at once or not at all (one transaction), so any present means done. */
  private async seedStudents(
    manager: EntityManager,
    regions: ZoneRegions,
    organisations: ZoneOrganisations,
  ): Promise<void> {
    const [{ present }] = await manager.query(
      'SELECT EXISTS (SELECT 1 FROM students WHERE school_region_path LIKE $1) AS present',
      [`${regions.zone.path}%`],
    );
    if (present) return;
    const people = new SyntheticPeople(STUDENTS_SEED, this.today(), DEMO_ZONE.idAddressCode);
    const students = demoStudents(regions, organisations, people, (id) => this.cipher.protect(id));
    const ids = await insertStudents(
      manager,
      students.map((student) => student.row),
    );
    const family = familyRows(students, ids);
    await insertGuardians(manager, family.guardians);
    await insertFlags(manager, family.flags);
  }

  /** Only missing users are hashed: argon2id is deliberately slow. */
  private async seedUsers(
    manager: EntityManager,
    organisations: ZoneOrganisations,
    staff: SyntheticPeople,
  ): Promise<void> {
    const existing: { username: string }[] = await manager.query(
      'SELECT username FROM users WHERE username = ANY($1)',
      [DEMO_USERS.map((user) => user.username)],
    );
    const present = new Set(existing.map((row) => row.username));
    // Names are drawn for every user, present or not, so each keeps the same one.
    const named = DEMO_USERS.map((user) => ({ user, displayName: staff.adultName() }));
    const rows = await Promise.all(
      named
        .filter(({ user }) => !present.has(user.username))
        .map(({ user, displayName }) => this.userRow(user, displayName, organisations)),
    );
    await insertUsers(manager, rows);
  }

  private async userRow(
    user: DemoUser,
    displayName: string,
    organisations: ZoneOrganisations,
  ): Promise<UserRow> {
    const organisation = organisations.organisationAt(user.organisation);
    const region = organisations.regionAt(user.scope);
    const school = region ? null : organisations.organisationAt(user.scope);
    return {
      username: user.username.toLowerCase(),
      displayName,
      passwordHash: await hashPassword(this.config.DEMO_PASSWORD),
      role: user.role,
      scopePath: region?.path ?? (school?.regionPath as string),
      organisationId: organisation.id,
      scopeRegionId: region?.id ?? null,
      scopeSchoolId: school?.id ?? null,
      headsOrganisation: user.headsOrganisation ?? false,
    };
  }

  private async count(
    manager: EntityManager,
    regions: ZoneRegions,
  ): Promise<Omit<DemoSeedResult, 'seconds'>> {
    const [row] = await manager.query(
      `SELECT (SELECT count(*)::int FROM organisations WHERE type = 'school' AND region_path LIKE $1) AS schools,
              (SELECT count(*)::int FROM students WHERE school_region_path LIKE $1) AS students,
              (SELECT count(*)::int FROM users WHERE username = ANY($2)) AS users`,
      [`${regions.zone.path}%`, DEMO_USERS.map((user) => user.username)],
    );
    return row;
  }

  /** Ages and grades are as of this day's school year. */
  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}

/** A landline of 济宁 (0537), eight digits. */
function schoolPhone(people: SyntheticPeople): string {
  return `0537-${people.int(2, 8)}${String(people.int(0, 9_999_999)).padStart(7, '0')}`;
}
