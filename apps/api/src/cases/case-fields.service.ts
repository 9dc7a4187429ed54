import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseDetail, EDITABLE_CASE_FIELDS, EditableCaseField } from '@baoxue/contracts';
import { CaseState } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { conflict, invalid } from '../common/domain-error';
import { CaseEditConflicted } from './case-errors';
import { Case } from './case.entity';
import { CasesService } from './cases.service';
import { UpdateCaseFieldsDto } from './dto/case-fields.dto';

type FieldValues = Record<EditableCaseField, string | null>;

interface LockedRow {
  state: CaseState;
  version: number;
  updated_at: Date;
  whereabouts: string | null;
  plan: string | null;
  reason_note: string | null;
}

/** A text as stored: trimmed, and an empty one clears the field. */
function normalised(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The fields the request names, normalised; absent ones are left out. */
export function requestedFields(dto: UpdateCaseFieldsDto): Partial<FieldValues> {
  const requested: Partial<FieldValues> = {};
  for (const field of EDITABLE_CASE_FIELDS) {
    const value = dto[field];
    if (value !== undefined) requested[field] = normalised(value);
  }
  return requested;
}

/**
 * Edits of the plan's free-text fields (去向, 一人一案, reason note), also sent later from the
 * field app's outbox. Optimistic locking on the case's version: a stale edit is refused with
 * the server's values so the user chooses — never silently overwritten — while an edit that
 * changes nothing succeeds whatever version it was based on (a resend after a lost answer).
 */
@Injectable()
export class CaseFieldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
  ) {}

  async update(user: AuthUser, id: string, dto: UpdateCaseFieldsDto, actor: AuditActor): Promise<CaseDetail> {
    const requested = requestedFields(dto);
    if (Object.keys(requested).length === 0)
      throw invalid(
        EDITABLE_CASE_FIELDS.join(','),
        'atLeastOneField',
        `give at least one of ${EDITABLE_CASE_FIELDS.join(', ')}`,
      );
    return this.dataSource.transaction(async (manager) => {
      const inScope = await this.cases.getInScope(user.scope, id, manager);
      // Waits for a concurrent edit to commit, then reads what it wrote: the version compared
      // below is the newest, and a loser's 409 shows the winner's values.
      const [row] = (await manager.query(
        `SELECT state, version, updated_at, whereabouts, plan, reason_note FROM cases WHERE id = $1 FOR NO KEY UPDATE`,
        [id],
      )) as LockedRow[];
      if (row.state === 'closed')
        throw conflict('case.closed', 'the case is closed: its plan cannot be edited');
      const current: FieldValues = {
        whereabouts: row.whereabouts,
        plan: row.plan,
        reasonNote: row.reason_note,
      };
      const changed = EDITABLE_CASE_FIELDS.filter(
        (field) => requested[field] !== undefined && requested[field] !== current[field],
      );

      if (changed.length === 0) {
        // Nothing to change: no new version, no timeline entry; the answer is a read of the case.
        await this.audit.record(manager, actor, {
          action: 'case.read',
          entityType: 'case',
          entityId: id,
          regionPath: inScope.regionPath,
          details: { studentId: inScope.studentId, state: row.state, unchangedEdit: true },
        });
        return this.cases.detail(manager, user, await this.cases.getInScope(user.scope, id, manager));
      }
      if (row.version !== dto.version)
        throw new CaseEditConflicted({
          version: row.version,
          updatedAt: new Date(row.updated_at).toISOString(),
          ...current,
        });

      const set: Partial<FieldValues> = {};
      for (const field of changed) set[field] = requested[field] ?? null;
      await manager
        .createQueryBuilder()
        .update(Case)
        .set({ ...set, version: () => 'version + 1' })
        .where('id = :id', { id })
        .execute();
      // Field names only: the texts are personal data and stay out of the timeline and the log.
      await this.cases.appendEvent(manager, actor, id, {
        kind: 'fields_updated',
        payload: { fields: changed },
      });
      await this.audit.record(manager, actor, {
        action: 'case.fields_update',
        entityType: 'case',
        entityId: id,
        regionPath: inScope.regionPath,
        details: { fields: changed, fromVersion: row.version, toVersion: row.version + 1 },
      });
      return this.cases.detail(manager, user, await this.cases.getInScope(user.scope, id, manager));
    });
  }
}
