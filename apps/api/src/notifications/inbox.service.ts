import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InboxNotification, Page, UnreadCount } from '@baoxue/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { pageOf } from '../common/dto/page-query.dto';
import { InboxQueryDto } from './dto/inbox.dto';

interface InboxRow {
  id: string;
  kind: InboxNotification['kind'];
  stage: InboxNotification['stage'];
  due_kind: InboxNotification['dueKind'];
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = `n.id, n.kind, n.stage, d.kind AS due_kind, n.title, n.body, n.link, n.created_at, n.read_at`;

function toInbox(row: InboxRow): InboxNotification {
  return {
    id: row.id,
    kind: row.kind,
    stage: row.stage,
    dueKind: row.due_kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/** The caller's own in-app notifications: nobody reads or marks another's. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(userId: string, query: InboxQueryDto): Promise<Page<InboxNotification>> {
    const { page, pageSize, skip } = pageOf(query);
    const unreadOnly = query.unread === true ? 'AND n.read_at IS NULL' : '';
    const unreadFalse = query.unread === false ? 'AND n.read_at IS NOT NULL' : '';
    const where = `n.recipient_user_id = $1 ${unreadOnly} ${unreadFalse}`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${COLUMNS} FROM notifications n LEFT JOIN due_items d ON d.id = n.due_item_id
          WHERE ${where} ORDER BY n.created_at DESC, n.id DESC LIMIT $2 OFFSET $3`,
        [userId, pageSize, skip],
      ) as Promise<InboxRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM notifications n WHERE ${where}`, [
        userId,
      ]) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map(toInbox), total, page, pageSize };
  }

  async unreadCount(userId: string): Promise<UnreadCount> {
    const [{ unread }] = await this.dataSource.query(
      `SELECT count(*)::int AS unread FROM notifications WHERE recipient_user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return { unread };
  }

  /** Marks one notification read (reading it twice keeps the first time); another user's is 404. */
  async markRead(userId: string, id: string): Promise<InboxNotification> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE notifications SET read_at = $3 WHERE id = $1 AND recipient_user_id = $2 AND read_at IS NULL`,
        [id, userId, this.clock.now()],
      );
      const rows: InboxRow[] = await manager.query(
        `SELECT ${COLUMNS} FROM notifications n LEFT JOIN due_items d ON d.id = n.due_item_id
          WHERE n.id = $1 AND n.recipient_user_id = $2`,
        [id, userId],
      );
      if (rows.length === 0) throw notFound('notification');
      return toInbox(rows[0]);
    });
  }

  async markAllRead(userId: string): Promise<UnreadCount> {
    await this.dataSource.transaction((manager) =>
      manager.query(
        `UPDATE notifications SET read_at = $2 WHERE recipient_user_id = $1 AND read_at IS NULL`,
        [userId, this.clock.now()],
      ),
    );
    return this.unreadCount(userId);
  }
}
