import { CaseReferral as CaseReferralView, HandoverCase, HandoverChild } from '@baoxue/contracts';
import { ageOn, codesOfPath, DepartmentKind } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { AuditActor } from '../audit/audit.service';
import { User } from '../users/user.entity';
import { Case } from './case.entity';
import { CaseReferral } from './case-referral.entity';

/**
 * Region names for each path, below the province (济宁市济宁经济技术开发区疃里镇进士张村):
 * one query for a whole page.
 */
export async function placeNames(
  manager: EntityManager,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const codes = [...new Set(paths.flatMap((p) => codesOfPath(p).slice(1)))];
  const rows = codes.length
    ? ((await manager.query('SELECT code, name FROM regions WHERE code = ANY($1)', [codes])) as {
        code: string;
        name: string;
      }[])
    : [];
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return new Map(
    paths.map((p) => [
      p,
      codesOfPath(p)
        .slice(1)
        .map((code) => names.get(code) ?? '')
        .join(''),
    ]),
  );
}

/** The masked child a party outside the case's scope sees (no full ID number, no address). */
export function toHandoverChild(c: Case, places: Map<string, string>, today: string): HandoverChild {
  if (!c.student) throw new Error('case student not loaded');
  return {
    fullName: c.student.fullName,
    idNumberMasked: c.student.idNumberMasked,
    sex: c.student.sex,
    age: ageOn(c.student.birthDate, today),
    householdPlace: places.get(c.student.regionPath) ?? '',
  };
}

/** The case's codes only: free text (notes, whereabouts, plan) stays with the case's scope. */
export function toHandoverCase(c: Case): HandoverCase {
  return {
    id: c.id,
    type: c.type,
    state: c.state,
    primaryReason: c.primaryReason,
    otherReasons: c.otherReasons,
  };
}

export function toCaseReferral(r: CaseReferral): CaseReferralView {
  if (!r.department) throw new Error('referral department not loaded');
  return {
    id: r.id,
    caseId: r.caseId,
    department: {
      id: r.department.id,
      name: r.department.name,
      departmentKind: r.department.departmentKind as DepartmentKind,
    },
    need: r.need,
    request: r.request,
    status: r.status,
    referredByName: r.referredByName,
    referredByOrganisation: r.referredByOrganisation?.name ?? null,
    referredAt: r.referredAt.toISOString(),
    decidedByName: r.decidedByName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    declineReason: r.declineReason,
    response: r.response,
    respondedByName: r.respondedByName,
    respondedAt: r.respondedAt?.toISOString() ?? null,
    version: r.version,
  };
}

/** The acting user's display name, as kept on referral and transfer rows. */
export async function actorDisplayName(manager: EntityManager, actor: AuditActor): Promise<string | null> {
  if (!actor.userId) return actor.username;
  const found = await manager.findOne(User, {
    where: { id: actor.userId },
    select: { id: true, displayName: true },
  });
  return found?.displayName ?? actor.username;
}

/** A relation the query joined: its absence is a programming error, not a 404. */
export function loaded<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('relation not loaded');
  return value;
}
