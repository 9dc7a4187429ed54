import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CurrentUser } from '@baoxue/contracts';
import { passwordProblem, permissionsOf } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalid, notFound } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { toOrganisationSummary } from '../organisations/organisation.presenter';
import { RegionsService, toRegionRef } from '../regions/regions.service';
import { User } from '../users/user.entity';
import { AuthUser } from './auth-user';
import { LoginThrottle } from './login-throttle';
import { hashPassword, spendVerifyTime, verifyPassword } from './passwords';
import { SessionStore } from './session.store';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const INVALID_CREDENTIALS = () =>
  new DomainError(HttpStatus.UNAUTHORIZED, 'auth.invalid_credentials', 'Wrong username or password');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Checks the password and opens a session; returns the cookie token and the user. */
  async login(
    rawUsername: string,
    password: string,
    client: ClientInfo,
  ): Promise<{ token: string; user: CurrentUser }> {
    const username = rawUsername.trim().toLowerCase();
    await this.throttle.beforeAttempt(client.ip ?? 'unknown', username);

    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    const actor: AuditActor = {
      userId: user?.id ?? null,
      username,
      clientIp: client.ip,
    };

    if (!user || !user.active) {
      await spendVerifyTime(password);
      await this.failed(actor, username, user ? 'inactive' : 'unknown_user');
      throw INVALID_CREDENTIALS();
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.failed(actor, username, 'wrong_password');
      throw INVALID_CREDENTIALS();
    }
    await this.throttle.recordSuccess(username);

    // In production nobody keeps the published demo password: they must change it first.
    const mustChange =
      user.mustChangePassword || (this.config.production && password === this.config.DEMO_PASSWORD);
    const token = await this.dataSource.transaction(async (manager) => {
      await manager.update(
        User,
        { id: user.id },
        { lastLoginAt: this.clock.now(), mustChangePassword: mustChange },
      );
      await this.audit.record(manager, actor, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
      return this.sessions.create(manager, user.id, client);
    });
    return { token, user: await this.currentUser(user.id) };
  }

  private async failed(actor: AuditActor, username: string, why: string): Promise<void> {
    await this.throttle.recordFailure(username);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, actor, {
        action: 'auth.login_failed',
        entityType: 'user',
        details: { why },
      }),
    );
  }

  async logout(user: AuthUser, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(manager, user.sessionId);
      await this.audit.record(manager, actor, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  async changePassword(
    user: AuthUser,
    currentPassword: string,
    newPassword: string,
    actor: AuditActor,
  ): Promise<CurrentUser> {
    const row = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: user.id })
      .getOne();
    if (!row || !(await verifyPassword(row.passwordHash, currentPassword))) {
      throw invalid('currentPassword', 'matchesCurrent', 'currentPassword is not your current password');
    }
    const problem = passwordProblem(newPassword);
    if (problem) throw invalid('newPassword', problem, passwordProblemMessage(problem));
    if (newPassword === currentPassword || newPassword === this.config.DEMO_PASSWORD) {
      throw invalid(
        'newPassword',
        'notReused',
        'newPassword must differ from the current and the demo password',
      );
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        User,
        { id: user.id },
        {
          passwordHash,
          mustChangePassword: false,
          passwordChangedAt: this.clock.now(),
        },
      );
      // A new password signs out every other session of the account.
      await this.sessions.revokeAllOf(manager, user.id, user.sessionId);
      await this.audit.record(manager, actor, {
        action: 'auth.password_change',
        entityType: 'user',
        entityId: user.id,
      });
    });
    return this.currentUser(user.id);
  }

  async currentUser(userId: string): Promise<CurrentUser> {
    const user = await this.dataSource.getRepository(User).findOne({
      where: { id: userId },
      relations: { organisation: true, scopeRegion: true, scopeSchool: true },
    });
    if (!user?.organisation) throw notFound('user');
    const base = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      permissions: [...permissionsOf(user.role)],
      organisation: toOrganisationSummary(user.organisation),
      mustChangePassword: user.mustChangePassword,
    };
    if (user.scopeSchool) {
      return {
        ...base,
        scope: {
          kind: 'school',
          school: toOrganisationSummary(user.scopeSchool),
          regionChain: await this.regions.chainOf(user.scopeSchool.regionPath),
        },
      };
    }
    const region = user.scopeRegion;
    if (!region) throw notFound('user');
    return {
      ...base,
      scope: {
        kind: 'region',
        region: toRegionRef(region),
        regionChain: await this.regions.chainOf(region.path),
      },
    };
  }
}

export function passwordProblemMessage(problem: string): string {
  switch (problem) {
    case 'too_short':
      return 'password must be at least 10 characters';
    case 'too_long':
      return 'password must be at most 128 characters';
    default:
      return 'password must mix three of: lower case, upper case, digits, symbols';
  }
}
