import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Page, UserSummary } from '@baoxue/contracts';
import { isWithinPath, maskPhone, passwordProblem, Role, roleFitsOrganisation, Scope } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { passwordProblemMessage } from '../auth/auth.service';
import { AuthUser } from '../auth/auth-user';
import { hashPassword } from '../auth/passwords';
import { SessionStore } from '../auth/session.store';
import { conflict, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { likeContains, pageOf } from '../common/dto/page-query.dto';
import { Organisation } from '../organisations/organisation.entity';
import { toOrganisationSummary } from '../organisations/organisation.presenter';
import { OrganisationsService } from '../organisations/organisations.service';
import { Region } from '../regions/region.entity';
import { toRegionRef } from '../regions/regions.service';
import { pathWithin } from '../scope/scope-predicates';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto';
import { User } from './user.entity';

function toUserSummary(user: User): UserSummary {
  if (!user.organisation) throw new Error('user organisation not loaded');
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    organisation: toOrganisationSummary(user.organisation),
    scopeKind: user.scopeSchoolId ? 'school' : 'region',
    scopeRegion: user.scopeRegion ? toRegionRef(user.scopeRegion) : null,
    scopeSchool: user.scopeSchool ? toOrganisationSummary(user.scopeSchool) : null,
    phone: user.phone ? maskPhone(user.phone) : null,
    active: user.active,
    headsOrganisation: user.headsOrganisation,
    mustChangePassword: user.mustChangePassword,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    version: user.version,
  };
}

interface ScopeAssignment {
  scopeRegionId: string | null;
  scopeSchoolId: string | null;
  scopePath: string;
}

/**
 * Sign-in accounts, managed by admins within their scope. A user's scope never reaches
 * beyond their organisation's region nor beyond the managing admin's scope.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
  ) {}

  private scoped(scope: Scope, manager: EntityManager = this.dataSource.manager) {
    const qb = manager
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.organisation', 'organisation')
      .leftJoinAndSelect('u.scopeRegion', 'scopeRegion')
      .leftJoinAndSelect('u.scopeSchool', 'scopeSchool');
    // Users are managed by region-scoped admins only; a school scope sees no accounts.
    if (scope.kind !== 'region') return qb.where('false');
    const within = pathWithin('u.scope_path', scope.regionPath);
    return qb.where(within.sql, within.params);
  }

  async list(scope: Scope, query: UserListQueryDto): Promise<Page<UserSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.scoped(scope);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organisationId)
      qb.andWhere('u.organisation_id = :organisationId', { organisationId: query.organisationId });
    if (query.q) {
      qb.andWhere("(u.username ILIKE :q ESCAPE '\\' OR u.display_name ILIKE :q ESCAPE '\\')", {
        q: likeContains(query.q),
      });
    }
    const [rows, total] = await qb.orderBy('u.username', 'ASC').skip(skip).take(pageSize).getManyAndCount();
    return { items: rows.map(toUserSummary), total, page, pageSize };
  }

  private async getInScope(scope: Scope, id: string, manager?: EntityManager): Promise<User> {
    const user = await this.scoped(scope, manager).andWhere('u.id = :id', { id }).getOne();
    if (!user) throw outOfScope('user');
    return user;
  }

  async get(scope: Scope, id: string): Promise<UserSummary> {
    return toUserSummary(await this.getInScope(scope, id));
  }

  async create(admin: AuthUser, dto: CreateUserDto, actor: AuditActor): Promise<UserSummary> {
    const problem = passwordProblem(dto.password);
    if (problem) throw invalid('password', problem, passwordProblemMessage(problem));
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.organisationForUser(admin.scope, dto.organisationId, dto.role, manager);
      const assignment = await this.scopeFor(admin.scope, organisation, dto.scopeRegionId, manager);
      const username = dto.username.toLowerCase();
      if (await manager.exists(User, { where: { username } })) {
        throw conflict('user.username_taken', `username ${username} is already in use`);
      }
      const { id } = await manager.save(
        manager.create(User, {
          username,
          displayName: dto.displayName.trim(),
          passwordHash,
          role: dto.role,
          organisationId: organisation.id,
          ...assignment,
          phone: dto.phone ?? null,
          active: true,
          headsOrganisation: dto.headsOrganisation ?? false,
          mustChangePassword: true,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        regionPath: assignment.scopePath,
        details: { role: dto.role },
      });
      return toUserSummary(await this.getInScope(admin.scope, id, manager));
    });
  }

  async update(admin: AuthUser, id: string, dto: UpdateUserDto, actor: AuditActor): Promise<UserSummary> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.getInScope(admin.scope, id, manager);
      if (current.version !== dto.version) throw staleVersion('user');
      if (id === admin.id && (dto.active === false || (dto.role && dto.role !== current.role))) {
        throw invalid(
          dto.active === false ? 'active' : 'role',
          'notSelf',
          'you cannot deactivate yourself or change your own role',
        );
      }
      const role = dto.role ?? current.role;
      const organisation = await this.organisationForUser(
        admin.scope,
        dto.organisationId ?? current.organisationId,
        role,
        manager,
      );
      const scopeChanges =
        dto.organisationId !== undefined || dto.scopeRegionId !== undefined || dto.role !== undefined;
      const assignment = scopeChanges
        ? await this.scopeFor(
            admin.scope,
            organisation,
            dto.scopeRegionId ?? current.scopeRegionId ?? undefined,
            manager,
          )
        : {};
      const { version: _version, scopeRegionId: _scopeRegionId, ...fields } = dto;

      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ ...fields, ...assignment, organisationId: organisation.id, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('user');
      // A deactivated account, or one whose role or scope changed, starts over with a new sign-in.
      if (dto.active === false || scopeChanges) await this.sessions.revokeAllOf(manager, id);

      await this.audit.record(manager, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        regionPath: current.scopePath,
        details: { fields: Object.keys(dto).filter((k) => k !== 'version') },
      });
      return toUserSummary(await this.getInScope(admin.scope, id, manager));
    });
  }

  async resetPassword(
    admin: AuthUser,
    id: string,
    dto: ResetPasswordDto,
    actor: AuditActor,
  ): Promise<UserSummary> {
    const problem = passwordProblem(dto.password);
    if (problem) throw invalid('password', problem, passwordProblemMessage(problem));
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.getInScope(admin.scope, id, manager);
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ passwordHash, mustChangePassword: true, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version: dto.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('user');
      await this.sessions.revokeAllOf(manager, id);
      await this.audit.record(manager, actor, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        regionPath: current.scopePath,
      });
      return toUserSummary(await this.getInScope(admin.scope, id, manager));
    });
  }

  private async organisationForUser(
    scope: Scope,
    organisationId: string,
    role: Role,
    manager: EntityManager,
  ) {
    const organisation = await this.organisations.getInScope(scope, organisationId, manager).catch(() => {
      throw invalid(
        'organisationId',
        'withinScope',
        'organisationId must be an organisation within your scope',
      );
    });
    if (!roleFitsOrganisation(role, organisation.type)) {
      throw invalid(
        'role',
        'fitsOrganisation',
        `role ${role} does not fit an organisation of type ${organisation.type}`,
      );
    }
    return organisation;
  }

  /** School staff are scoped to their school; everyone else to a region within their organisation's and the admin's. */
  private async scopeFor(
    adminScope: Scope,
    organisation: Organisation,
    scopeRegionId: string | undefined,
    manager: EntityManager,
  ): Promise<ScopeAssignment> {
    if (organisation.type === 'school') {
      return { scopeRegionId: null, scopeSchoolId: organisation.id, scopePath: organisation.regionPath };
    }
    const region = scopeRegionId
      ? await manager.findOne(Region, { where: { id: scopeRegionId } })
      : await manager.findOne(Region, { where: { id: organisation.regionId } });
    if (!region || adminScope.kind !== 'region' || !isWithinPath(region.path, adminScope.regionPath)) {
      throw invalid('scopeRegionId', 'withinScope', 'scopeRegionId must be a region within your scope');
    }
    if (!isWithinPath(region.path, organisation.regionPath)) {
      throw invalid(
        'scopeRegionId',
        'withinOrganisation',
        "scopeRegionId must be within the organisation's region",
      );
    }
    return { scopeRegionId: region.id, scopeSchoolId: null, scopePath: region.path };
  }
}
