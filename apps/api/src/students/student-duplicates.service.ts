import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DuplicateSide,
  MergedStudent,
  Page,
  StudentDuplicate as StudentDuplicateView,
} from '@baoxue/contracts';
import { MergeField, MergeValues, mergeRefusal, planMerge, Scope } from '@baoxue/domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ONE_OPEN_CASE_INDEX, OPEN_STATES_SQL } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { conflict, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { pageOf } from '../common/dto/page-query.dto';
import { childScopePredicate } from '../scope/scope-predicates';
import { DuplicateDetector } from './duplicate-detector';
import { IdNumberCipher } from './id-number-cipher';
import {
  DismissDuplicateDto,
  MergeStudentDto,
  StudentDuplicateListQueryDto,
} from './dto/student-duplicate.dto';
import { StudentDuplicate } from './student-duplicate.entity';
import { Student } from './student.entity';
import { maskName } from './student-masking';
import { toStudentSummary } from './student.presenter';
import { StudentsService } from './students.service';

interface SideCounts {
  guardians: number;
  flags: number;
  cases: number;
  openCases: number;
}

const NO_COUNTS: SideCounts = { guardians: 0, flags: 0, cases: 0, openCases: 0 };

/** The columns each merge field stands for (the ID number is three; a place carries its path). */
const MERGE_COLUMNS: Record<MergeField, readonly (keyof Student)[]> = {
  fullName: ['fullName'],
  sex: ['sex'],
  birthDate: ['birthDate'],
  idNumber: ['idNumberCipher', 'idNumberHash', 'idNumberMasked'],
  studentNumber: ['studentNumber'],
  ethnicity: ['ethnicity'],
  hukouRegionId: ['hukouRegionId', 'regionPath'],
  hukouAddress: ['hukouAddress'],
  currentAddress: ['currentAddress'],
  schoolId: ['schoolId', 'schoolRegionPath'],
  grade: ['grade'],
  className: ['className'],
  enrolmentStatus: ['enrolmentStatus'],
};

/** A record's mergeable values; the ID number compared by its keyed hash, never decrypted. */
function mergeValues(s: Student): MergeValues {
  return {
    fullName: s.fullName,
    sex: s.sex,
    birthDate: s.birthDate,
    idNumber: s.idNumberHash ? s.idNumberHash.toString('hex') : null,
    studentNumber: s.studentNumber,
    ethnicity: s.ethnicity,
    hukouRegionId: s.hukouRegionId,
    hukouAddress: s.hukouAddress,
    currentAddress: s.currentAddress,
    schoolId: s.schoolId,
    grade: s.grade,
    className: s.className,
    enrolmentStatus: s.enrolmentStatus,
  };
}

/** An UPDATE … RETURNING id: TypeORM answers `[rows, count]` for updates, so take the rows. */
async function updateReturning(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<{ id: string }[]> {
  const [rows] = (await manager.query(sql, params)) as [{ id: string }[], number];
  return rows;
}

/** Moves a child's guardians or flags to the survivor, except those it already holds (same `sameBy`). */
function moveFamilyRows(
  manager: EntityManager,
  table: 'guardians' | 'student_flags',
  sameBy: readonly string[],
  fromId: string,
  toId: string,
): Promise<{ id: string }[]> {
  const same = sameBy.map((column) => `k.${column} = r.${column}`).join(' AND ');
  return updateReturning(
    manager,
    `UPDATE ${table} r SET student_id = $1
      WHERE r.student_id = $2 AND NOT EXISTS (SELECT 1 FROM ${table} k WHERE k.student_id = $1 AND ${same})
      RETURNING r.id`,
    [toId, fromId],
  );
}

function isOneOpenCaseViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === ONE_OPEN_CASE_INDEX;
}

const notOpen = () => conflict('duplicate.not_open', 'this candidate was already merged or dismissed');

const twoOpenCases = () =>
  conflict(
    'student.merge_two_open_cases',
    'both children have an open case; close or exclude one of them before merging (one open case per child)',
  );

/**
 * Candidate pairs of records that may be the same child, and their resolution by a bureau
 * officer: merge (the survivor takes the other's guardians, flags and cases; the other is
 * kept, pointing at it) or dismiss ("not the same child"). Both sides must be in scope.
 */
@Injectable()
export class StudentDuplicatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly students: StudentsService,
    private readonly detector: DuplicateDetector,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cipher: IdNumberCipher,
  ) {}

  /** Candidates whose two records are both within the scope, oldest first. */
  private scoped(scope: Scope, manager: EntityManager = this.dataSource.manager) {
    const first = childScopePredicate(scope, 'a');
    const second = childScopePredicate(scope, 'b');
    return manager
      .getRepository(StudentDuplicate)
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.first', 'a')
      .innerJoinAndSelect('d.second', 'b')
      .leftJoinAndSelect('a.hukouRegion', 'aRegion')
      .leftJoinAndSelect('a.school', 'aSchool')
      .leftJoinAndSelect('b.hukouRegion', 'bRegion')
      .leftJoinAndSelect('b.school', 'bSchool')
      .addSelect(['a.idNumberHash', 'b.idNumberHash'])
      .where(first.sql, first.params)
      .andWhere(second.sql, second.params);
  }

  async list(scope: Scope, query: StudentDuplicateListQueryDto): Promise<Page<StudentDuplicateView>> {
    const { page, pageSize, skip } = pageOf(query);
    const status = query.status ?? 'open';
    const qb = this.scoped(scope).andWhere('d.status = :status', { status });
    // An open pair with a merged side is moot: the merged record lives on in its survivor.
    if (status === 'open') qb.andWhere('a.merged_into_id IS NULL AND b.merged_into_id IS NULL');
    const [rows, total] = await qb
      .orderBy('d.createdAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    const counts = await this.counts(rows.flatMap((d) => [d.firstStudentId, d.secondStudentId]));
    return { items: rows.map((d) => this.present(d, counts)), total, page, pageSize };
  }

  private async counts(ids: string[], manager = this.dataSource.manager): Promise<Map<string, SideCounts>> {
    const byStudent = new Map<string, SideCounts>();
    if (!ids.length) return byStudent;
    const rows: { id: string; guardians: number; flags: number; cases: number; open_cases: number }[] =
      await manager.query(
        `SELECT s.id,
                (SELECT count(*)::int FROM guardians g WHERE g.student_id = s.id) AS guardians,
                (SELECT count(*)::int FROM student_flags f WHERE f.student_id = s.id) AS flags,
                (SELECT count(*)::int FROM cases c WHERE c.student_id = s.id) AS cases,
                (SELECT count(*)::int FROM cases c WHERE c.student_id = s.id
                    AND c.state IN (${OPEN_STATES_SQL})) AS open_cases
           FROM students s WHERE s.id = ANY($1)`,
        [ids],
      );
    for (const r of rows)
      byStudent.set(r.id, {
        guardians: r.guardians,
        flags: r.flags,
        cases: r.cases,
        openCases: r.open_cases,
      });
    return byStudent;
  }

  private present(d: StudentDuplicate, counts: Map<string, SideCounts>): StudentDuplicateView {
    if (!d.first || !d.second) throw new Error('duplicate sides not loaded');
    const first = counts.get(d.firstStudentId) ?? NO_COUNTS;
    const second = counts.get(d.secondStudentId) ?? NO_COUNTS;
    return {
      id: d.id,
      reason: d.reason,
      status: d.status,
      first: toSide(d.first, first),
      second: toSide(d.second, second),
      conflicts: planMerge(mergeValues(d.first), mergeValues(d.second)).conflicts,
      bothHaveOpenCases: first.openCases > 0 && second.openCases > 0,
      resolutionNote: d.resolutionNote,
      resolvedAt: d.resolvedAt?.toISOString() ?? null,
      version: d.version,
      createdAt: d.createdAt.toISOString(),
    };
  }

  /** The candidate, locked for this transaction, if both its records are in scope; else 404. */
  private async lockedInScope(manager: EntityManager, scope: Scope, id: string): Promise<StudentDuplicate> {
    // Lock the candidate row first: concurrent merges or dismissals of one pair queue here.
    const locked = await manager
      .getRepository(StudentDuplicate)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
    if (!locked) throw outOfScope('duplicate');
    const duplicate = await this.scoped(scope, manager).andWhere('d.id = :id', { id }).getOne();
    if (!duplicate) throw outOfScope('duplicate');
    return duplicate;
  }

  async merge(
    user: AuthUser,
    survivorId: string,
    dto: MergeStudentDto,
    actor: AuditActor,
  ): Promise<MergedStudent> {
    try {
      return await this.dataSource.transaction((manager) =>
        this.mergeIn(manager, user, survivorId, dto, actor),
      );
    } catch (error) {
      // A case opened on the other child while we merged: the partial unique index says no.
      if (isOneOpenCaseViolation(error)) throw twoOpenCases();
      throw error;
    }
  }

  private async mergeIn(
    manager: EntityManager,
    user: AuthUser,
    survivorId: string,
    dto: MergeStudentDto,
    actor: AuditActor,
  ): Promise<MergedStudent> {
    const duplicate = await this.lockedInScope(manager, user.scope, dto.duplicateId);
    if (!duplicate.first || !duplicate.second) throw new Error('duplicate sides not loaded');
    const inPair = [duplicate.firstStudentId, duplicate.secondStudentId].includes(survivorId);
    if (!inPair)
      throw invalid('duplicateId', 'includesStudent', 'duplicateId must be a candidate pair of this child');
    const [survivor, other] =
      duplicate.firstStudentId === survivorId
        ? [duplicate.first, duplicate.second]
        : [duplicate.second, duplicate.first];

    // Both records locked in id order (no deadlock between merges sharing a record), then fresh.
    await manager.query(`SELECT id FROM students WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [
      [survivor.id, other.id],
    ]);
    const fresh = await manager
      .getRepository(Student)
      .createQueryBuilder('s')
      .addSelect(['s.idNumberCipher', 's.idNumberHash'])
      .where('s.id = ANY(:ids)', { ids: [survivor.id, other.id] })
      .getMany();
    const keep = fresh.find((s) => s.id === survivor.id);
    const gone = fresh.find((s) => s.id === other.id);
    if (!keep || !gone) throw outOfScope('student');
    const counts = await this.counts([keep.id, gone.id], manager);
    const refusal = mergeRefusal({
      status: duplicate.status,
      survivorIsInPair: inPair,
      eitherAlreadyMerged: keep.mergedIntoId !== null || gone.mergedIntoId !== null,
      survivorOpenCases: counts.get(keep.id)?.openCases ?? 0,
      otherOpenCases: counts.get(gone.id)?.openCases ?? 0,
    });
    if (refusal === 'student.merge_two_open_cases') throw twoOpenCases();
    if (refusal === 'duplicate.not_open') throw notOpen();
    if (refusal) throw conflict(refusal, 'one of these records was already merged into another');
    if (keep.version !== dto.version || gone.version !== dto.otherVersion) throw staleVersion('student');

    const plan = planMerge(mergeValues(keep), mergeValues(gone), dto.takeFromOther ?? []);
    const set: Partial<Student> = {};
    for (const field of plan.fromOther)
      for (const column of MERGE_COLUMNS[field]) Object.assign(set, { [column]: gone[column] });
    this.checkStudentNumber({ ...keep, ...set });
    const now = this.clock.now();

    // The 学籍号 is unique: the merged record gives it up when the survivor takes it.
    await this.bump(manager, gone, {
      mergedIntoId: keep.id,
      mergedAt: now,
      ...(plan.fromOther.includes('studentNumber') ? { studentNumber: null } : {}),
    });
    await this.bump(manager, keep, set);

    // Guardians and flags the survivor already holds stay with the merged record (its history).
    const movedGuardians = await moveFamilyRows(
      manager,
      'guardians',
      ['full_name', 'relation'],
      gone.id,
      keep.id,
    );
    const movedFlags = await moveFamilyRows(
      manager,
      'student_flags',
      ['flag', 'from_date'],
      gone.id,
      keep.id,
    );
    // Cases move whole (history, responsible persons, interventions); each gets a new version.
    const movedCases = await updateReturning(
      manager,
      `UPDATE cases SET student_id = $1, version = version + 1, updated_at = now()
        WHERE student_id = $2 RETURNING id`,
      [keep.id, gone.id],
    );

    const reason = dto.reason.trim();
    await this.resolve(manager, duplicate.id, 'merged', reason, user);
    // The survivor may now match records the merged one did (e.g. an ID number it took).
    await this.detector.recheck(manager, keep.id);

    const details = {
      duplicateId: duplicate.id,
      survivorId: keep.id,
      mergedId: gone.id,
      fieldsFromOther: plan.fromOther,
      movedGuardians: movedGuardians.length,
      movedFlags: movedFlags.length,
      movedCaseIds: movedCases.map((c) => c.id),
    };
    await this.audit.record(manager, actor, {
      action: 'student.merge',
      entityType: 'student',
      entityId: keep.id,
      regionPath: set.regionPath ?? keep.regionPath,
      reason,
      details,
    });
    await this.audit.record(manager, actor, {
      action: 'student.merged_into',
      entityType: 'student',
      entityId: gone.id,
      regionPath: gone.regionPath,
      reason,
      details,
    });
    return {
      survivor: await this.students.detail(user.scope, keep.id, manager),
      mergedId: gone.id,
      movedGuardians: movedGuardians.length,
      movedFlags: movedFlags.length,
      movedCases: movedCases.length,
    };
  }

  /** Closes an open candidate (the row is locked by now; the status guard is a second line). */
  private async resolve(
    manager: EntityManager,
    id: string,
    status: 'merged' | 'dismissed',
    reason: string,
    user: AuthUser,
  ): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(StudentDuplicate)
      .set({
        status,
        resolutionNote: reason,
        resolvedAt: this.clock.now(),
        resolvedByUserId: user.id,
        version: () => 'version + 1',
      })
      .where("id = :id AND status = 'open'", { id })
      .execute();
    if (result.affected !== 1) throw notOpen();
  }

  /** The merged values must still hold: a G 学籍号 is G + the ID number (compared by keyed hash). */
  private checkStudentNumber(merged: Pick<Student, 'studentNumber' | 'idNumberHash'>): void {
    const { studentNumber, idNumberHash } = merged;
    if (!studentNumber?.startsWith('G') || !idNumberHash) return;
    if (!this.cipher.hash(studentNumber.slice(1)).equals(idNumberHash))
      throw invalid(
        'takeFromOther',
        'studentNumberMatchesIdNumber',
        'the kept student number must be G followed by the kept ID number; take both from the same record',
      );
  }

  /** Writes a student row under its version: a concurrent change makes it 409. */
  private async bump(manager: EntityManager, student: Student, set: Partial<Student>): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Student)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: student.id, version: student.version })
      .execute();
    if (result.affected !== 1) throw staleVersion('student');
  }

  async dismiss(
    user: AuthUser,
    id: string,
    dto: DismissDuplicateDto,
    actor: AuditActor,
  ): Promise<StudentDuplicateView> {
    return this.dataSource.transaction(async (manager) => {
      const duplicate = await this.lockedInScope(manager, user.scope, id);
      if (duplicate.status !== 'open') throw notOpen();
      if (duplicate.version !== dto.version) throw staleVersion('duplicate');
      const reason = dto.reason.trim();
      await this.resolve(manager, id, 'dismissed', reason, user);
      await this.audit.record(manager, actor, {
        action: 'student_duplicate.dismiss',
        entityType: 'student_duplicate',
        entityId: id,
        regionPath: duplicate.first?.regionPath ?? null,
        reason,
        details: { firstStudentId: duplicate.firstStudentId, secondStudentId: duplicate.secondStudentId },
      });
      const updated = await this.scoped(user.scope, manager).andWhere('d.id = :id', { id }).getOneOrFail();
      const counts = await this.counts([updated.firstStudentId, updated.secondStudentId], manager);
      return this.present(updated, counts);
    });
  }
}

function toSide(s: Student, counts: SideCounts): DuplicateSide {
  // The list spans a county: even the name is masked here.
  const { fullName: _name, flags: _flags, ...summary } = toStudentSummary(s, []);
  return {
    ...summary,
    maskedName: maskName(s.fullName),
    guardianCount: counts.guardians,
    flagCount: counts.flags,
    caseCount: counts.cases,
    hasOpenCase: counts.openCases > 0,
    version: s.version,
    createdAt: s.createdAt.toISOString(),
  };
}
