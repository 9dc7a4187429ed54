import { CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Shared column shapes: timestamps are timestamptz, stored in UTC. */
export const CreatedAt = () => CreateDateColumn({ type: 'timestamptz' });
export const UpdatedAt = () => UpdateDateColumn({ type: 'timestamptz' });
/** Optimistic-lock version, bumped by every save. */
export const Version = () => VersionColumn({ default: 1 });

/** Region paths compare byte-wise so a btree index serves `LIKE '/37/3708/%'`. */
export const PATH_COLLATION = 'C';
