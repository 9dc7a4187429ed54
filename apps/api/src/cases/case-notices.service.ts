import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseNotice, CaseNoticeKind, CaseNoticeParty } from '@baoxue/contracts';
import { chinaToday, codesOfPath, regionPath } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/domain-error';
import { Organisation } from '../organisations/organisation.entity';
import { Region } from '../regions/region.entity';
import { Guardian } from '../students/guardian.entity';
import { CaseIntervention } from './case-intervention.entity';
import { Case } from './case.entity';
import { CasesService } from './cases.service';

/** The path of every region from the province down to `path` itself. */
function ancestorPaths(path: string): string[] {
  const codes = codesOfPath(path);
  return codes.map((_, i) => regionPath(codes.slice(0, i + 1)));
}

const party = (o: Organisation): CaseNoticeParty => ({ id: o.id, name: o.name });

/**
 * Print views of a case: the written order to return to school (限期返校通知书), issued by
 * the town government of the child's 户籍 town, and the report to the township and the
 * bureau (书面报告). Each view is audited (case.notice): it shows the child's record.
 */
@Injectable()
export class CaseNoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  writtenOrder(
    user: AuthUser,
    caseId: string,
    interventionId: string,
    actor: AuditActor,
  ): Promise<CaseNotice> {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.cases.getInScope(user.scope, caseId, manager);
      const order = await manager.findOne(CaseIntervention, {
        where: { id: interventionId, caseId: c.id, kind: 'written_order' },
      });
      if (!order) throw notFound('intervention');
      const town = await this.townGovernment(manager, c);
      if (!town)
        throw conflict(
          'case.no_town_government',
          "no town government is registered for the child's 户籍 town",
        );
      const issuedOn = order.servedOn ?? order.occurredOn;
      const notice = await this.notice(manager, c, 'written_order', {
        number: order.orderNumber,
        issuedOn,
        deadlineOn: order.deadlineOn,
        issuer: party(town),
        recipients: [],
      });
      await this.record(manager, actor, c, 'written_order', interventionId);
      return notice;
    });
  }

  townshipReport(user: AuthUser, caseId: string, actor: AuditActor): Promise<CaseNotice> {
    return this.dataSource.transaction(async (manager) => {
      const c = await this.cases.getInScope(user.scope, caseId, manager);
      const issuer = c.school ?? (await manager.findOneByOrFail(Organisation, { id: user.organisationId }));
      const recipients = [await this.townGovernment(manager, c), await this.bureau(manager, c)]
        .filter((o): o is Organisation => o !== null)
        .map(party);
      const notice = await this.notice(manager, c, 'township_report', {
        number: null,
        issuedOn: chinaToday(this.clock.now()),
        deadlineOn: null,
        issuer: party(issuer),
        recipients,
      });
      await this.record(manager, actor, c, 'township_report');
      return notice;
    });
  }

  private async notice(
    manager: EntityManager,
    c: Case,
    kind: CaseNoticeKind,
    head: Pick<CaseNotice, 'number' | 'issuedOn' | 'deadlineOn' | 'issuer' | 'recipients'>,
  ): Promise<CaseNotice> {
    const student = c.student;
    if (!student) throw new Error('case student not loaded');
    const [regions, guardians, trail, school] = [
      await manager.find(Region, {
        where: ancestorPaths(student.regionPath).map((path) => ({ path })),
        order: { depth: 'ASC' },
      }),
      await manager.find(Guardian, {
        where: { studentId: student.id },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
      await manager
        .createQueryBuilder(CaseIntervention, 'i')
        .where('i.case_id = :caseId AND i.occurred_on <= :issuedOn', {
          caseId: c.id,
          issuedOn: head.issuedOn,
        })
        .orderBy('i.occurredOn', 'ASC')
        .addOrderBy('i.recordedAt', 'ASC')
        .addOrderBy('i.id', 'ASC')
        .getMany(),
      student.schoolId ? await manager.findOneBy(Organisation, { id: student.schoolId }) : null,
    ];
    return {
      kind,
      caseId: c.id,
      ...head,
      student: {
        fullName: student.fullName,
        sex: student.sex,
        birthDate: student.birthDate,
        idNumberMasked: student.idNumberMasked,
        schoolName: school?.name ?? null,
        grade: student.grade,
        className: student.className,
        householdPlace: regions.map((r) => r.name).join(''),
      },
      guardians: guardians.map((g) => ({ name: g.fullName, relation: g.relation })),
      primaryReason: c.primaryReason,
      otherReasons: c.otherReasons,
      reasonNote: c.reasonNote,
      whereabouts: c.whereabouts,
      interventions: trail.map((i) => ({ occurredOn: i.occurredOn, kind: i.kind, outcome: i.outcome })),
      persuasionAttempts: c.persuasionAttempts,
      highestStep: c.highestStep,
    };
  }

  /** The town government (乡镇人民政府) of the child's 户籍 town. */
  private townGovernment(manager: EntityManager, c: Case): Promise<Organisation | null> {
    const codes = codesOfPath(c.student?.regionPath ?? c.regionPath);
    if (codes.length < 4) return Promise.resolve(null);
    return manager.findOne(Organisation, {
      where: { type: 'town_government', regionPath: regionPath(codes.slice(0, 4)) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The education bureau nearest above the case's 户籍 place. */
  private bureau(manager: EntityManager, c: Case): Promise<Organisation | null> {
    return manager
      .createQueryBuilder(Organisation, 'o')
      .where("o.type = 'education_bureau' AND o.region_path = ANY(:paths)", {
        paths: ancestorPaths(c.regionPath),
      })
      .orderBy('length(o.region_path)', 'DESC')
      .addOrderBy('o.id', 'ASC')
      .getOne();
  }

  private record(
    manager: EntityManager,
    actor: AuditActor,
    c: Case,
    kind: CaseNoticeKind,
    interventionId?: string,
  ): Promise<void> {
    return this.audit.record(manager, actor, {
      action: 'case.notice',
      entityType: 'case',
      entityId: c.id,
      regionPath: c.regionPath,
      details: interventionId ? { kind, interventionId } : { kind },
    });
  }
}
