import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CaseIntervention as CaseInterventionView,
  InterventionLocation,
  InterventionPhoto,
} from '@baoxue/contracts';
import {
  caseSettings,
  CaseState,
  chinaToday,
  daysBetween,
  ESCALATION_STEPS,
  EscalationStep,
  highestStep,
  INTERVENTION_STEP,
  isIsoDate,
  isOpenState,
  isPersuasionAttempt,
  ROLE_PARTY,
} from '@baoxue/domain';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, invalid } from '../common/domain-error';
import { User } from '../users/user.entity';
import { CaseInterventionPhoto } from './case-intervention-photo.entity';
import { CaseIntervention } from './case-intervention.entity';
import { CasesService } from './cases.service';
import { RecordInterventionDto } from './dto/case-intervention.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Fields only a written order (限期返校通知书) takes. */
const WRITTEN_ORDER_FIELDS = ['orderNumber', 'servedOn', 'deadlineOn'] as const;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The higher of the case's step and the step a new intervention reaches (the domain's ladder). */
function raisedStep(current: EscalationStep | null, kind: CaseIntervention['kind']): EscalationStep | null {
  const reached = highestStep([kind]);
  if (current === null) return reached;
  if (reached === null) return current;
  return ESCALATION_STEPS.indexOf(reached) > ESCALATION_STEPS.indexOf(current) ? reached : current;
}

export function toInterventionPhoto(p: CaseInterventionPhoto): InterventionPhoto {
  return {
    id: p.id,
    clientId: p.clientId,
    contentType: p.contentType,
    size: p.size,
    uploadedAt: p.uploadedAt.toISOString(),
  };
}

/** The stored position, or null when none was recorded (the columns are all set or none). */
export function toInterventionLocation(i: CaseIntervention): InterventionLocation | null {
  if (i.locationLatitude === null || i.locationLongitude === null || i.locationAccuracyMeters === null)
    return null;
  return {
    latitude: i.locationLatitude,
    longitude: i.locationLongitude,
    accuracyMeters: i.locationAccuracyMeters,
  };
}

export function toCaseIntervention(
  i: CaseIntervention,
  photos: CaseInterventionPhoto[] = [],
): CaseInterventionView {
  return {
    id: i.id,
    caseId: i.caseId,
    clientId: i.clientId,
    kind: i.kind,
    occurredOn: i.occurredOn,
    party: i.party,
    peoplePresent: i.peoplePresent,
    outcome: i.outcome,
    notes: i.notes,
    nextFollowUpOn: i.nextFollowUpOn,
    orderNumber: i.orderNumber,
    servedOn: i.servedOn,
    deadlineOn: i.deadlineOn,
    recordedByUserId: i.recordedByUserId,
    recordedByName: i.recordedByName,
    recordedAt: i.recordedAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
    photos: photos.map(toInterventionPhoto),
    location: toInterventionLocation(i),
  };
}

/**
 * Interventions (帮扶·劝返记录): appended to a case in scope, idempotent by the client's id,
 * keeping the case's persuasion count and highest ladder step.
 */
@Injectable()
export class CaseInterventionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, caseId: string): Promise<CaseInterventionView[]> {
    await this.cases.getInScope(user.scope, caseId);
    const rows = await this.dataSource.manager.find(CaseIntervention, {
      where: { caseId },
      order: { occurredOn: 'DESC', recordedAt: 'DESC', id: 'DESC' },
    });
    const photos = await this.photosOf(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toCaseIntervention(r, photos.get(r.id)));
  }

  /** The photos (without their bytes) of these interventions, in upload order. */
  private async photosOf(
    manager: EntityManager,
    interventionIds: string[],
  ): Promise<Map<string, CaseInterventionPhoto[]>> {
    const byIntervention = new Map<string, CaseInterventionPhoto[]>();
    if (interventionIds.length === 0) return byIntervention;
    const photos = await manager.find(CaseInterventionPhoto, {
      where: { interventionId: In(interventionIds) },
      order: { uploadedAt: 'ASC', id: 'ASC' },
    });
    for (const photo of photos)
      byIntervention.set(photo.interventionId, [...(byIntervention.get(photo.interventionId) ?? []), photo]);
    return byIntervention;
  }

  /** One intervention with its photos, as the API shows it. */
  private async view(manager: EntityManager, intervention: CaseIntervention): Promise<CaseInterventionView> {
    const photos = await this.photosOf(manager, [intervention.id]);
    return toCaseIntervention(intervention, photos.get(intervention.id));
  }

  /**
   * Records an intervention. `created` is false when the client id was already recorded on
   * this case: the existing record is returned and nothing else changes.
   */
  async record(
    user: AuthUser,
    caseId: string,
    dto: RecordInterventionDto,
    actor: AuditActor,
  ): Promise<{ created: boolean; intervention: CaseInterventionView }> {
    const today = chinaToday(this.clock.now());
    const dates = this.checkDates(dto, today);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.cases.getInScope(user.scope, caseId, manager);
      // Serialises interventions (and transitions) on this case: counters move once per record.
      const [locked] = (await manager.query(
        'SELECT state, persuasion_attempts, highest_step FROM cases WHERE id = $1 FOR NO KEY UPDATE',
        [caseId],
      )) as { state: CaseState; persuasion_attempts: number; highest_step: EscalationStep | null }[];

      const existing = await this.existing(manager, caseId, dto.clientId);
      if (existing) return { created: false, intervention: await this.view(manager, existing) };
      if (!isOpenState(locked.state))
        throw conflict('case.not_open', 'the case is not open: interventions cannot be recorded');

      const party = dto.party ?? ROLE_PARTY[user.role];
      const actorUser = actor.userId
        ? await manager.findOne(User, {
            where: { id: actor.userId },
            select: { id: true, displayName: true },
          })
        : null;
      const inserted = (await manager.query(
        `INSERT INTO case_interventions (case_id, client_id, kind, occurred_on, people_present, outcome, notes,
           next_follow_up_on, order_number, served_on, deadline_on, recorded_at, recorded_by_user_id, recorded_by_name,
           party, location_latitude, location_longitude, location_accuracy_meters)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (case_id, client_id) DO NOTHING
         RETURNING id`,
        [
          caseId,
          dto.clientId,
          dto.kind,
          dto.occurredOn,
          dto.peoplePresent ?? null,
          dto.outcome ?? null,
          dto.notes ?? null,
          dto.nextFollowUpOn ?? null,
          dto.orderNumber ?? null,
          dates.servedOn,
          dates.deadlineOn,
          this.clock.now(),
          actor.userId,
          actorUser?.displayName ?? actor.username,
          party,
          dto.location?.latitude ?? null,
          dto.location?.longitude ?? null,
          dto.location?.accuracyMeters ?? null,
        ],
      )) as { id: string }[];
      if (inserted.length === 0) {
        // Recorded by a concurrent request that committed after our look-up.
        const raced = await this.existing(manager, caseId, dto.clientId);
        if (!raced) throw new Error('intervention conflict without a row');
        return { created: false, intervention: await this.view(manager, raced) };
      }
      const id = inserted[0].id;

      const attempt = isPersuasionAttempt(dto.kind);
      const step = raisedStep(locked.highest_step, dto.kind);
      // Plain SQL: the case's version and updated_at stay as they are (interventions never conflict).
      // The next follow-up comes from the latest intervention (a back-dated record may not be it).
      await manager.query(
        `UPDATE cases SET persuasion_attempts = persuasion_attempts + $2, highest_step = $3::escalation_step,
           next_follow_up_on = (SELECT COALESCE(i.next_follow_up_on, i.occurred_on + $4::int) FROM case_interventions i
             WHERE i.case_id = $1 ORDER BY i.occurred_on DESC, i.recorded_at DESC, i.id DESC LIMIT 1)
           WHERE id = $1`,
        [caseId, attempt ? 1 : 0, step, caseSettings().followUpDays],
      );
      await this.cases.appendEvent(manager, actor, caseId, {
        kind: 'intervention',
        payload: {
          interventionId: id,
          kind: dto.kind,
          party,
          step: INTERVENTION_STEP[dto.kind],
          occurredOn: dto.occurredOn,
          nextFollowUpOn: dto.nextFollowUpOn ?? null,
          ...(dates.deadlineOn ? { servedOn: dates.servedOn, deadlineOn: dates.deadlineOn } : {}),
        },
      });
      await this.audit.record(manager, actor, {
        action: 'case.intervention',
        entityType: 'case',
        entityId: caseId,
        regionPath: current.regionPath,
        details: { interventionId: id, kind: dto.kind, clientId: dto.clientId, party },
      });
      const saved = await manager.findOneOrFail(CaseIntervention, { where: { id } });
      return { created: true, intervention: toCaseIntervention(saved) };
    });
  }

  private existing(
    manager: EntityManager,
    caseId: string,
    clientId: string,
  ): Promise<CaseIntervention | null> {
    return manager.findOne(CaseIntervention, { where: { caseId, clientId } });
  }

  /** Date rules the DTO cannot express; returns the written order's served and deadline days. */
  private checkDates(
    dto: RecordInterventionDto,
    today: string,
  ): { servedOn: string | null; deadlineOn: string | null } {
    for (const field of ['occurredOn', 'nextFollowUpOn', 'servedOn', 'deadlineOn'] as const) {
      const value = dto[field];
      if (value !== undefined && !isIsoDate(value))
        throw invalid(field, 'isDate', `${field} must be a date YYYY-MM-DD`);
    }
    if (daysBetween(dto.occurredOn, today) < 0)
      throw invalid('occurredOn', 'not_future', 'occurredOn must not be in the future');
    if (dto.nextFollowUpOn !== undefined && daysBetween(dto.occurredOn, dto.nextFollowUpOn) < 0)
      throw invalid('nextFollowUpOn', 'notBeforeOccurredOn', 'nextFollowUpOn must not be before occurredOn');
    if (dto.kind !== 'written_order') {
      for (const field of WRITTEN_ORDER_FIELDS)
        if (dto[field] !== undefined)
          throw invalid(field, 'writtenOrderOnly', `${field} is only for a written order`);
      return { servedOn: null, deadlineOn: null };
    }
    const servedOn = dto.servedOn ?? dto.occurredOn;
    if (daysBetween(servedOn, today) < 0)
      throw invalid('servedOn', 'not_future', 'servedOn must not be in the future');
    const deadlineOn = dto.deadlineOn ?? addDays(servedOn, caseSettings().writtenOrderDeadlineDays);
    if (daysBetween(servedOn, deadlineOn) < 0)
      throw invalid('deadlineOn', 'notBeforeServedOn', 'deadlineOn must not be before servedOn');
    return { servedOn, deadlineOn };
  }
}
