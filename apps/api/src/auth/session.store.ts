import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { Role, Scope } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { AuthUser } from './auth-user';
import { Session } from './session.entity';

export const SESSION_COOKIE = 'bx_session';

/** Only refresh last_seen_at this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

interface SessionRow {
  session_id: string;
  last_seen_at: Date;
  user_id: string;
  username: string;
  role: Role;
  organisation_id: string;
  must_change_password: boolean;
  scope_region_id: string | null;
  scope_school_id: string | null;
  scope_path: string;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Opaque session tokens in an httpOnly cookie; the database keeps their hashes. */
@Injectable()
export class SessionStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get ttlSeconds(): number {
    return this.config.SESSION_TTL_HOURS * 3600;
  }

  async create(
    manager: EntityManager,
    userId: string,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await manager.insert(Session, {
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
      lastSeenAt: now,
      clientIp: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    return token;
  }

  /** The user behind a token, if the session is live and the account active. One indexed query. */
  async resolve(token: string): Promise<AuthUser | null> {
    if (!token || token.length > 100) return null;
    const now = this.clock.now();
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.last_seen_at, u.id AS user_id, u.username, u.role, u.organisation_id,
              u.must_change_password, u.scope_region_id, u.scope_school_id,
              COALESCE(r.path, o.region_path) AS scope_path
         FROM sessions s
         JOIN users u ON u.id = s.user_id AND u.active
         LEFT JOIN regions r ON r.id = u.scope_region_id
         LEFT JOIN organisations o ON o.id = u.scope_school_id
        WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [hashToken(token), now],
    );
    const row = rows[0];
    if (!row) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
      await this.dataSource.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [
        row.session_id,
        now,
      ]);
    }
    const scope: Scope = row.scope_school_id
      ? {
          kind: 'school',
          schoolId: row.scope_school_id,
          regionPath: row.scope_path,
        }
      : {
          kind: 'region',
          regionId: row.scope_region_id as string,
          regionPath: row.scope_path,
        };
    return {
      id: row.user_id,
      username: row.username,
      role: row.role,
      organisationId: row.organisation_id,
      scope,
      sessionId: row.session_id,
      mustChangePassword: row.must_change_password,
    };
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.delete(Session, { id: sessionId });
  }

  /** Signs a user out everywhere but (optionally) the current session: after a password change or reset. */
  async revokeAllOf(manager: EntityManager, userId: string, exceptSessionId?: string): Promise<void> {
    const query = manager.createQueryBuilder().delete().from(Session).where('user_id = :userId', { userId });
    if (exceptSessionId) query.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await query.execute();
  }
}
