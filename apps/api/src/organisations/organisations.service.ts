import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Organisation as OrganisationView, Page } from '@baoxue/contracts';
import { isWithinPath, OrganisationType, Scope } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { conflict, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { likeContains, pageOf } from '../common/dto/page-query.dto';
import { Region } from '../regions/region.entity';
import { RegionsService } from '../regions/regions.service';
import { pathWithin, scopeRowPredicate } from '../scope/scope-predicates';
import {
  CreateOrganisationDto,
  OrganisationListQueryDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { Organisation } from './organisation.entity';
import { toOrganisationDto } from './organisation.presenter';

type TypeFields = Pick<Organisation, 'departmentKind' | 'schoolCode' | 'schoolLevel' | 'schoolDistrict'>;

/** Which fields each organisation type needs or must not have. */
function checkTypeFields(type: OrganisationType, fields: Partial<TypeFields>): void {
  if (type === 'school') {
    if (!fields.schoolCode)
      throw invalid('schoolCode', 'requiredForSchool', 'schoolCode is required for a school');
    if (!fields.schoolLevel)
      throw invalid('schoolLevel', 'requiredForSchool', 'schoolLevel is required for a school');
  } else {
    for (const field of ['schoolCode', 'schoolLevel', 'schoolDistrict'] as const) {
      if (fields[field]) throw invalid(field, 'onlyForSchool', `${field} is only for schools`);
    }
  }
  if (type === 'department' && !fields.departmentKind) {
    throw invalid('departmentKind', 'requiredForDepartment', 'departmentKind is required for a department');
  }
  if (type !== 'department' && fields.departmentKind) {
    throw invalid('departmentKind', 'onlyForDepartment', 'departmentKind is only for departments');
  }
}

/** Organisations, always read and written within the caller's scope. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  private scoped(scope: Scope, manager: EntityManager = this.dataSource.manager) {
    const predicate = scopeRowPredicate(scope, { path: 'o.region_path', schoolId: 'o.id' });
    return manager
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .innerJoinAndSelect('o.region', 'region')
      .where(predicate.sql, predicate.params);
  }

  async list(scope: Scope, query: OrganisationListQueryDto): Promise<Page<OrganisationView>> {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.scoped(scope);
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (query.q) qb.andWhere("o.name ILIKE :q ESCAPE '\\'", { q: likeContains(query.q) });
    if (query.regionId) {
      const region = await this.regions.getInScope(scope, query.regionId);
      const within = pathWithin('o.region_path', region.path);
      qb.andWhere(within.sql, within.params);
    }
    const [rows, total] = await qb
      .orderBy('o.regionPath', 'ASC')
      .addOrderBy('o.name', 'ASC')
      .skip(skip)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toOrganisationDto), total, page, pageSize };
  }

  /** An organisation in scope, or 404 (also when it exists outside the scope). */
  async getInScope(scope: Scope, id: string, manager?: EntityManager): Promise<Organisation> {
    const org = await this.scoped(scope, manager).andWhere('o.id = :id', { id }).getOne();
    if (!org) throw outOfScope('organisation');
    return org;
  }

  async get(scope: Scope, id: string): Promise<OrganisationView> {
    return toOrganisationDto(await this.getInScope(scope, id));
  }

  async create(scope: Scope, dto: CreateOrganisationDto, actor: AuditActor): Promise<OrganisationView> {
    checkTypeFields(dto.type, dto);
    return this.dataSource.transaction(async (manager) => {
      const region = await this.regionForWrite(scope, dto.regionId, manager);
      await this.assertSchoolCodeFree(manager, dto.schoolCode);
      const { id } = await manager.save(
        manager.create(Organisation, {
          name: dto.name.trim(),
          type: dto.type,
          regionId: region.id,
          regionPath: region.path,
          departmentKind: dto.departmentKind ?? null,
          schoolCode: dto.schoolCode ?? null,
          schoolLevel: dto.schoolLevel ?? null,
          schoolDistrict: dto.schoolDistrict ?? null,
          address: dto.address ?? null,
          phone: dto.phone ?? null,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'organisation.create',
        entityType: 'organisation',
        entityId: id,
        regionPath: region.path,
        details: { type: dto.type },
      });
      return toOrganisationDto(await this.getInScope(scope, id, manager));
    });
  }

  async update(
    scope: Scope,
    id: string,
    dto: UpdateOrganisationDto,
    actor: AuditActor,
  ): Promise<OrganisationView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.getInScope(scope, id, manager);
      if (current.version !== dto.version) throw staleVersion('organisation');
      const { version: _version, ...changes } = dto;
      const next = { ...current, ...changes };
      checkTypeFields(current.type, next);
      if (dto.schoolCode && dto.schoolCode !== current.schoolCode)
        await this.assertSchoolCodeFree(manager, dto.schoolCode);
      const region = dto.regionId ? await this.regionForWrite(scope, dto.regionId, manager) : null;

      const result = await manager
        .createQueryBuilder()
        .update(Organisation)
        .set({
          ...changes,
          ...(region ? { regionId: region.id, regionPath: region.path } : {}),
          version: () => 'version + 1',
        })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('organisation');
      if (region && region.path !== current.regionPath)
        await this.propagateSchoolPath(manager, id, region.path);

      await this.audit.record(manager, actor, {
        action: 'organisation.update',
        entityType: 'organisation',
        entityId: id,
        regionPath: region?.path ?? current.regionPath,
        details: { fields: Object.keys(changes) },
      });
      return toOrganisationDto(await this.getInScope(scope, id, manager));
    });
  }

  private async regionForWrite(scope: Scope, regionId: string, manager: EntityManager): Promise<Region> {
    const region = await manager.findOne(Region, { where: { id: regionId } });
    if (!region || scope.kind !== 'region' || !isWithinPath(region.path, scope.regionPath)) {
      throw invalid('regionId', 'withinScope', 'regionId must be a region within your scope');
    }
    return region;
  }

  private async assertSchoolCodeFree(manager: EntityManager, schoolCode: string | undefined): Promise<void> {
    if (!schoolCode) return;
    const taken = await manager.exists(Organisation, { where: { schoolCode } });
    if (taken)
      throw conflict('organisation.school_code_taken', `school code ${schoolCode} is already in use`);
  }

  /** A school that moved: its students and school-scoped users carry its path. */
  private async propagateSchoolPath(manager: EntityManager, schoolId: string, path: string): Promise<void> {
    await manager.query('UPDATE students SET school_region_path = $2 WHERE school_id = $1', [schoolId, path]);
    await manager.query('UPDATE users SET scope_path = $2 WHERE scope_school_id = $1', [schoolId, path]);
  }
}
