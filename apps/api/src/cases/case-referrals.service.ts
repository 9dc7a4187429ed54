import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CaseReferral as CaseReferralView,
  Page,
  ReferralDepartment,
  ReferralInboxItem,
} from '@baoxue/contracts';
import {
  chinaToday,
  checkReferralAction,
  departmentResponsibleLevel,
  FieldInput,
  isReferralDepartmentRegion,
  REFERRAL_ACTIONS,
  REGION_KINDS,
  ReferralActionName,
  ReferralCheck,
  RegionKind,
} from '@baoxue/domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, DomainError, invalid, notFound, staleVersion } from '../common/domain-error';
import { pageOf } from '../common/dto/page-query.dto';
import { Organisation } from '../organisations/organisation.entity';
import { Case } from './case.entity';
import { CaseReferral, ONE_ACTIVE_REFERRAL_INDEX } from './case-referral.entity';
import {
  actorDisplayName,
  loaded,
  placeNames,
  toCaseReferral,
  toHandoverCase,
  toHandoverChild,
} from './case-referral.presenter';
import { CaseResponsible } from './case-responsible.entity';
import { CasesService } from './cases.service';
import {
  AcceptReferralDto,
  CreateReferralDto,
  DeclineReferralDto,
  RespondReferralDto,
} from './dto/case-referral.dto';

const REFERRAL_DEPARTMENT_KINDS: readonly RegionKind[] = REGION_KINDS.filter(isReferralDepartmentRegion);

const alreadyActive = () =>
  conflict('referral.already_active', 'the case is already referred to this department');

function isActiveReferralViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === ONE_ACTIVE_REFERRAL_INDEX;
}

/** A refused referral action, as HTTP: illegal 409, forbidden 403, invalid 400. */
export function refusal(
  prefix: 'referral' | 'transfer',
  check: Exclude<ReferralCheck, { ok: true }>,
): DomainError {
  const message = check.problems.map((p) => p.message).join('; ');
  switch (check.kind) {
    case 'illegal':
      return new DomainError(HttpStatus.CONFLICT, `${prefix}.illegal`, message, check.problems);
    case 'forbidden':
      return new DomainError(HttpStatus.FORBIDDEN, `${prefix}.forbidden`, message, check.problems);
    case 'invalid':
      return new DomainError(HttpStatus.BAD_REQUEST, 'validation', message, check.problems);
  }
}

/**
 * Department referrals (部门转介). The case's side refers and reads within its scope; a
 * department's liaison reads and answers only the referrals to its own department and,
 * through them, a masked view of the child: they hold no `children.read`.
 */
@Injectable()
export class CaseReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private referrals(manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(CaseReferral)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.department', 'd')
      .leftJoinAndSelect('r.referredByOrganisation', 'ro');
  }

  /** A case's referrals, newest first (404 outside scope). */
  async listForCase(user: AuthUser, caseId: string): Promise<CaseReferralView[]> {
    await this.cases.getInScope(user.scope, caseId);
    const rows = await this.referrals()
      .where('r.case_id = :caseId', { caseId })
      .orderBy('r.referredAt', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    return rows.map(toCaseReferral);
  }

  /**
   * Departments the case may be referred to: county-level or below, covering the child's
   * 户籍 place or school (the county above a village's case, or a town's police station).
   */
  async departments(user: AuthUser, caseId: string): Promise<ReferralDepartment[]> {
    const c = await this.cases.getInScope(user.scope, caseId);
    const rows = await this.eligibleDepartments(this.dataSource.manager, c).getMany();
    return rows.map((o) => ({ id: o.id, name: o.name, departmentKind: loaded(o.departmentKind) }));
  }

  private eligibleDepartments(manager: EntityManager, c: Case) {
    return manager
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .innerJoin('o.region', 'reg')
      .where("o.type = 'department'")
      .andWhere('reg.kind IN (:...kinds)', { kinds: REFERRAL_DEPARTMENT_KINDS })
      .andWhere(
        `(:casePath LIKE o.region_path || '%' OR (:schoolPath::text IS NOT NULL AND :schoolPath LIKE o.region_path || '%'))`,
        { casePath: c.regionPath, schoolPath: c.schoolRegionPath },
      )
      .orderBy('o.department_kind', 'ASC')
      .addOrderBy('o.name', 'ASC');
  }

  async refer(
    user: AuthUser,
    caseId: string,
    dto: CreateReferralDto,
    actor: AuditActor,
  ): Promise<CaseReferralView> {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.cases.getInScope(user.scope, caseId, manager);
      this.check('refer', c, null, user, dto as unknown as FieldInput);
      const department = await this.eligibleDepartments(manager, c)
        .andWhere('o.id = :id', { id: dto.departmentId })
        .getOne();
      if (!department)
        throw invalid(
          'departmentId',
          'referralDepartment',
          "departmentId must be a department covering the case's place",
        );
      const now = this.clock.now();
      let id: string;
      try {
        const result = await manager.insert(CaseReferral, {
          caseId,
          departmentId: department.id,
          need: dto.need,
          request: dto.request.trim(),
          status: REFERRAL_ACTIONS.refer.result,
          referredAt: now,
          referredByUserId: actor.userId,
          referredByName: await actorDisplayName(manager, actor),
          referredByOrganisationId: user.organisationId,
        });
        id = result.identifiers[0]['id'] as string;
      } catch (error) {
        if (isActiveReferralViolation(error)) throw alreadyActive();
        throw error;
      }
      await this.cases.appendEvent(manager, actor, caseId, {
        kind: 'referral',
        payload: { referralId: id, action: 'refer', departmentId: department.id, need: dto.need },
        comment: dto.request.trim(),
      });
      await this.audit.record(manager, actor, {
        action: 'case.refer',
        entityType: 'case',
        entityId: caseId,
        regionPath: c.regionPath,
        details: { referralId: id, departmentId: department.id, need: dto.need },
      });
      return toCaseReferral(await this.referrals(manager).where('r.id = :id', { id }).getOneOrFail());
    });
  }

  /** The liaison's inbox: referrals to their department, offered first, newest first; audited. */
  async inbox(
    user: AuthUser,
    query: { status?: string; page?: number; pageSize?: number },
    actor: AuditActor,
  ) {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.referrals()
      .innerJoinAndSelect('r.case', 'c')
      .innerJoinAndSelect('c.student', 's')
      .where('r.department_id = :departmentId', { departmentId: user.organisationId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    const [rows, total] = await qb
      // The status enum lists 'offered' first: awaiting ones come first.
      .orderBy('r.status', 'ASC')
      .addOrderBy('r.referredAt', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    const items = await this.inboxItems(this.dataSource.manager, rows);
    if (items.length)
      await this.audit.record(this.dataSource.manager, actor, {
        action: 'referral.read',
        entityType: 'referral',
        details: { referralIds: rows.map((r) => r.id), caseIds: rows.map((r) => r.caseId) },
      });
    const result: Page<ReferralInboxItem> = { items, total, page, pageSize };
    return result;
  }

  async get(user: AuthUser, id: string, actor: AuditActor): Promise<ReferralInboxItem> {
    const r = await this.ownReferral(this.dataSource.manager, user, id);
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'referral.read',
      entityType: 'referral',
      entityId: id,
      details: { caseId: r.caseId },
    });
    return (await this.inboxItems(this.dataSource.manager, [r]))[0];
  }

  async accept(
    user: AuthUser,
    id: string,
    dto: AcceptReferralDto,
    actor: AuditActor,
  ): Promise<ReferralInboxItem> {
    return this.decide(user, id, dto.version, 'accept_referral', {}, actor, async (manager, r, name) => {
      const department = loaded(r.department);
      const [{ kind }] = (await manager.query('SELECT kind FROM regions WHERE id = $1', [
        department.regionId,
      ])) as { kind: RegionKind }[];
      const responsible = await manager.save(
        manager.create(CaseResponsible, {
          caseId: r.caseId,
          name: department.name,
          party: 'department',
          line: 'government',
          level: departmentResponsibleLevel(kind),
          userId: actor.userId,
          organisationId: department.id,
          phone: null,
        }),
      );
      await this.cases.appendEvent(manager, actor, r.caseId, {
        kind: 'responsible_assigned',
        payload: {
          responsibleId: responsible.id,
          party: responsible.party,
          line: responsible.line,
          level: responsible.level,
        },
      });
      return {
        set: {
          decidedAt: this.clock.now(),
          decidedByUserId: actor.userId,
          decidedByName: name,
          responsibleId: responsible.id,
        },
        payload: { responsibleId: responsible.id },
        comment: null,
      };
    });
  }

  async decline(
    user: AuthUser,
    id: string,
    dto: DeclineReferralDto,
    actor: AuditActor,
  ): Promise<ReferralInboxItem> {
    return this.decide(
      user,
      id,
      dto.version,
      'decline_referral',
      { reason: dto.reason },
      actor,
      async (_m, _r, name) => ({
        set: {
          decidedAt: this.clock.now(),
          decidedByUserId: actor.userId,
          decidedByName: name,
          declineReason: dto.reason.trim(),
        },
        payload: {},
        comment: dto.reason.trim(),
      }),
    );
  }

  async respond(
    user: AuthUser,
    id: string,
    dto: RespondReferralDto,
    actor: AuditActor,
  ): Promise<ReferralInboxItem> {
    return this.decide(
      user,
      id,
      dto.version,
      'respond_referral',
      { response: dto.response },
      actor,
      async (_m, _r, name) => ({
        set: {
          respondedAt: this.clock.now(),
          respondedByUserId: actor.userId,
          respondedByName: name,
          response: dto.response.trim(),
        },
        payload: {},
        comment: dto.response.trim(),
      }),
    );
  }

  /**
   * One liaison action: checked by the domain's rules, applied only if the referral still has
   * the version the caller read (two accepts at once: one wins, the other gets 409), with a
   * timeline entry on the case and an audit event, in one transaction.
   */
  private decide(
    user: AuthUser,
    id: string,
    version: number,
    action: Exclude<ReferralActionName, 'refer'>,
    input: FieldInput,
    actor: AuditActor,
    apply: (
      manager: EntityManager,
      r: CaseReferral,
      actorName: string | null,
    ) => Promise<{ set: Partial<CaseReferral>; payload: Record<string, unknown>; comment: string | null }>,
  ): Promise<ReferralInboxItem> {
    return this.dataSource.transaction(async (manager) => {
      const r = await this.ownReferral(manager, user, id);
      if (r.version !== version) throw staleVersion('referral');
      this.check(action, loaded(r.case), r, user, input);
      const { set, payload, comment } = await apply(manager, r, await actorDisplayName(manager, actor));
      const next = REFERRAL_ACTIONS[action].result;
      const result = await manager
        .createQueryBuilder()
        .update(CaseReferral)
        .set({ ...set, status: next, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND status = :status', { id, version, status: r.status })
        .execute();
      if (result.affected !== 1) throw staleVersion('referral');
      await this.cases.appendEvent(manager, actor, r.caseId, {
        kind: 'referral',
        payload: { referralId: id, action, departmentId: r.departmentId, status: next, ...payload },
        comment,
      });
      await this.audit.record(manager, actor, {
        action: `referral.${action.replace('_referral', '')}`,
        entityType: 'referral',
        entityId: id,
        regionPath: loaded(r.case).regionPath,
        details: { caseId: r.caseId, from: r.status, to: next },
      });
      return (await this.inboxItems(manager, [await this.ownReferral(manager, user, id)]))[0];
    });
  }

  private check(
    action: ReferralActionName,
    c: Case,
    r: CaseReferral | null,
    user: AuthUser,
    input: FieldInput,
  ): void {
    const check = checkReferralAction(action, c.state, r?.status ?? null, user.role, input, this.clock.now());
    if (!check.ok) throw refusal('referral', check);
  }

  /** A referral to the caller's own department, or 404 (also for another department's). */
  private async ownReferral(manager: EntityManager, user: AuthUser, id: string): Promise<CaseReferral> {
    const found = await this.referrals(manager)
      .innerJoinAndSelect('r.case', 'c')
      .innerJoinAndSelect('c.student', 's')
      .where('r.id = :id AND r.department_id = :departmentId', { id, departmentId: user.organisationId })
      .getOne();
    if (!found) throw notFound('referral');
    return found;
  }

  private async inboxItems(manager: EntityManager, rows: CaseReferral[]): Promise<ReferralInboxItem[]> {
    const places = await placeNames(
      manager,
      rows.map((r) => loaded(loaded(r.case).student).regionPath),
    );
    const today = chinaToday(this.clock.now());
    return rows.map((r) => ({
      ...toCaseReferral(r),
      child: toHandoverChild(loaded(r.case), places, today),
      case: toHandoverCase(loaded(r.case)),
    }));
  }
}
