import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseDetail, CaseResponsible as CaseResponsibleView } from '@baoxue/contracts';
import {
  allowedTransitions,
  applyTransition,
  CaseSnapshot,
  caseSettings,
  checkTransition,
  chinaToday,
  ClosingRequester,
  daysBetween,
  isLevelOf,
  isOpenState,
  LINE_LEVELS,
  OPEN_STATES,
  PERSUASION_RESPONSIBLE_LEVELS,
  Scope,
  TRANSITIONS,
  TransitionName,
  isIsoDate,
} from '@baoxue/domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, DomainError, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { Student } from '../students/student.entity';
import { CaseResponsibles } from './case-responsibles.service';
import { assertResponsibleTargets, assertReturnSchool } from './case-return-school';
import { CaseEventInput, CaseTimeline } from './case-timeline.service';
import { CaseTransitionRefused } from './case-errors';
import { CaseEvent } from './case-event.entity';
import { CaseResponsible } from './case-responsible.entity';
import { TRANSITION_COMMENT_FIELDS, TRANSITION_FIELD_COLUMNS, TRANSITION_PAYLOAD_FIELDS } from './case-rules';
import { childScopePredicate } from '../scope/scope-predicates';
import { Case, ONE_OPEN_CASE_INDEX } from './case.entity';
import { toCaseDetail, toCaseResponsible } from './case.presenter';
import { AssignResponsibleDto, CaseTransitionDto, OpenCaseDto } from './dto/case.dto';

/** 409; names the open case only when the caller may see it. */
const alreadyOpen = (openCaseId?: string) =>
  new DomainError(
    HttpStatus.CONFLICT,
    'case.already_open',
    'the child already has an open case',
    undefined,
    openCaseId ? { openCaseId } : undefined,
  );

/** The one-open-case index refused an insert or update (a concurrent open won). */
export function isOpenCaseViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === ONE_OPEN_CASE_INDEX;
}

type FieldColumn = (typeof TRANSITION_FIELD_COLUMNS)[keyof typeof TRANSITION_FIELD_COLUMNS];

/** Cases (一人一案): read and written within the caller's scope, moved only by the domain's TRANSITIONS. */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeline: CaseTimeline,
    private readonly responsibles: CaseResponsibles,
  ) {}

  /** Cases `c` within the scope, with the child `s` and the schools joined (all to-one). */
  scopedQuery(scope: Scope, manager: EntityManager = this.dataSource.manager) {
    const predicate = childScopePredicate(scope, 'c');
    return manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.student', 's')
      .leftJoinAndSelect('c.school', 'school')
      .leftJoinAndSelect('c.returnSchool', 'return_school')
      .where(predicate.sql, predicate.params);
  }

  /** A case in scope, or 404 (also when it exists outside the scope). */
  async getInScope(scope: Scope, id: string, manager?: EntityManager): Promise<Case> {
    const found = await this.scopedQuery(scope, manager).andWhere('c.id = :id', { id }).getOne();
    if (!found) throw outOfScope('case');
    return found;
  }

  /** One case; the read is audited (case.read) like every look at a child's record. */
  async get(user: AuthUser, id: string, actor: AuditActor): Promise<CaseDetail> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.getInScope(user.scope, id, manager);
      await this.audit.record(manager, actor, {
        action: 'case.read',
        entityType: 'case',
        entityId: id,
        regionPath: found.regionPath,
        details: { studentId: found.studentId, state: found.state },
      });
      return this.detail(manager, user, found);
    });
  }

  async open(user: AuthUser, dto: OpenCaseDto, actor: AuditActor): Promise<CaseDetail> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const id = await this.openIn(manager, user, dto, actor);
        return this.detail(manager, user, await this.getInScope(user.scope, id, manager));
      });
    } catch (error) {
      // Two concurrent opens: the partial unique index lets one through.
      if (!isOpenCaseViolation(error)) throw error;
      const winner = await this.dataSource
        .createQueryBuilder(Case, 'c')
        .select('c.id')
        .where('c.student_id = :studentId AND c.state IN (:...open)', {
          studentId: dto.studentId,
          open: OPEN_STATES,
        })
        .getOne();
      throw alreadyOpen(winner ? await this.visibleCaseId(user.scope, winner.id) : undefined);
    }
  }

  /**
   * Opens a case in the caller's transaction (the attendance rule opens one with the roll it
   * saves). A child with an open case is `case.already_open`; one opened concurrently surfaces
   * as the one-open-case index's violation (isOpenCaseViolation), which aborts the transaction,
   * so a caller that goes on must wrap this in a savepoint. Returns the new case's id.
   */
  async openIn(
    manager: EntityManager,
    user: AuthUser,
    dto: OpenCaseDto,
    actor: AuditActor,
    options: { comment?: string } = {},
  ): Promise<string> {
    if (dto.absentSince !== undefined) {
      if (!isIsoDate(dto.absentSince))
        throw invalid('absentSince', 'isDate', 'absentSince must be a real date');
      if (daysBetween(dto.absentSince, chinaToday(this.clock.now())) < 0)
        throw invalid('absentSince', 'not_future', 'absentSince must not be in the future');
    }
    const student = await this.studentInScope(manager, user.scope, dto.studentId);
    const openCase = await manager
      .createQueryBuilder(Case, 'c')
      .select('c.id')
      .where('c.student_id = :studentId AND c.state IN (:...open)', {
        studentId: student.id,
        open: OPEN_STATES,
      })
      .getOne();
    if (openCase) throw alreadyOpen(await this.visibleCaseId(user.scope, openCase.id, manager));
    const result = await manager.insert(Case, {
      studentId: student.id,
      type: dto.type,
      source: dto.source,
      primaryReason: dto.primaryReason,
      otherReasons: dto.otherReasons ?? [],
      reasonNote: dto.reasonNote ?? null,
      whereabouts: dto.whereabouts ?? null,
      plan: dto.plan ?? null,
      absentSince: dto.absentSince ?? null,
      state: 'suspected',
      regionPath: student.regionPath,
      schoolId: student.schoolId,
      schoolRegionPath: student.schoolRegionPath,
      openedAt: this.clock.now(),
      openedByUserId: actor.userId,
    });
    const id = result.identifiers[0]['id'] as string;
    await this.appendEvent(manager, actor, id, {
      kind: 'opened',
      toState: 'suspected',
      payload: {
        type: dto.type,
        source: dto.source,
        primaryReason: dto.primaryReason,
        ...(dto.absentSince ? { absentSince: dto.absentSince } : {}),
      },
      comment: options.comment ?? null,
    });
    await this.audit.record(manager, actor, {
      action: 'case.open',
      entityType: 'case',
      entityId: id,
      regionPath: student.regionPath,
      details: { studentId: student.id, type: dto.type, source: dto.source },
    });
    await this.responsibles.nameOnOpen(manager, user, actor, { id, regionPath: student.regionPath });
    return id;
  }

  /** The id when the case is within the scope, else undefined. */
  private async visibleCaseId(
    scope: Scope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | undefined> {
    const visible = await this.scopedQuery(scope, manager).andWhere('c.id = :id', { id }).getExists();
    return visible ? id : undefined;
  }

  async transition(
    user: AuthUser,
    id: string,
    name: string,
    dto: CaseTransitionDto,
    actor: AuditActor,
  ): Promise<CaseDetail> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.getInScope(user.scope, id, manager);
      if (current.version !== dto.version) throw staleVersion('case');
      const { version, ...provided } = dto;
      const input = Object.fromEntries(Object.entries(provided).filter(([, value]) => value !== undefined));
      const snapshot = await this.snapshot(manager, current, user.id);
      const now = this.clock.now();
      const check = checkTransition(name, snapshot, user.role, input, now, caseSettings());
      if (!check.ok) {
        const message = check.problems.map((p) => p.message).join('; ');
        switch (check.kind) {
          case 'illegal':
            throw new CaseTransitionRefused(
              'case.transition_illegal',
              message,
              check.problems,
              check.allowed,
            );
          case 'blocked':
            throw new CaseTransitionRefused(
              'case.transition_blocked',
              message,
              check.problems,
              check.allowed,
            );
          case 'forbidden':
            throw new DomainError(HttpStatus.FORBIDDEN, 'case.transition_forbidden', message, check.problems);
          case 'invalid':
            throw new DomainError(HttpStatus.BAD_REQUEST, 'validation', message, check.problems);
        }
      }
      const transitionName = name as TransitionName;
      const t = TRANSITIONS[transitionName];
      const fieldNames = t.fields.map((f) => f.field);
      for (const field of Object.keys(input)) {
        if (!fieldNames.includes(field))
          throw invalid(field, 'notAnInput', `${field} is not an input of ${transitionName}`);
      }
      if (typeof input['returnSchoolId'] === 'string')
        await assertReturnSchool(manager, user.scope, current.regionPath, input['returnSchoolId']);

      const next = applyTransition(snapshot, transitionName, input);
      const columns: Partial<Record<FieldColumn, unknown>> = {};
      const comments: string[] = [];
      for (const field of fieldNames) {
        const value = input[field];
        if (value === undefined) continue;
        if (field in TRANSITION_FIELD_COLUMNS)
          columns[TRANSITION_FIELD_COLUMNS[field as keyof typeof TRANSITION_FIELD_COLUMNS]] = value;
        else if ((TRANSITION_COMMENT_FIELDS as readonly string[]).includes(field))
          comments.push(String(value));
        else throw new Error(`transition field ${field} has no place to be stored`);
      }
      const closedAt = next.state === 'closed' ? now : next.state === current.state ? undefined : null;
      try {
        const result = await manager
          .createQueryBuilder()
          .update(Case)
          .set({
            ...(columns as Partial<Case>),
            state: next.state,
            closingRequested: next.closingRequested,
            closingRequestedByUserId: next.closingRequested ? user.id : null,
            monitoringStartedOn: next.monitoringStartedOn,
            ...(closedAt !== undefined ? { closedAt } : {}),
            version: () => 'version + 1',
          })
          .where('id = :id AND version = :version', { id, version })
          .execute();
        if (result.affected !== 1) throw staleVersion('case');
      } catch (error) {
        if (isOpenCaseViolation(error)) throw alreadyOpen();
        throw error;
      }

      const payload: Record<string, unknown> = { fields: fieldNames.filter((f) => input[f] !== undefined) };
      for (const field of TRANSITION_PAYLOAD_FIELDS)
        if (input[field] !== undefined) payload[field] = input[field];
      await this.appendEvent(manager, actor, id, {
        kind: 'transition',
        transition: transitionName,
        fromState: current.state,
        toState: next.state,
        payload,
        comment: comments.length ? comments.join('\n') : null,
      });
      await this.audit.record(manager, actor, {
        action: 'case.transition',
        entityType: 'case',
        entityId: id,
        regionPath: current.regionPath,
        details: { transition: transitionName, from: current.state, to: next.state },
      });
      return this.detail(manager, user, await this.getInScope(user.scope, id, manager));
    });
  }

  async assignResponsible(
    user: AuthUser,
    id: string,
    dto: AssignResponsibleDto,
    actor: AuditActor,
  ): Promise<CaseResponsibleView> {
    return this.dataSource.transaction((manager) => this.assignResponsibleIn(manager, user, id, dto, actor));
  }

  /** Names a responsible in the caller's transaction (the attendance rule names the school so). */
  async assignResponsibleIn(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    dto: AssignResponsibleDto,
    actor: AuditActor,
  ): Promise<CaseResponsibleView> {
    if (!isLevelOf(dto.line, dto.level)) {
      throw invalid('level', 'levelOfLine', `level must be one of ${LINE_LEVELS[dto.line].join(', ')}`);
    }
    const current = await this.getInScope(user.scope, id, manager);
    if (!isOpenState(current.state)) throw conflict('case.not_open', 'the case is not open');
    await assertResponsibleTargets(manager, user.scope, current, dto);
    return toCaseResponsible(
      await this.responsibles.add(manager, actor, current, {
        name: dto.name.trim(),
        party: dto.party,
        line: dto.line,
        level: dto.level,
        userId: dto.userId ?? null,
        organisationId: dto.organisationId ?? null,
        phone: dto.phone ?? null,
      }),
    );
  }

  /** What the lifecycle rules need to know about the case, from its records. */
  private async snapshot(manager: EntityManager, c: Case, callerId: string): Promise<CaseSnapshot> {
    // Only responsibles on the ground count for the guards (PERSUASION_RESPONSIBLE_LEVELS).
    const [row] = (await manager.query(
      `SELECT
         (SELECT count(*) FROM case_responsibles r WHERE r.case_id = $1 AND r.active AND r.line = 'government'
            AND r.level::text = ANY($4::text[]))::int AS government,
         (SELECT count(*) FROM case_responsibles r WHERE r.case_id = $1 AND r.active AND r.line = 'education'
            AND r.level::text = ANY($5::text[]))::int AS education,
         EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = $2) AS guardian,
         EXISTS (SELECT 1 FROM cases o WHERE o.student_id = $2 AND o.id <> $1 AND o.state = ANY($3::case_state[])) AS other_open`,
      [
        c.id,
        c.studentId,
        OPEN_STATES,
        PERSUASION_RESPONSIBLE_LEVELS.government,
        PERSUASION_RESPONSIBLE_LEVELS.education,
      ],
    )) as { government: number; education: number; guardian: boolean; other_open: boolean }[];
    let closingRequestedBy: ClosingRequester | null = null;
    if (c.closingRequested && c.closingRequestedByUserId)
      closingRequestedBy = c.closingRequestedByUserId === callerId ? 'caller' : 'someone_else';
    return {
      state: c.state,
      type: c.type,
      monitoringStartedOn: c.monitoringStartedOn,
      hasGovernmentLineResponsible: row.government > 0,
      hasEducationLineResponsible: row.education > 0,
      hasGuardian: row.guardian,
      persuasionInterventions: c.persuasionAttempts,
      closingRequested: c.closingRequested,
      closingRequestedBy,
      childHasOtherOpenCase: row.other_open,
    };
  }

  /** The case as the caller sees it, with the transitions they may take (in the caller's transaction). */
  async detail(manager: EntityManager, user: AuthUser, c: Case): Promise<CaseDetail> {
    const [responsibles, events, snapshot] = [
      await manager.find(CaseResponsible, {
        where: { caseId: c.id },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      await manager.find(CaseEvent, { where: { caseId: c.id }, order: { at: 'ASC', id: 'ASC' } }),
      await this.snapshot(manager, c, user.id),
    ];
    const allowed = allowedTransitions(snapshot, user.role, this.clock.now(), caseSettings()).map((a) => ({
      name: a.transition.name,
      unmet: a.unmet,
    }));
    return toCaseDetail(c, chinaToday(this.clock.now()), responsibles, events, allowed);
  }

  private async studentInScope(manager: EntityManager, scope: Scope, studentId: string): Promise<Student> {
    const predicate = childScopePredicate(scope, 's');
    const student = await manager
      .getRepository(Student)
      .createQueryBuilder('s')
      // A record merged into another is history: cases are opened on the record kept.
      .where('s.id = :studentId AND s.merged_into_id IS NULL', { studentId })
      .andWhere(predicate.sql, predicate.params)
      .getOne();
    if (!student) throw invalid('studentId', 'withinScope', 'studentId must be a child within your scope');
    return student;
  }

  /** Appends a timeline entry in the caller's transaction (used by interventions, referrals, transfers). */
  appendEvent(
    manager: EntityManager,
    actor: AuditActor,
    caseId: string,
    event: CaseEventInput,
  ): Promise<void> {
    return this.timeline.append(manager, actor, caseId, event);
  }
}
