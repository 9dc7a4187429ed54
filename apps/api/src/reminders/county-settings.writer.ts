import { InjectQueue } from '@nestjs/bullmq';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CountySettings } from '@baoxue/contracts';
import { CaseSettings, caseSettings, Scope, validateCaseSettings } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DomainError, outOfScope, staleVersion } from '../common/domain-error';
import { QUEUES, JOBS } from '../queues/queue-names';
import { pathWithin } from '../scope/scope-predicates';
import { CountySettingsService } from './county-settings.service';
import { UpdateCountySettingsDto } from './dto/county-settings.dto';

/** Region kinds that carry their own rules: counties and the zones that stand in for one. */
export const SETTINGS_REGION_KINDS = ['county', 'zone'] as const;

interface SettingsRow {
  region_id: string;
  region_name: string;
  region_path: string;
  settings: Partial<CaseSettings> | null;
  version: number | null;
  updated_at: Date | null;
}

function toCountySettings(row: SettingsRow): CountySettings {
  return {
    regionId: row.region_id,
    regionName: row.region_name,
    settings: caseSettings(row.settings ?? {}),
    isDefault: row.settings === null,
    defaults: caseSettings(),
    // A county with nothing saved is at version 0: the first save expects it.
    version: row.version ?? 0,
    updatedAt: row.updated_at?.toISOString() ?? null,
  };
}

/** The job that re-derives a county's open cases after its rules changed (one per saved version). */
export function rederiveJobId(regionId: string, version: number): string {
  return `rederive.${regionId}.${version}`;
}

/**
 * Reads and saves the per-county rules (DOMAIN.md §5). Only counties and zones within the
 * caller's region scope; a save validates the whole document, checks the version read,
 * is audited, and has the worker re-derive the county's due items.
 */
@Injectable()
export class CountySettingsWriter {
  private readonly logger = new Logger(CountySettingsWriter.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: CountySettingsService,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
  ) {}

  private async rows(
    scope: Scope,
    manager: EntityManager,
    regionId: string | null,
    lock = false,
  ): Promise<SettingsRow[]> {
    // A school scope sees no county's rules; the roles allowed here are region-scoped anyway.
    if (scope.kind !== 'region') return [];
    const within = pathWithin('r.path', scope.regionPath);
    const qb = manager
      .createQueryBuilder()
      .select([
        'r.id AS region_id',
        'r.name AS region_name',
        'r.path AS region_path',
        'cs.settings AS settings',
        'cs.version AS version',
        'cs.updated_at AS updated_at',
      ])
      .from('regions', 'r')
      .leftJoin('county_settings', 'cs', 'cs.region_id = r.id')
      .where('r.kind IN (:...kinds)', { kinds: SETTINGS_REGION_KINDS })
      .andWhere(within.sql, within.params)
      .orderBy('r.path', 'ASC');
    if (regionId !== null) qb.andWhere('r.id = :regionId', { regionId });
    // Serialises saves of one county, so the version check and the write see the same row.
    if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
    return qb.getRawMany<SettingsRow>();
  }

  async list(scope: Scope): Promise<CountySettings[]> {
    return (await this.rows(scope, this.dataSource.manager, null)).map(toCountySettings);
  }

  async get(scope: Scope, regionId: string): Promise<CountySettings> {
    const [row] = await this.rows(scope, this.dataSource.manager, regionId);
    if (!row) throw outOfScope('county_settings');
    return toCountySettings(row);
  }

  async update(
    scope: Scope,
    regionId: string,
    dto: UpdateCountySettingsDto,
    actor: AuditActor,
  ): Promise<CountySettings> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const [current] = await this.rows(scope, manager, regionId, true);
      if (!current) throw outOfScope('county_settings');
      const problems = validateCaseSettings(dto.settings);
      if (problems.length > 0) {
        const details = problems.map((p) => ({ ...p, field: `settings.${p.field}` }));
        throw new DomainError(
          HttpStatus.BAD_REQUEST,
          'validation',
          details.map((d) => d.message).join('; '),
          details,
        );
      }
      if ((current.version ?? 0) !== dto.version) throw staleVersion('county_settings');
      const before = caseSettings(current.settings ?? {});
      const after = dto.settings as CaseSettings;
      await this.save(manager, regionId, after, dto.version, actor.userId);
      await this.audit.record(manager, actor, {
        action: 'settings.update',
        entityType: 'county_settings',
        entityId: regionId,
        regionPath: current.region_path,
        details: { fields: changedFields(before, after), version: dto.version + 1 },
      });
      const [row] = await this.rows(scope, manager, regionId);
      return row;
    });
    this.settings.invalidate(saved.region_path);
    const version = saved.version ?? 0;
    try {
      await this.maintenance.add(
        JOBS.remindersRederive,
        { regionId },
        { jobId: rederiveJobId(regionId, version) },
      );
    } catch (error) {
      // The rules are saved; the sweep and the next case writes use them even without this job.
      this.logger.error(`could not queue re-derivation for region ${regionId}: ${(error as Error).message}`);
    }
    return toCountySettings(saved);
  }

  /** Inserts the first version or updates the version read; anything else is a stale write. */
  private async save(
    manager: EntityManager,
    regionId: string,
    settings: CaseSettings,
    version: number,
    userId: string | null,
  ): Promise<void> {
    const document = JSON.stringify(settings);
    if (version === 0) {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO county_settings (region_id, settings, updated_by_user_id, version)
         VALUES ($1, $2::jsonb, $3, 1)
         ON CONFLICT (region_id) DO NOTHING
         RETURNING region_id`,
        [regionId, document, userId],
      );
      if (inserted.length !== 1) throw staleVersion('county_settings');
      return;
    }
    // An UPDATE answers [rows, affected].
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE county_settings
          SET settings = $2::jsonb, updated_by_user_id = $3, version = version + 1, updated_at = now()
        WHERE region_id = $1 AND version = $4`,
      [regionId, document, userId, version],
    );
    if (affected !== 1) throw staleVersion('county_settings');
  }
}

function changedFields(before: CaseSettings, after: CaseSettings): string[] {
  return (Object.keys(after) as (keyof CaseSettings)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
