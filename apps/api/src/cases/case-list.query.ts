import {
  isIsoDate,
  isTransitionName,
  isValidIdNumber,
  normaliseIdNumber,
  OPEN_STATES,
  Scope,
} from '@baoxue/domain';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { invalid } from '../common/domain-error';
import { likeContains } from '../common/dto/page-query.dto';
import { Region } from '../regions/region.entity';
import { pathWithin, scopeRegionPredicate } from '../scope/scope-predicates';
import { Case } from './case.entity';
import { CaseListQueryDto } from './dto/case.dto';

const SORT_COLUMNS = {
  openedAt: 'c.openedAt',
  updatedAt: 'c.updatedAt',
  nextFollowUpOn: 'c.nextFollowUpOn',
  state: 'c.state',
} as const;

const DATE_FIELDS = ['openedFrom', 'openedTo', 'closedFrom', 'closedTo', 'tookFrom', 'tookTo'] as const;

/** Midnight at the start of a China (UTC+8) calendar day. */
function chinaMidnight(date: string, plusDays = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 24 * 60 * 60 * 1000);
}

export interface CaseListContext {
  manager: EntityManager;
  scope: Scope;
  /** China's date today (chinaToday). */
  today: string;
  /** The keyed hash of an ID number (IdNumberCipher.hash). */
  idHash: (idNumber: string) => Buffer;
}

/** A region filter must name a region the caller may see; otherwise 400 (like studentId). */
async function regionPathInScope(
  ctx: CaseListContext,
  regionId: string,
  field: 'regionId' | 'householdRegionId' = 'regionId',
): Promise<string> {
  const predicate = scopeRegionPredicate(ctx.scope, 'r.path');
  const region = await ctx.manager
    .getRepository(Region)
    .createQueryBuilder('r')
    .where('r.id = :regionId', { regionId })
    .andWhere(predicate.sql, predicate.params)
    .getOne();
  if (!region) throw invalid(field, 'withinScope', `${field} must be a region within your scope`);
  return region.path;
}

/**
 * The case list's filters, search and sort (CaseListQuery) on a scoped query of cases `c`
 * joined to their child `s`. Every filter is a predicate on indexed or denormalised columns.
 */
export async function applyCaseListQuery(
  qb: SelectQueryBuilder<Case>,
  query: CaseListQueryDto,
  ctx: CaseListContext,
): Promise<SelectQueryBuilder<Case>> {
  for (const field of DATE_FIELDS) {
    const value = query[field];
    if (value !== undefined && !isIsoDate(value))
      throw invalid(field, 'isDate', `${field} must be a real date`);
  }
  if (query.state) qb.andWhere('c.state = :state', { state: query.state });
  if (query.type) qb.andWhere('c.type = :type', { type: query.type });
  if (query.schoolId) qb.andWhere('c.school_id = :schoolId', { schoolId: query.schoolId });
  if (query.studentId) qb.andWhere('c.student_id = :studentId', { studentId: query.studentId });
  if (query.reason)
    qb.andWhere(
      '(c.primary_reason = CAST(:reason AS case_reason) OR CAST(:reason AS text) = ANY(c.other_reasons))',
      {
        reason: query.reason,
      },
    );
  if (query.flag) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM student_flags sf WHERE sf.student_id = c.student_id AND sf.flag = :flag
         AND sf.from_date <= :today AND (sf.to_date IS NULL OR sf.to_date >= :today))`,
      { flag: query.flag, today: ctx.today },
    );
  }
  if (query.regionId) {
    const path = await regionPathInScope(ctx, query.regionId);
    const hukou = pathWithin('c.region_path', path);
    const school = pathWithin('c.school_region_path', path);
    qb.andWhere(`(${hukou.sql} OR ${school.sql})`, { ...hukou.params, ...school.params });
  }
  if (query.householdRegionId) {
    const path = await regionPathInScope(ctx, query.householdRegionId, 'householdRegionId');
    const hukou = pathWithin('c.region_path', path);
    qb.andWhere(hukou.sql, hukou.params);
  }
  if (query.overdueItems !== undefined) {
    const overdue = `c.state IN (:...openStates) AND EXISTS (SELECT 1 FROM due_items d
      WHERE d.case_id = c.id AND d.status = 'pending' AND d.due_on < :today)`;
    qb.andWhere(query.overdueItems ? overdue : `NOT (${overdue})`, {
      openStates: OPEN_STATES,
      today: ctx.today,
    });
  }
  if (query.took !== undefined) {
    const names = query.took.split(',').map((name) => name.trim());
    if (names.some((name) => !isTransitionName(name)))
      throw invalid('took', 'isTransitionName', 'took must list transition names separated by commas');
    qb.andWhere(
      `EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition'
         AND e.transition::text IN (:...took) AND e.at >= :tookFrom AND e.at < :tookTo)`,
      {
        took: names,
        tookFrom: query.tookFrom ? chinaMidnight(query.tookFrom) : new Date(0),
        tookTo: query.tookTo ? chinaMidnight(query.tookTo, 1) : new Date(Date.UTC(9999, 0, 1)),
      },
    );
  }
  if (query.responsibleUserId) {
    qb.andWhere(
      'EXISTS (SELECT 1 FROM case_responsibles r WHERE r.case_id = c.id AND r.active AND r.user_id = :responsibleUserId)',
      { responsibleUserId: query.responsibleUserId },
    );
  }
  if (query.overdue !== undefined) {
    const overdue = 'c.state IN (:...openStates) AND c.next_follow_up_on < :today';
    qb.andWhere(query.overdue ? overdue : `NOT (${overdue} AND c.next_follow_up_on IS NOT NULL)`, {
      openStates: OPEN_STATES,
      today: ctx.today,
    });
  }
  if (query.openedFrom)
    qb.andWhere('c.opened_at >= :openedFrom', { openedFrom: chinaMidnight(query.openedFrom) });
  if (query.openedTo) qb.andWhere('c.opened_at < :openedTo', { openedTo: chinaMidnight(query.openedTo, 1) });
  if (query.closedFrom)
    qb.andWhere('c.closed_at >= :closedFrom', { closedFrom: chinaMidnight(query.closedFrom) });
  if (query.closedTo) qb.andWhere('c.closed_at < :closedTo', { closedTo: chinaMidnight(query.closedTo, 1) });
  const q = query.q?.trim();
  if (q) {
    const idNumber = normaliseIdNumber(q);
    if (isValidIdNumber(idNumber)) {
      // A full ID number: exact match on the keyed hash; ID numbers are never searched with LIKE.
      qb.andWhere('s.id_number_hash = :idHash', { idHash: ctx.idHash(idNumber) });
    } else {
      qb.andWhere("s.full_name ILIKE :q ESCAPE '\\'", { q: likeContains(q) });
    }
  }
  const order = query.order === 'asc' ? 'ASC' : 'DESC';
  const sort = query.sort ?? 'openedAt';
  return qb
    .orderBy(SORT_COLUMNS[sort], order, sort === 'nextFollowUpOn' ? 'NULLS LAST' : undefined)
    .addOrderBy('c.id', 'ASC');
}
