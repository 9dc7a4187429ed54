import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseAccessEntry, Page } from '@baoxue/contracts';
import { Role } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { pageOf } from '../common/dto/page-query.dto';
import { CasesService } from './cases.service';
import { CaseAccessLogQueryDto } from './dto/case.dto';

interface AccessRow {
  id: string;
  occurred_at: Date;
  actor_name: string | null;
  actor_role: Role | null;
  action: string;
  reason: string | null;
  client_ip: string | null;
}

/**
 * "Who looked at this record" (谁查看过): the audit entries about a case or its child —
 * reads, reveals, notices and writes — newest first. Uses the audit table's entity index.
 */
@Injectable()
export class CaseAccessLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
  ) {}

  async list(user: AuthUser, caseId: string, query: CaseAccessLogQueryDto): Promise<Page<CaseAccessEntry>> {
    const { page, pageSize, skip } = pageOf(query);
    const c = await this.cases.getInScope(user.scope, caseId);
    const about = `((a.entity_type = 'case' AND a.entity_id = $1) OR (a.entity_type = 'student' AND a.entity_id = $2))`;
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM audit_events a WHERE ${about}`,
      [c.id, c.studentId],
    )) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.occurred_at, COALESCE(u.display_name, a.actor_username) AS actor_name, u.role AS actor_role,
              a.action, a.reason, a.client_ip
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE ${about}
        ORDER BY a.occurred_at DESC, a.id DESC
        OFFSET $3 LIMIT $4`,
      [c.id, c.studentId, skip, pageSize],
    )) as AccessRow[];
    const items = rows.map((r) => ({
      id: r.id,
      at: new Date(r.occurred_at).toISOString(),
      actorName: r.actor_name,
      actorRole: r.actor_role,
      action: r.action,
      reason: r.reason,
      clientAddress: r.client_ip,
    }));
    return { items, total, page, pageSize };
  }
}
