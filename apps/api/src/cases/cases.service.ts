import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CaseDetail,
  CaseResponsible as CaseResponsibleView,
  CaseSummary,
  MyCaseSummary,
  Page,
} from '@baoxue/contracts';
import {
  allowedTransitions,
  applyTransition,
  CaseSnapshot,
  caseSettings,
  checkTransition,
  isLevelOf,
  isOpenState,
  LINE_LEVELS,
  OPEN_STATES,
  Scope,
  TRANSITIONS,
  TransitionName,
} from '@baoxue/domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, DomainError, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { likeContains, pageOf } from '../common/dto/page-query.dto';
import { Organisation } from '../organisations/organisation.entity';
import { scopeRowPredicate } from '../scope/scope-predicates';
import { Student } from '../students/student.entity';
import { User } from '../users/user.entity';
import { CaseTransitionRefused } from './case-errors';
import { CaseEvent } from './case-event.entity';
import { CaseResponsible } from './case-responsible.entity';
import { TRANSITION_COMMENT_FIELDS, TRANSITION_FIELD_COLUMNS, TRANSITION_PAYLOAD_FIELDS } from './case-rules';
import { childScopePredicate } from '../scope/scope-predicates';
import { Case, ONE_OPEN_CASE_INDEX } from './case.entity';
import { toCaseDetail, toCaseResponsible, toCaseSummary } from './case.presenter';
import { AssignResponsibleDto, CaseListQueryDto, CaseTransitionDto, OpenCaseDto } from './dto/case.dto';
import { MyCasesQueryDto } from './dto/case-intervention.dto';

const alreadyOpen = () => conflict('case.already_open', 'the child already has an open case');

function isOpenCaseViolation(error: unknown): boolean {
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
  ) {}

  private scoped(scope: Scope, manager: EntityManager = this.dataSource.manager) {
    const predicate = childScopePredicate(scope, 'c');
    return manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.student', 's')
      .leftJoinAndSelect('c.school', 'school')
      .leftJoinAndSelect('c.returnSchool', 'return_school')
      .where(predicate.sql, predicate.params);
  }

  async list(scope: Scope, query: CaseListQueryDto): Promise<Page<CaseSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.scoped(scope);
    if (query.state) qb.andWhere('c.state = :state', { state: query.state });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (query.schoolId) qb.andWhere('c.school_id = :schoolId', { schoolId: query.schoolId });
    if (query.studentId) qb.andWhere('c.student_id = :studentId', { studentId: query.studentId });
    if (query.q) qb.andWhere("s.full_name ILIKE :q ESCAPE '\\'", { q: likeContains(query.q) });
    const [rows, total] = await qb
      .orderBy('c.openedAt', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toCaseSummary), total, page, pageSize };
  }

  /**
   * "My cases": open cases within scope where the caller is an active responsible person,
   * soonest follow-up first (the latest intervention's date, else its day + the follow-up
   * days; cases with no intervention yet come last, oldest first).
   */
  async mine(user: AuthUser, query: MyCasesQueryDto): Promise<Page<MyCaseSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const latest = (column: string) =>
      `(SELECT ${column} FROM case_interventions i WHERE i.case_id = c.id
          ORDER BY i.occurred_on DESC, i.recorded_at DESC, i.id DESC LIMIT 1)`;
    const qb = this.scoped(user.scope)
      .andWhere('c.state IN (:...open)', { open: OPEN_STATES })
      .andWhere(
        'EXISTS (SELECT 1 FROM case_responsibles r WHERE r.case_id = c.id AND r.active AND r.user_id = :me)',
        { me: user.id },
      );
    if (query.q) qb.andWhere("s.full_name ILIKE :q ESCAPE '\\'", { q: likeContains(query.q) });
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .addSelect(latest('i.occurred_on::text'), 'last_intervention_on')
      .addSelect(
        latest('COALESCE(i.next_follow_up_on, i.occurred_on + :followUpDays::int)::text'),
        'next_follow_up_on',
      )
      .setParameter('followUpDays', caseSettings().followUpDays)
      .orderBy('next_follow_up_on', 'ASC', 'NULLS LAST')
      .addOrderBy('c.openedAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .offset(skip)
      .limit(pageSize)
      .getRawAndEntities<{
        c_id: string;
        last_intervention_on: string | null;
        next_follow_up_on: string | null;
      }>();
    const dates = new Map(raw.map((r) => [r.c_id, r]));
    const items = entities.map((c) => ({
      ...toCaseSummary(c),
      persuasionAttempts: c.persuasionAttempts,
      highestStep: c.highestStep,
      lastInterventionOn: dates.get(c.id)?.last_intervention_on ?? null,
      nextFollowUpOn: dates.get(c.id)?.next_follow_up_on ?? null,
    }));
    return { items, total, page, pageSize };
  }

  /** A case in scope, or 404 (also when it exists outside the scope). */
  async getInScope(scope: Scope, id: string, manager?: EntityManager): Promise<Case> {
    const found = await this.scoped(scope, manager).andWhere('c.id = :id', { id }).getOne();
    if (!found) throw outOfScope('case');
    return found;
  }

  async get(user: AuthUser, id: string): Promise<CaseDetail> {
    return this.detail(this.dataSource.manager, user, await this.getInScope(user.scope, id));
  }

  async open(user: AuthUser, dto: OpenCaseDto, actor: AuditActor): Promise<CaseDetail> {
    return this.dataSource.transaction(async (manager) => {
      const student = await this.studentInScope(manager, user.scope, dto.studentId);
      const hasOpen = await manager
        .createQueryBuilder(Case, 'c')
        .where('c.student_id = :studentId AND c.state IN (:...open)', {
          studentId: student.id,
          open: OPEN_STATES,
        })
        .getExists();
      if (hasOpen) throw alreadyOpen();
      let id: string;
      try {
        const result = await manager.insert(Case, {
          studentId: student.id,
          type: dto.type,
          source: dto.source,
          primaryReason: dto.primaryReason,
          otherReasons: dto.otherReasons ?? [],
          reasonNote: dto.reasonNote ?? null,
          whereabouts: dto.whereabouts ?? null,
          plan: dto.plan ?? null,
          state: 'suspected',
          regionPath: student.regionPath,
          schoolId: student.schoolId,
          schoolRegionPath: student.schoolRegionPath,
          openedAt: this.clock.now(),
          openedByUserId: actor.userId,
        });
        id = result.identifiers[0]['id'] as string;
      } catch (error) {
        // Two concurrent opens: the partial unique index lets one through.
        if (isOpenCaseViolation(error)) throw alreadyOpen();
        throw error;
      }
      await this.appendEvent(manager, actor, id, {
        kind: 'opened',
        toState: 'suspected',
        payload: { type: dto.type, source: dto.source, primaryReason: dto.primaryReason },
      });
      await this.audit.record(manager, actor, {
        action: 'case.open',
        entityType: 'case',
        entityId: id,
        regionPath: student.regionPath,
        details: { studentId: student.id, type: dto.type, source: dto.source },
      });
      return this.detail(manager, user, await this.getInScope(user.scope, id, manager));
    });
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
      const snapshot = await this.snapshot(manager, current);
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
        await this.assertSchoolInScope(manager, user.scope, 'returnSchoolId', input['returnSchoolId']);

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
    if (!isLevelOf(dto.line, dto.level)) {
      throw invalid('level', 'levelOfLine', `level must be one of ${LINE_LEVELS[dto.line].join(', ')}`);
    }
    return this.dataSource.transaction(async (manager) => {
      const current = await this.getInScope(user.scope, id, manager);
      if (!isOpenState(current.state)) throw conflict('case.not_open', 'the case is not open');
      if (dto.userId && !(await manager.exists(User, { where: { id: dto.userId } })))
        throw invalid('userId', 'exists', 'userId must be an existing user');
      if (dto.organisationId && !(await manager.exists(Organisation, { where: { id: dto.organisationId } })))
        throw invalid('organisationId', 'exists', 'organisationId must be an existing organisation');
      const saved = await manager.save(
        manager.create(CaseResponsible, {
          caseId: id,
          name: dto.name.trim(),
          party: dto.party,
          line: dto.line,
          level: dto.level,
          userId: dto.userId ?? null,
          organisationId: dto.organisationId ?? null,
          phone: dto.phone ?? null,
        }),
      );
      await this.appendEvent(manager, actor, id, {
        kind: 'responsible_assigned',
        payload: { responsibleId: saved.id, party: dto.party, line: dto.line, level: dto.level },
      });
      await this.audit.record(manager, actor, {
        action: 'case.assign_responsible',
        entityType: 'case',
        entityId: id,
        regionPath: current.regionPath,
        details: { responsibleId: saved.id, party: dto.party, line: dto.line, level: dto.level },
      });
      return toCaseResponsible(saved);
    });
  }

  /** What the lifecycle rules need to know about the case, from its records. */
  private async snapshot(manager: EntityManager, c: Case): Promise<CaseSnapshot> {
    const [row] = (await manager.query(
      `SELECT
         (SELECT count(*) FROM case_responsibles r WHERE r.case_id = $1 AND r.active AND r.line = 'government')::int AS government,
         (SELECT count(*) FROM case_responsibles r WHERE r.case_id = $1 AND r.active AND r.line = 'education')::int AS education,
         EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = $2) AS guardian,
         EXISTS (SELECT 1 FROM cases o WHERE o.student_id = $2 AND o.id <> $1 AND o.state = ANY($3::case_state[])) AS other_open`,
      [c.id, c.studentId, OPEN_STATES],
    )) as { government: number; education: number; guardian: boolean; other_open: boolean }[];
    return {
      state: c.state,
      type: c.type,
      monitoringStartedOn: c.monitoringStartedOn,
      hasGovernmentLineResponsible: row.government > 0,
      hasEducationLineResponsible: row.education > 0,
      hasGuardian: row.guardian,
      persuasionInterventions: c.persuasionAttempts,
      closingRequested: c.closingRequested,
      childHasOtherOpenCase: row.other_open,
    };
  }

  private async detail(manager: EntityManager, user: AuthUser, c: Case): Promise<CaseDetail> {
    const [responsibles, events, snapshot] = [
      await manager.find(CaseResponsible, {
        where: { caseId: c.id },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      await manager.find(CaseEvent, { where: { caseId: c.id }, order: { at: 'ASC', id: 'ASC' } }),
      await this.snapshot(manager, c),
    ];
    const allowed = allowedTransitions(snapshot, user.role, this.clock.now(), caseSettings()).map((a) => ({
      name: a.transition.name,
      unmet: a.unmet,
    }));
    return toCaseDetail(c, responsibles, events, allowed);
  }

  private async studentInScope(manager: EntityManager, scope: Scope, studentId: string): Promise<Student> {
    const predicate = childScopePredicate(scope, 's');
    const student = await manager
      .getRepository(Student)
      .createQueryBuilder('s')
      .where('s.id = :studentId', { studentId })
      .andWhere(predicate.sql, predicate.params)
      .getOne();
    if (!student) throw invalid('studentId', 'withinScope', 'studentId must be a child within your scope');
    return student;
  }

  private async assertSchoolInScope(
    manager: EntityManager,
    scope: Scope,
    field: string,
    schoolId: string,
  ): Promise<void> {
    const predicate = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    const found = await manager
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where("o.id = :schoolId AND o.type = 'school'", { schoolId })
      .andWhere(predicate.sql, predicate.params)
      .getExists();
    if (!found) throw invalid(field, 'withinScope', `${field} must be a school within your scope`);
  }

  /** Appends a timeline entry in the caller's transaction (used by interventions too). */
  async appendEvent(
    manager: EntityManager,
    actor: AuditActor,
    caseId: string,
    event: Pick<CaseEvent, 'kind'> &
      Partial<Pick<CaseEvent, 'transition' | 'fromState' | 'toState' | 'payload' | 'comment'>>,
  ): Promise<void> {
    const actorUser = actor.userId
      ? await manager.findOne(User, { where: { id: actor.userId }, select: { id: true, displayName: true } })
      : null;
    await manager.insert(CaseEvent, {
      caseId,
      kind: event.kind,
      transition: event.transition ?? null,
      fromState: event.fromState ?? null,
      toState: event.toState ?? null,
      payload: (event.payload ?? null) as never,
      comment: event.comment ?? null,
      at: this.clock.now(),
      actorUserId: actor.userId,
      actorName: actorUser?.displayName ?? actor.username,
    });
  }
}
