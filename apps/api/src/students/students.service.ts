import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CreatedStudent, Page, RevealedStudentData, StudentDetail, StudentSummary } from '@baoxue/contracts';
import {
  IdNumberProblem,
  idNumberBirthDate,
  touchesDuplicateMatch,
  idNumberProblem,
  idNumberSex,
  isWithinPath,
  normaliseIdNumber,
  Scope,
  Sex,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { CaseTimeline } from '../cases/case-timeline.service';
import { Clock } from '../common/clock';
import { conflict, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { pageOf } from '../common/dto/page-query.dto';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../regions/region.entity';
import { scopeRowPredicate } from '../scope/scope-predicates';
import {
  CreateStudentDto,
  GuardianInputDto,
  StudentFlagInputDto,
  StudentListQueryDto,
  UpdateStudentDto,
} from './dto/student.dto';
import { DuplicateDetector } from './duplicate-detector';
import { Guardian } from './guardian.entity';
import { IdNumberCipher } from './id-number-cipher';
import { StudentFlag } from './student-flag.entity';
import { Student } from './student.entity';
import { childScopePredicate } from '../scope/scope-predicates';
import { toStudentDetail, toStudentSummary } from './student.presenter';

const ID_NUMBER_MESSAGES: Record<IdNumberProblem, string> = {
  format: 'idNumber must be 17 digits and a check digit or X',
  birth_date: 'idNumber must encode a real birth date',
  checksum: 'idNumber has a wrong check character',
};

/** Normalises and checks an ID number; the message never repeats it. */
function validIdNumber(raw: string): string {
  const idNumber = normaliseIdNumber(raw);
  const problem = idNumberProblem(idNumber);
  if (problem) throw invalid('idNumber', problem, ID_NUMBER_MESSAGES[problem]);
  return idNumber;
}

/** The ID number encodes the birth date and sex: they must agree. */
function checkIdentity(idNumber: string, birthDate: string, sex: Sex): void {
  if (idNumberBirthDate(idNumber) !== birthDate)
    throw invalid('birthDate', 'matchesIdNumber', 'birthDate must agree with the ID number');
  if (idNumberSex(idNumber) !== sex)
    throw invalid('sex', 'matchesIdNumber', 'sex must agree with the ID number');
}

/** 学籍号 "G…" is "G" + the ID number. */
function checkStudentNumber(studentNumber: string | null, idNumber: string | null): void {
  if (studentNumber?.startsWith('G') && idNumber && studentNumber !== `G${idNumber}`)
    throw invalid(
      'studentNumber',
      'matchesIdNumber',
      'a G student number must be G followed by the ID number',
    );
}

/** Escapes LIKE wildcards; matches from the start. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function guardianKey(g: Pick<Guardian, 'fullName' | 'relation' | 'phone' | 'worksAway' | 'worksAwayPlace'>) {
  return JSON.stringify([g.fullName, g.relation, g.phone, g.worksAway, g.worksAwayPlace]);
}

function flagKey(f: Pick<StudentFlag, 'flag' | 'fromDate' | 'toDate' | 'detail'>) {
  return JSON.stringify([f.flag, f.fromDate, f.toDate, f.detail]);
}

function guardianRow(studentId: string, g: GuardianInputDto) {
  return {
    studentId,
    fullName: g.fullName.trim(),
    relation: g.relation,
    phone: g.phone ?? null,
    worksAway: g.worksAway ?? false,
    worksAwayPlace: g.worksAwayPlace?.trim() || null,
  };
}

function flagRow(studentId: string, f: StudentFlagInputDto) {
  if (f.toDate && f.toDate < f.fromDate)
    throw invalid('flags.toDate', 'afterFromDate', 'toDate must not be before fromDate');
  return {
    studentId,
    flag: f.flag,
    fromDate: f.fromDate,
    toDate: f.toDate ?? null,
    detail: f.detail ?? null,
  };
}

/** A merged record is kept for history only. */
export const mergedRecord = () =>
  conflict('student.merged', 'this record was merged into another; change the surviving record');

/** Scalar fields an update copies as sent (null clears the nullable ones). */
const PLAIN_FIELDS = [
  'fullName',
  'sex',
  'birthDate',
  'studentNumber',
  'ethnicity',
  'hukouAddress',
  'currentAddress',
  'grade',
  'className',
  'enrolmentStatus',
] as const;
const NOT_NULL_FIELDS: ReadonlySet<string> = new Set(['fullName', 'sex', 'birthDate', 'enrolmentStatus']);

/**
 * Children (适龄儿童少年), always read and written within the caller's scope, masked by
 * default; every read of a record, every reveal and every change is audited.
 */
@Injectable()
export class StudentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: IdNumberCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly duplicates: DuplicateDetector,
    private readonly timeline: CaseTimeline,
  ) {}

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  private scoped(scope: Scope, manager: EntityManager = this.dataSource.manager) {
    const predicate = childScopePredicate(scope, 's');
    return manager
      .getRepository(Student)
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.hukouRegion', 'hukouRegion')
      .leftJoinAndSelect('s.school', 'school')
      .where(predicate.sql, predicate.params);
  }

  async list(scope: Scope, query: StudentListQueryDto): Promise<Page<StudentSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const today = this.today();
    // A merged record lives on in its survivor: it is out of every list and search.
    const qb = this.scoped(scope).andWhere('s.merged_into_id IS NULL');
    if (query.schoolId) qb.andWhere('s.school_id = :schoolId', { schoolId: query.schoolId });
    if (query.grade !== undefined) qb.andWhere('s.grade = :grade', { grade: query.grade });
    if (query.className) qb.andWhere('s.class_name = :className', { className: query.className });
    if (query.flag) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM student_flags sf WHERE sf.student_id = s.id AND sf.flag = :flag
           AND sf.from_date <= :today AND (sf.to_date IS NULL OR sf.to_date >= :today))`,
        { flag: query.flag, today },
      );
    }
    if (query.q?.trim()) qb.andWhere("s.full_name LIKE :q ESCAPE '\\'", { q: likePrefix(query.q.trim()) });
    if (query.idNumber !== undefined) {
      // Exact match on the keyed hash: the stored ciphertext is never decrypted to search.
      qb.andWhere('s.id_number_hash = :idHash', { idHash: this.cipher.hash(validIdNumber(query.idNumber)) });
    }
    const [rows, total] = await qb
      .orderBy('s.fullName', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .offset(skip)
      .limit(pageSize)
      .getManyAndCount();
    const flags = await this.activeFlags(
      rows.map((r) => r.id),
      today,
    );
    return {
      items: rows.map((r) => toStudentSummary(r, flags.get(r.id) ?? [])),
      total,
      page,
      pageSize,
    };
  }

  private async activeFlags(ids: string[], today: string): Promise<Map<string, SpecialStatusFlag[]>> {
    const byStudent = new Map<string, SpecialStatusFlag[]>();
    if (!ids.length) return byStudent;
    const rows: { student_id: string; flag: SpecialStatusFlag }[] = await this.dataSource.query(
      `SELECT student_id, flag FROM student_flags
        WHERE student_id = ANY($1) AND from_date <= $2 AND (to_date IS NULL OR to_date >= $2)
        ORDER BY flag`,
      [ids, today],
    );
    for (const row of rows)
      byStudent.set(row.student_id, [...(byStudent.get(row.student_id) ?? []), row.flag]);
    return byStudent;
  }

  /** A student in scope with guardians and flags, or 404 (also when it exists outside the scope). */
  private async getInScope(scope: Scope, id: string, manager?: EntityManager): Promise<Student> {
    const student = await this.scoped(scope, manager)
      .leftJoinAndSelect('s.guardians', 'guardian')
      .leftJoinAndSelect('s.flags', 'flag')
      .andWhere('s.id = :id', { id })
      .orderBy('guardian.createdAt', 'ASC')
      .addOrderBy('guardian.id', 'ASC')
      .addOrderBy('flag.fromDate', 'ASC')
      .addOrderBy('flag.id', 'ASC')
      .getOne();
    if (!student) throw outOfScope('student');
    return student;
  }

  /** A merged record has no candidates of its own any more: its survivor carries them. */
  private async openDuplicates(manager: EntityManager, scope: Scope, student: Student) {
    return student.mergedIntoId ? [] : this.duplicates.openFor(manager, scope, student.id);
  }

  /** The masked record with its open duplicate candidates (those whose other record is in scope). */
  async detail(
    scope: Scope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StudentDetail> {
    const student = await this.getInScope(scope, id, manager);
    return toStudentDetail(student, this.today(), await this.openDuplicates(manager, scope, student));
  }

  /** The stored ID number's ciphertext and hash (not selected by default). */
  private async secrets(
    manager: EntityManager,
    id: string,
  ): Promise<{ idNumberCipher: Buffer | null; idNumberHash: Buffer | null }> {
    const row = await manager
      .getRepository(Student)
      .createQueryBuilder('s')
      .select('s.id')
      .addSelect(['s.idNumberCipher', 's.idNumberHash'])
      .where('s.id = :id', { id })
      .getOneOrFail();
    return { idNumberCipher: row.idNumberCipher, idNumberHash: row.idNumberHash };
  }

  /**
   * One record, masked; the read is audited. A merged record still answers (read-only, with
   * `mergedIntoId`), so links from audit entries and case timelines lead on to the survivor.
   */
  async get(scope: Scope, id: string, actor: AuditActor): Promise<StudentDetail> {
    const manager = this.dataSource.manager;
    const student = await this.getInScope(scope, id, manager);
    await this.audit.record(manager, actor, {
      action: 'student.read',
      entityType: 'student',
      entityId: id,
      regionPath: student.regionPath,
    });
    return toStudentDetail(student, this.today(), await this.openDuplicates(manager, scope, student));
  }

  /** The unmasked personal data, with the stated reason in the audit log. */
  async reveal(scope: Scope, id: string, reason: string, actor: AuditActor): Promise<RevealedStudentData> {
    return this.dataSource.transaction(async (manager) => {
      const student = await this.getInScope(scope, id, manager);
      const { idNumberCipher } = await this.secrets(manager, id);
      await this.audit.record(manager, actor, {
        action: 'student.reveal',
        entityType: 'student',
        entityId: id,
        regionPath: student.regionPath,
        reason: reason.trim(),
        details: { fields: ['idNumber', 'studentNumber', 'addresses', 'guardianPhones', 'flagDetails'] },
      });
      // The reveal also goes on the timeline of the child's cases still being worked on, so
      // everyone on the case sees who looked at the full data and why.
      const cases: { id: string }[] = await manager.query(
        "SELECT id FROM cases WHERE student_id = $1 AND state <> 'closed' ORDER BY opened_at",
        [id],
      );
      for (const c of cases)
        await this.timeline.append(manager, actor, c.id, { kind: 'reveal', comment: reason.trim() });
      return {
        id: student.id,
        idNumber: idNumberCipher ? this.cipher.decrypt(idNumberCipher) : null,
        studentNumber: student.studentNumber,
        hukouAddress: student.hukouAddress,
        currentAddress: student.currentAddress,
        guardians: (student.guardians ?? []).map((g) => ({ id: g.id, fullName: g.fullName, phone: g.phone })),
        flagDetails: (student.flags ?? [])
          .filter((f) => f.detail !== null)
          .map((f) => ({ flag: f.flag, fromDate: f.fromDate, detail: f.detail })),
      };
    });
  }

  async create(scope: Scope, dto: CreateStudentDto, actor: AuditActor): Promise<CreatedStudent> {
    const idNumber = dto.idNumber !== undefined ? validIdNumber(dto.idNumber) : null;
    if (idNumber) checkIdentity(idNumber, dto.birthDate, dto.sex);
    checkStudentNumber(dto.studentNumber ?? null, idNumber);
    if (scope.kind === 'school' && !dto.schoolId)
      throw invalid(
        'schoolId',
        'requiredForSchoolScope',
        'schoolId is required: you register children of your school',
      );

    return this.dataSource.transaction(async (manager) => {
      const village = await this.villageForWrite(scope, dto.hukouRegionId, manager);
      const school = dto.schoolId ? await this.schoolForWrite(scope, dto.schoolId, manager) : null;
      await this.assertStudentNumberFree(manager, dto.studentNumber);
      const fullName = dto.fullName.trim();
      const secured = idNumber ? this.cipher.protect(idNumber) : null;
      const possibleDuplicates = await this.duplicates.matches(manager, {
        idHash: secured?.hash ?? null,
        fullName,
        birthDate: dto.birthDate,
        hukouRegionId: village.id,
      });

      const { id } = await manager.save(
        manager.create(Student, {
          fullName,
          sex: dto.sex,
          birthDate: dto.birthDate,
          idNumberCipher: secured?.cipher ?? null,
          idNumberHash: secured?.hash ?? null,
          idNumberMasked: secured?.masked ?? null,
          studentNumber: dto.studentNumber ?? null,
          ethnicity: dto.ethnicity?.trim() || null,
          hukouAddress: dto.hukouAddress?.trim() || null,
          currentAddress: dto.currentAddress?.trim() || null,
          regionPath: village.path,
          schoolRegionPath: school?.regionPath ?? null,
          enrolmentStatus: dto.enrolmentStatus ?? (school ? 'enrolled' : 'not_enrolled'),
          grade: dto.grade ?? null,
          className: dto.className?.trim() || null,
          hukouRegionId: village.id,
          schoolId: school?.id ?? null,
        }),
      );
      await this.replaceFamily(manager, id, dto.guardians, dto.flags);
      await this.duplicates.record(manager, id, possibleDuplicates);
      await this.audit.record(manager, actor, {
        action: 'student.create',
        entityType: 'student',
        entityId: id,
        regionPath: village.path,
        details: { possibleDuplicates: possibleDuplicates.map((d) => d.id) },
      });
      return { ...(await this.detail(scope, id, manager)), possibleDuplicates };
    });
  }

  async update(scope: Scope, id: string, dto: UpdateStudentDto, actor: AuditActor): Promise<StudentDetail> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.getInScope(scope, id, manager);
      if (current.mergedIntoId) throw mergedRecord();
      if (current.version !== dto.version) throw staleVersion('student');
      const stored = await this.secrets(manager, id);
      const set: Partial<Student> = {};
      const changed: string[] = [];

      for (const field of PLAIN_FIELDS) {
        const value = dto[field];
        if (value === undefined || (value === null && NOT_NULL_FIELDS.has(field))) continue;
        const next = typeof value === 'string' ? value.trim() || null : value;
        if (next !== current[field]) {
          Object.assign(set, { [field]: next });
          changed.push(field);
        }
      }

      // The ID number: compared by its keyed hash, never logged.
      let idNumber: string | null | undefined;
      if (dto.idNumber === null) {
        if (stored.idNumberHash) {
          Object.assign(set, { idNumberCipher: null, idNumberHash: null, idNumberMasked: null });
          changed.push('idNumber');
        }
        idNumber = null;
      } else if (dto.idNumber !== undefined) {
        idNumber = validIdNumber(dto.idNumber);
        const secured = this.cipher.protect(idNumber);
        if (!stored.idNumberHash?.equals(secured.hash)) {
          Object.assign(set, {
            idNumberCipher: secured.cipher,
            idNumberHash: secured.hash,
            idNumberMasked: secured.masked,
          });
          changed.push('idNumber');
        }
      }
      const birthDate = set.birthDate ?? current.birthDate;
      const sex = set.sex ?? current.sex;
      if (
        idNumber === undefined &&
        (changed.includes('birthDate') || changed.includes('sex') || changed.includes('studentNumber'))
      )
        idNumber = stored.idNumberCipher ? this.cipher.decrypt(stored.idNumberCipher) : null;
      if (idNumber) checkIdentity(idNumber, birthDate, sex);
      if (changed.includes('studentNumber') || changed.includes('idNumber')) {
        checkStudentNumber(
          set.studentNumber !== undefined ? set.studentNumber : current.studentNumber,
          idNumber ?? null,
        );
        if (changed.includes('studentNumber'))
          await this.assertStudentNumberFree(manager, set.studentNumber ?? undefined);
      }

      let regionPath = current.regionPath;
      if (dto.hukouRegionId !== undefined && dto.hukouRegionId !== current.hukouRegionId) {
        const village = await this.villageForWrite(scope, dto.hukouRegionId, manager);
        Object.assign(set, { hukouRegionId: village.id, regionPath: village.path });
        regionPath = village.path;
        changed.push('hukouRegionId');
      }
      if (dto.schoolId !== undefined && dto.schoolId !== current.schoolId) {
        if (dto.schoolId === null) {
          if (scope.kind === 'school')
            throw invalid(
              'schoolId',
              'requiredForSchoolScope',
              'school staff cannot remove a child from the school',
            );
          Object.assign(set, { schoolId: null, schoolRegionPath: null });
        } else {
          const school = await this.schoolForWrite(scope, dto.schoolId, manager);
          Object.assign(set, { schoolId: school.id, schoolRegionPath: school.regionPath });
        }
        changed.push('schoolId');
      }

      const guardians =
        dto.guardians &&
        dto.guardians.map((g) => guardianKey(guardianRow(id, g))).join('\n') !==
          (current.guardians ?? []).map(guardianKey).join('\n')
          ? dto.guardians
          : undefined;
      if (guardians) changed.push('guardians');
      const flags =
        dto.flags &&
        dto.flags.map((f) => flagKey(flagRow(id, f))).join('\n') !==
          (current.flags ?? []).map(flagKey).join('\n')
          ? dto.flags
          : undefined;
      if (flags) changed.push('flags');

      if (!changed.length) return this.detail(scope, id, manager);

      const result = await manager
        .createQueryBuilder()
        .update(Student)
        .set({ ...set, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('student');
      await this.replaceFamily(manager, id, guardians, flags, true);
      if (touchesDuplicateMatch(changed)) await this.duplicates.recheck(manager, id);

      await this.audit.record(manager, actor, {
        action: 'student.update',
        entityType: 'student',
        entityId: id,
        regionPath,
        details: { fields: changed },
      });
      return this.detail(scope, id, manager);
    });
  }

  private async replaceFamily(
    manager: EntityManager,
    studentId: string,
    guardians: GuardianInputDto[] | undefined,
    flags: StudentFlagInputDto[] | undefined,
    replace = false,
  ): Promise<void> {
    if (guardians) {
      if (replace) await manager.delete(Guardian, { studentId });
      if (guardians.length)
        await manager.insert(
          Guardian,
          guardians.map((g) => guardianRow(studentId, g)),
        );
    }
    if (flags) {
      const rows = flags.map((f) => flagRow(studentId, f));
      if (replace) await manager.delete(StudentFlag, { studentId });
      // jsonb: TypeORM's deep-partial insert type does not accept Record<string, unknown>.
      if (rows.length) await manager.insert(StudentFlag, rows as never);
    }
  }

  /** The 户籍 village: a village region; within the scope for a region scope. */
  private async villageForWrite(scope: Scope, regionId: string, manager: EntityManager): Promise<Region> {
    const region = await manager.findOne(Region, { where: { id: regionId } });
    if (!region || region.kind !== 'village')
      throw invalid('hukouRegionId', 'isVillage', 'hukouRegionId must be a village');
    // School staff register their school's children, whose 户籍 may lie anywhere.
    if (scope.kind === 'region' && !isWithinPath(region.path, scope.regionPath))
      throw invalid('hukouRegionId', 'withinScope', 'hukouRegionId must be a village within your scope');
    return region;
  }

  private async schoolForWrite(
    scope: Scope,
    schoolId: string,
    manager: EntityManager,
  ): Promise<Organisation> {
    const predicate = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    const school = await manager
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where(predicate.sql, predicate.params)
      .andWhere('o.id = :schoolId', { schoolId })
      .getOne();
    if (!school || school.type !== 'school')
      throw invalid('schoolId', 'schoolWithinScope', 'schoolId must be a school within your scope');
    return school;
  }

  private async assertStudentNumberFree(
    manager: EntityManager,
    studentNumber: string | undefined,
  ): Promise<void> {
    if (!studentNumber) return;
    if (await manager.exists(Student, { where: { studentNumber } }))
      throw conflict('student.student_number_taken', 'this student number is already in use');
  }
}
