import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { User } from '../users/user.entity';

/**
 * A signed-in session. The cookie holds a random token; only its SHA-256 is stored, so a
 * database read does not yield a usable session. Kept in PostgreSQL (not Redis) so a
 * Redis flush signs nobody out and logout is immediate everywhere.
 */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Fields
  @Index({ unique: true })
  @Column({ type: 'bytea' })
  tokenHash!: Buffer;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ type: 'text', nullable: true })
  clientIp!: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent!: string | null;

  @CreatedAt()
  createdAt!: Date;

  // Relations
  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
