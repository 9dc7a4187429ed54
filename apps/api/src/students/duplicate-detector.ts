import { Injectable } from '@nestjs/common';
import { PossibleDuplicate, StudentDuplicateRef } from '@baoxue/contracts';
import { DuplicateReason, duplicateReason, orderedPair, Scope } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { childScopePredicate } from '../scope/scope-predicates';
import { StudentDuplicate } from './student-duplicate.entity';
import { maskName } from './student-masking';

export interface DuplicateProbe {
  idHash: Buffer | null;
  fullName: string;
  birthDate: string;
  hukouRegionId: string | null;
  /** The record itself, once it exists. */
  excludeId?: string;
}

interface MatchRow {
  id: string;
  full_name: string;
  birth_date: string;
  id_number_masked: string | null;
  same_id: boolean;
}

function toPossibleDuplicate(r: MatchRow): PossibleDuplicate {
  return {
    id: r.id,
    maskedName: maskName(r.full_name),
    birthDate: r.birth_date,
    idNumberMasked: r.id_number_masked,
    matchedBy: r.same_id ? 'id_number' : 'name_birth_date_village',
  };
}

/**
 * Finds records that may be the same child (same ID number by its keyed hash, or same
 * name + birth date + 户籍 village) and keeps them as candidate pairs, in the caller's
 * transaction. Merged records are never matched: they point at their survivor.
 */
@Injectable()
export class DuplicateDetector {
  /**
   * Serialises writers of the same child until commit: two registrations of one child at
   * the same moment would otherwise not see each other, and no pair would be kept.
   */
  private async lock(manager: EntityManager, probe: DuplicateProbe): Promise<void> {
    const keys = [
      probe.idHash ? `id:${probe.idHash.toString('hex')}` : null,
      probe.hukouRegionId ? `nbv:${probe.fullName}|${probe.birthDate}|${probe.hukouRegionId}` : null,
    ].filter((key): key is string => key !== null);
    // In a fixed order, so two writers holding both keys cannot deadlock.
    for (const key of keys.sort())
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  async matches(manager: EntityManager, probe: DuplicateProbe): Promise<PossibleDuplicate[]> {
    await this.lock(manager, probe);
    const rows: MatchRow[] = await manager.query(
      `SELECT id, full_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, id_number_masked,
              ($1::bytea IS NOT NULL AND id_number_hash = $1::bytea) AS same_id
         FROM students
        WHERE merged_into_id IS NULL AND ($5::uuid IS NULL OR id <> $5::uuid)
          AND (($1::bytea IS NOT NULL AND id_number_hash = $1::bytea)
               OR (full_name = $2 AND birth_date = $3 AND hukou_region_id = $4))
        ORDER BY created_at
        LIMIT 10`,
      [probe.idHash, probe.fullName, probe.birthDate, probe.hukouRegionId, probe.excludeId ?? null],
    );
    return rows.map(toPossibleDuplicate);
  }

  /** Keeps each match as a candidate pair; a pair already known (even dismissed) is left as it is. */
  async record(manager: EntityManager, studentId: string, matches: PossibleDuplicate[]): Promise<void> {
    if (!matches.length) return;
    const rows = matches.map((m) => {
      const [firstStudentId, secondStudentId] = orderedPair(studentId, m.id);
      const reason: DuplicateReason = duplicateReason({ sameIdNumber: m.matchedBy === 'id_number' });
      return { firstStudentId, secondStudentId, reason };
    });
    await manager.createQueryBuilder().insert().into(StudentDuplicate).values(rows).orIgnore().execute();
  }

  /** Matches the record as stored now and keeps them (after an update or a merge). */
  async recheck(manager: EntityManager, studentId: string): Promise<void> {
    const [row]: {
      id_number_hash: Buffer | null;
      full_name: string;
      birth_date: string;
      hukou_region_id: string | null;
    }[] = await manager.query(
      `SELECT id_number_hash, full_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, hukou_region_id
         FROM students WHERE id = $1`,
      [studentId],
    );
    const matches = await this.matches(manager, {
      idHash: row.id_number_hash,
      fullName: row.full_name,
      birthDate: row.birth_date,
      hukouRegionId: row.hukou_region_id,
      excludeId: studentId,
    });
    await this.record(manager, studentId, matches);
  }

  /** The child's open candidates whose other record lies within the scope, masked. */
  async openFor(manager: EntityManager, scope: Scope, studentId: string): Promise<StudentDuplicateRef[]> {
    const predicate = childScopePredicate(scope, 'o');
    const rows: (MatchRow & { duplicate_id: string; reason: DuplicateReason })[] = await manager
      .createQueryBuilder()
      .select('d.id', 'duplicate_id')
      .addSelect('d.reason', 'reason')
      .addSelect('o.id', 'id')
      .addSelect('o.full_name', 'full_name')
      .addSelect("to_char(o.birth_date, 'YYYY-MM-DD')", 'birth_date')
      .addSelect('o.id_number_masked', 'id_number_masked')
      .addSelect("d.reason = 'same_id_number'", 'same_id')
      .from(StudentDuplicate, 'd')
      .innerJoin(
        'students',
        'o',
        'o.id = CASE WHEN d.first_student_id = :studentId THEN d.second_student_id ELSE d.first_student_id END',
        { studentId },
      )
      .where("d.status = 'open'")
      .andWhere('(d.first_student_id = :studentId OR d.second_student_id = :studentId)', { studentId })
      .andWhere('o.merged_into_id IS NULL')
      .andWhere(predicate.sql, predicate.params)
      .orderBy('d.created_at', 'ASC')
      .getRawMany();
    return rows.map((r) => ({
      duplicateId: r.duplicate_id,
      reason: r.reason,
      other: toPossibleDuplicate(r),
    }));
  }
}
