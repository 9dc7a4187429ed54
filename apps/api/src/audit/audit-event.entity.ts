import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { PATH_COLLATION } from '../database/columns';

/**
 * Append-only audit log (PIPL): every write, every read of a child's unmasked data, every
 * sign-in. A trigger refuses UPDATE and DELETE on the table.
 */
@Entity('audit_events')
@Index(['occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** e.g. `auth.login`, `user.create`, `student.reveal`. */
  @Index()
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  entityType!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  entityId!: string | null;

  /** Where the subject lives, so officers can query the audit of their own scope. */
  @Index()
  @Column({ type: 'text', collation: PATH_COLLATION, nullable: true })
  regionPath!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  clientIp!: string | null;

  /** What changed or was seen, without personal data values. */
  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  // Relations
  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  actorUsername!: string | null;
}
