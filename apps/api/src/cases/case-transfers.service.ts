import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseTransfer as CaseTransferView, IncomingTransfer, Page, RegionRef } from '@baoxue/contracts';
import {
  checkTransferAction,
  checkTransferTarget,
  chinaToday,
  countyPathOf,
  FieldInput,
  isWithinPath,
  Scope,
  TRANSFER_ACTIONS,
  TRANSFER_TARGET_KINDS,
  TransferActionName,
} from '@baoxue/domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, invalid, notFound, staleVersion } from '../common/domain-error';
import { likeContains, pageOf } from '../common/dto/page-query.dto';
import { Region } from '../regions/region.entity';
import { toRegionRef } from '../regions/regions.service';
import { pathWithin } from '../scope/scope-predicates';
import { Case } from './case.entity';
import {
  actorDisplayName,
  loaded,
  placeNames,
  toHandoverCase,
  toHandoverChild,
} from './case-referral.presenter';
import { refusal } from './case-referrals.service';
import { CaseTransfer, ONE_PENDING_TRANSFER_INDEX } from './case-transfer.entity';
import { CasesService } from './cases.service';
import {
  AcceptTransferDto,
  DeclineTransferDto,
  IncomingTransferQueryDto,
  OfferTransferDto,
  TransferTargetQueryDto,
} from './dto/case-transfer.dto';

const alreadyPending = () => conflict('transfer.pending', 'the case already has a pending transfer');

function isPendingTransferViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' && driver.constraint === ONE_PENDING_TRANSFER_INDEX;
}

export function toCaseTransfer(t: CaseTransfer): CaseTransferView {
  if (!t.fromRegion || !t.toRegion) throw new Error('transfer regions not loaded');
  return {
    id: t.id,
    caseId: t.caseId,
    fromRegion: toRegionRef(t.fromRegion),
    toRegion: toRegionRef(t.toRegion),
    status: t.status,
    reason: t.reason,
    offeredByName: t.offeredByName,
    offeredAt: t.offeredAt.toISOString(),
    decidedByName: t.decidedByName,
    decidedAt: t.decidedAt?.toISOString() ?? null,
    declineReason: t.declineReason,
    version: t.version,
  };
}

/**
 * Transfers between regions (跨区域转出/接收). The sender offers a case in its scope to another
 * county-level region; the case stays with the sender (same state) until the receiver's bureau
 * officer accepts, which moves the case and the child's 户籍 path into the receiver's region
 * (the sender then sees it no more), or declines with a reason.
 */
@Injectable()
export class CaseTransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private transfers(manager: EntityManager = this.dataSource.manager) {
    return manager
      .getRepository(CaseTransfer)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.fromRegion', 'fr')
      .innerJoinAndSelect('t.toRegion', 'tr');
  }

  /** A case's transfers, newest first (404 outside scope). */
  async listForCase(user: AuthUser, caseId: string): Promise<CaseTransferView[]> {
    await this.cases.getInScope(user.scope, caseId);
    const rows = await this.transfers()
      .where('t.case_id = :caseId', { caseId })
      .orderBy('t.offeredAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .getMany();
    return rows.map(toCaseTransfer);
  }

  /** County-level regions (counties and zones) a case may be offered to, by name. */
  async targets(query: TransferTargetQueryDto): Promise<RegionRef[]> {
    const qb = this.dataSource.manager
      .getRepository(Region)
      .createQueryBuilder('r')
      .where('r.kind IN (:...kinds)', { kinds: TRANSFER_TARGET_KINDS });
    if (query.q) qb.andWhere("r.name ILIKE :q ESCAPE '\\'", { q: likeContains(query.q) });
    const rows = await qb.orderBy('r.path', 'ASC').take(50).getMany();
    return rows.map(toRegionRef);
  }

  async offer(
    user: AuthUser,
    caseId: string,
    dto: OfferTransferDto,
    actor: AuditActor,
  ): Promise<CaseTransferView> {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.cases.getInScope(user.scope, caseId, manager);
      const pending = await manager.exists(CaseTransfer, { where: { caseId, status: 'offered' } });
      this.check('offer_transfer', c, pending, user, dto as unknown as FieldInput);
      const target = await manager.findOne(Region, { where: { id: dto.toRegionId } });
      if (!target) throw invalid('toRegionId', 'exists', 'toRegionId must be an existing region');
      const problem = checkTransferTarget(c.regionPath, target);
      if (problem) throw invalid(problem.field, problem.rule, problem.message);
      const fromPath = countyPathOf(c.regionPath);
      const from = fromPath ? await manager.findOne(Region, { where: { path: fromPath } }) : null;
      if (!from) throw conflict('transfer.no_county', "the case's county is unknown");
      let id: string;
      try {
        const result = await manager.insert(CaseTransfer, {
          caseId,
          status: TRANSFER_ACTIONS.offer_transfer.result,
          reason: dto.reason.trim(),
          fromRegionId: from.id,
          toRegionId: target.id,
          toRegionPath: target.path,
          fromCasePath: c.regionPath,
          offeredAt: this.clock.now(),
          offeredByUserId: actor.userId,
          offeredByName: await actorDisplayName(manager, actor),
        });
        id = result.identifiers[0]['id'] as string;
      } catch (error) {
        // Two concurrent offers: the partial unique index lets one through.
        if (isPendingTransferViolation(error)) throw alreadyPending();
        throw error;
      }
      await this.cases.appendEvent(manager, actor, caseId, {
        kind: 'transfer',
        payload: { transferId: id, action: 'offer_transfer', fromRegionId: from.id, toRegionId: target.id },
        comment: dto.reason.trim(),
      });
      await this.audit.record(manager, actor, {
        action: 'case.transfer_offer',
        entityType: 'case',
        entityId: caseId,
        regionPath: c.regionPath,
        details: { transferId: id, toRegionId: target.id },
      });
      return toCaseTransfer(await this.transfers(manager).where('t.id = :id', { id }).getOneOrFail());
    });
  }

  /** Offers to regions in the caller's scope, pending first; the masked child is audited as read. */
  async incoming(
    user: AuthUser,
    query: IncomingTransferQueryDto,
    actor: AuditActor,
  ): Promise<Page<IncomingTransfer>> {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.receivable(this.dataSource.manager, user.scope);
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    const [rows, total] = await qb
      // The status enum lists 'offered' first: awaiting ones come first.
      .orderBy('t.status', 'ASC')
      .addOrderBy('t.offeredAt', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    if (rows.length)
      await this.audit.record(this.dataSource.manager, actor, {
        action: 'transfer.read',
        entityType: 'transfer',
        details: { transferIds: rows.map((t) => t.id), caseIds: rows.map((t) => t.caseId) },
      });
    return { items: await this.incomingItems(this.dataSource.manager, rows), total, page, pageSize };
  }

  async get(user: AuthUser, id: string, actor: AuditActor): Promise<IncomingTransfer> {
    const t = await this.receivableOne(this.dataSource.manager, user.scope, id);
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'transfer.read',
      entityType: 'transfer',
      entityId: id,
      details: { caseId: t.caseId },
    });
    return (await this.incomingItems(this.dataSource.manager, [t]))[0];
  }

  /**
   * Accepts: the case (history, state and pending dates untouched) and the child's 户籍 path
   * move to the receiving region; a school outside it is dropped from the case; the sender's
   * responsible persons step down. Race-safe on the transfer's version.
   */
  async accept(
    user: AuthUser,
    id: string,
    dto: AcceptTransferDto,
    actor: AuditActor,
  ): Promise<IncomingTransfer> {
    return this.dataSource.transaction(async (manager) => {
      const t = await this.decide(manager, user, id, dto.version, 'accept_transfer', {}, actor, {});
      const c = loaded(t.case);
      const toPath = t.toRegionPath;
      const keepSchool = c.schoolRegionPath !== null && isWithinPath(c.schoolRegionPath, toPath);
      await manager
        .createQueryBuilder()
        .update(Case)
        .set({
          regionPath: toPath,
          ...(keepSchool ? {} : { schoolId: null, schoolRegionPath: null }),
          version: () => 'version + 1',
        })
        .where('id = :id', { id: c.id })
        .execute();
      // The child's 户籍 place follows (region and path together), so the receiver sees the child.
      await manager.query(
        `UPDATE students SET region_path = $2, hukou_region_id = $3, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [c.studentId, toPath, t.toRegionId],
      );
      const stepped = (await manager.query(
        `UPDATE case_responsibles SET active = false, updated_at = now() WHERE case_id = $1 AND active RETURNING id`,
        [c.id],
      )) as [{ id: string }[], number];
      const details = {
        transferId: id,
        fromRegionId: t.fromRegionId,
        toRegionId: t.toRegionId,
        schoolDropped: !keepSchool && c.schoolId !== null,
        responsiblesStepDown: stepped[0].length,
      };
      await this.cases.appendEvent(manager, actor, c.id, {
        kind: 'transfer',
        // The school it leaves (when dropped) lets figures as of a past day place the case there.
        payload: { action: 'accept_transfer', ...details, fromSchoolId: c.schoolId },
      });
      // Both sides' audit logs (scoped by region path) show the case leaving and arriving.
      await this.audit.record(manager, actor, {
        action: 'case.transfer_out',
        entityType: 'case',
        entityId: c.id,
        regionPath: c.regionPath,
        details,
      });
      await this.audit.record(manager, actor, {
        action: 'case.transfer_in',
        entityType: 'case',
        entityId: c.id,
        regionPath: toPath,
        details: { ...details, studentId: c.studentId },
      });
      return (await this.incomingItems(manager, [await this.receivableOne(manager, user.scope, id)]))[0];
    });
  }

  async decline(
    user: AuthUser,
    id: string,
    dto: DeclineTransferDto,
    actor: AuditActor,
  ): Promise<IncomingTransfer> {
    return this.dataSource.transaction(async (manager) => {
      const reason = dto.reason.trim();
      const t = await this.decide(
        manager,
        user,
        id,
        dto.version,
        'decline_transfer',
        { reason: dto.reason },
        actor,
        {
          declineReason: reason,
        },
      );
      await this.cases.appendEvent(manager, actor, t.caseId, {
        kind: 'transfer',
        payload: {
          transferId: id,
          action: 'decline_transfer',
          fromRegionId: t.fromRegionId,
          toRegionId: t.toRegionId,
        },
        comment: reason,
      });
      await this.audit.record(manager, actor, {
        action: 'case.transfer_decline',
        entityType: 'case',
        entityId: t.caseId,
        regionPath: loaded(t.case).regionPath,
        details: { transferId: id, toRegionId: t.toRegionId },
      });
      return (await this.incomingItems(manager, [await this.receivableOne(manager, user.scope, id)]))[0];
    });
  }

  /** Checks and records the receiver's decision on the transfer, only from the version read. */
  private async decide(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    version: number,
    action: Exclude<TransferActionName, 'offer_transfer'>,
    input: FieldInput,
    actor: AuditActor,
    set: Partial<CaseTransfer>,
  ): Promise<CaseTransfer> {
    const t = await this.receivableOne(manager, user.scope, id);
    if (t.version !== version) throw staleVersion('transfer');
    this.check(action, loaded(t.case), t.status === 'offered', user, input);
    const result = await manager
      .createQueryBuilder()
      .update(CaseTransfer)
      .set({
        ...set,
        status: TRANSFER_ACTIONS[action].result,
        decidedAt: this.clock.now(),
        decidedByUserId: actor.userId,
        decidedByName: await actorDisplayName(manager, actor),
        version: () => 'version + 1',
      })
      .where("id = :id AND version = :version AND status = 'offered'", { id, version })
      .execute();
    // A concurrent decision committed first: this one changes nothing.
    if (result.affected !== 1) throw staleVersion('transfer');
    return t;
  }

  private check(
    action: TransferActionName,
    c: Case,
    pending: boolean,
    user: AuthUser,
    input: FieldInput,
  ): void {
    const check = checkTransferAction(action, c.state, pending, user.role, input, this.clock.now());
    if (!check.ok) throw refusal('transfer', check);
  }

  /** Transfers to a region within the caller's scope (the receiver's side). */
  private receivable(manager: EntityManager, scope: Scope) {
    const qb = this.transfers(manager).innerJoinAndSelect('t.case', 'c').innerJoinAndSelect('c.student', 's');
    if (scope.kind !== 'region') return qb.where('false');
    const predicate = pathWithin('t.to_region_path', scope.regionPath);
    return qb.where(predicate.sql, predicate.params);
  }

  private async receivableOne(manager: EntityManager, scope: Scope, id: string): Promise<CaseTransfer> {
    const found = await this.receivable(manager, scope).andWhere('t.id = :id', { id }).getOne();
    if (!found) throw notFound('transfer');
    return found;
  }

  private async incomingItems(manager: EntityManager, rows: CaseTransfer[]): Promise<IncomingTransfer[]> {
    const places = await placeNames(
      manager,
      rows.map((t) => loaded(loaded(t.case).student).regionPath),
    );
    const today = chinaToday(this.clock.now());
    return rows.map((t) => ({
      ...toCaseTransfer(t),
      child: toHandoverChild(loaded(t.case), places, today),
      case: toHandoverCase(loaded(t.case)),
    }));
  }
}
