import { HttpStatus } from '@nestjs/common';
import { Scope, SettingsProblem } from '@baoxue/domain';
import { EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DomainError, staleVersion } from '../common/domain-error';
import { pathWithin } from '../scope/scope-predicates';

/** Region kinds that carry their own rules: counties and the zones that stand in for one. */
export const SETTINGS_REGION_KINDS = ['county', 'zone'] as const;

/**
 * A table holding one jsonb document per county, saved with an optimistic version:
 * county_settings (case rules) and county_early_warning_rules (risk rules).
 */
export interface CountyDocumentTable {
  table: 'county_settings' | 'county_early_warning_rules';
  /** The jsonb column, also the prefix of the fields named in validation errors. */
  column: 'settings' | 'rules';
  /** The name in the stale-version error code (`<what>.stale_version`). */
  what: string;
  /** The audit action of a save. */
  auditAction: string;
}

/** A county in scope, with its saved document (null while the defaults apply). */
export interface CountyDocumentRow<T> {
  region_id: string;
  region_name: string;
  region_path: string;
  document: Partial<T> | null;
  version: number | null;
  updated_at: Date | null;
}

/** The counties and zones within the caller's region scope (one when `regionId` is given), by path. */
export async function countyDocumentRows<T>(
  manager: EntityManager,
  scope: Scope,
  store: CountyDocumentTable,
  regionId: string | null,
  lock = false,
): Promise<CountyDocumentRow<T>[]> {
  // A school scope sees no county's rules; the roles allowed here are region-scoped anyway.
  if (scope.kind !== 'region') return [];
  const within = pathWithin('r.path', scope.regionPath);
  const qb = manager
    .createQueryBuilder()
    .select([
      'r.id AS region_id',
      'r.name AS region_name',
      'r.path AS region_path',
      `d.${store.column} AS document`,
      'd.version AS version',
      'd.updated_at AS updated_at',
    ])
    .from('regions', 'r')
    .leftJoin(store.table, 'd', 'd.region_id = r.id')
    .where('r.kind IN (:...kinds)', { kinds: SETTINGS_REGION_KINDS })
    .andWhere(within.sql, within.params)
    .orderBy('r.path', 'ASC');
  if (regionId !== null) qb.andWhere('r.id = :regionId', { regionId });
  // Serialises saves of one county, so the version check and the write see the same row.
  if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
  return qb.getRawMany<CountyDocumentRow<T>>();
}

export interface CountyDocumentChange<T extends object> {
  document: T;
  /** The version read (0 before the first save). */
  version: number;
  /** What validating the whole document found; any problem refuses the save. */
  problems: SettingsProblem[];
  /** The document in force before the save (defaults filled in); the audit names what differs. */
  before: T;
}

/**
 * Saves a county's document over `current` (read with the lock): refuses an invalid document
 * (every problem at once) or a stale version, writes the next version and audits the change.
 */
export async function saveCountyDocument<T extends object>(
  manager: EntityManager,
  audit: AuditService,
  store: CountyDocumentTable,
  current: CountyDocumentRow<T>,
  change: CountyDocumentChange<T>,
  actor: AuditActor,
): Promise<void> {
  if (change.problems.length > 0) {
    const details = change.problems.map((p) => ({ ...p, field: `${store.column}.${p.field}` }));
    throw new DomainError(
      HttpStatus.BAD_REQUEST,
      'validation',
      details.map((d) => d.message).join('; '),
      details,
    );
  }
  if ((current.version ?? 0) !== change.version) throw staleVersion(store.what);
  await writeVersion(manager, store, current.region_id, change, actor.userId);
  await audit.record(manager, actor, {
    action: store.auditAction,
    entityType: store.table,
    entityId: current.region_id,
    regionPath: current.region_path,
    details: { fields: changedKeys(change.before, change.document), version: change.version + 1 },
  });
}

/** Inserts the first version or updates the version read; anything else is a stale write. */
async function writeVersion<T extends object>(
  manager: EntityManager,
  store: CountyDocumentTable,
  regionId: string,
  change: CountyDocumentChange<T>,
  userId: string | null,
): Promise<void> {
  const document = JSON.stringify(change.document);
  if (change.version === 0) {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${store.table} (region_id, ${store.column}, updated_by_user_id, version)
       VALUES ($1, $2::jsonb, $3, 1)
       ON CONFLICT (region_id) DO NOTHING
       RETURNING region_id`,
      [regionId, document, userId],
    );
    if (inserted.length !== 1) throw staleVersion(store.what);
    return;
  }
  // An UPDATE answers [rows, affected].
  const [, affected]: [unknown[], number] = await manager.query(
    `UPDATE ${store.table}
        SET ${store.column} = $2::jsonb, updated_by_user_id = $3, version = version + 1, updated_at = now()
      WHERE region_id = $1 AND version = $4`,
    [regionId, document, userId, change.version],
  );
  if (affected !== 1) throw staleVersion(store.what);
}

/** The keys of `after` whose values differ from `before`. */
function changedKeys<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as (keyof T & string)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
