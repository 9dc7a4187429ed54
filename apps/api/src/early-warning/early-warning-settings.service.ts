import { EarlyWarningSettings } from '@baoxue/contracts';
import { RiskRules, Scope, validateRiskRules } from '@baoxue/domain';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DomainError, invalid, outOfScope, staleVersion } from '../common/domain-error';
import { SETTINGS_REGION_KINDS } from '../reminders/county-settings.writer';
import { pathWithin } from '../scope/scope-predicates';
import { SaveEarlyWarningSettingsDto } from './dto/early-warning-settings.dto';
import { withDefaults } from './risk-facts.query';
import { RiskScheduler } from './risk-scheduler';

interface RulesRow {
  region_id: string;
  region_name: string;
  region_path: string;
  rules: Partial<RiskRules> | null;
  version: number | null;
  updated_at: Date | null;
}

function toSettings(row: RulesRow): EarlyWarningSettings {
  return {
    countyId: row.region_id,
    countyName: row.region_name,
    rules: withDefaults(row.rules),
    isDefault: row.rules === null,
    // A county with nothing saved is at version 0: the first save expects it.
    version: row.version ?? 0,
    updatedAt: row.updated_at?.toISOString() ?? null,
  };
}

/**
 * 预警规则: each county's (or zone's) risk-score rules. Only counties and zones within the
 * caller's region scope; a save validates the whole document, checks the version read, is
 * audited, and has the worker recompute the county's scores.
 */
@Injectable()
export class EarlyWarningSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly scheduler: RiskScheduler,
  ) {}

  /** The county asked for, or the caller's own when they are a county's or zone's. */
  private countyOf(scope: Scope, countyId: string | undefined): string {
    if (countyId) return countyId;
    if (scope.kind === 'region') return scope.regionId;
    throw invalid('countyId', 'isDefined', 'countyId is required');
  }

  private async row(
    scope: Scope,
    manager: EntityManager,
    countyId: string,
    options: { lock?: boolean; defaulted?: boolean } = {},
  ): Promise<RulesRow> {
    const { lock = false, defaulted = false } = options;
    // A school scope sees no county's rules; the roles allowed here are region-scoped anyway.
    if (scope.kind !== 'region') throw outOfScope('early_warning_rules');
    const within = pathWithin('r.path', scope.regionPath);
    const qb = manager
      .createQueryBuilder()
      .select([
        'r.id AS region_id',
        'r.name AS region_name',
        'r.path AS region_path',
        'ew.rules AS rules',
        'ew.version AS version',
        'ew.updated_at AS updated_at',
      ])
      .from('regions', 'r')
      .leftJoin('county_early_warning_rules', 'ew', 'ew.region_id = r.id')
      .where('r.id = :countyId', { countyId })
      .andWhere('r.kind IN (:...kinds)', { kinds: SETTINGS_REGION_KINDS })
      .andWhere(within.sql, within.params);
    // Serialises saves of one county, so the version check and the write see the same row.
    if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
    const row = await qb.getRawOne<RulesRow>();
    if (row) return row;
    // Defaulted to the caller's own region, which is no county: they must name one.
    if (defaulted) throw invalid('countyId', 'isDefined', 'countyId is required');
    throw outOfScope('early_warning_rules');
  }

  async get(scope: Scope, countyId: string | undefined): Promise<EarlyWarningSettings> {
    return toSettings(
      await this.row(scope, this.dataSource.manager, this.countyOf(scope, countyId), {
        defaulted: !countyId,
      }),
    );
  }

  async save(
    scope: Scope,
    countyId: string | undefined,
    dto: SaveEarlyWarningSettingsDto,
    actor: AuditActor,
  ): Promise<EarlyWarningSettings> {
    const regionId = this.countyOf(scope, countyId);
    const saved = await this.dataSource.transaction(async (manager) => {
      const current = await this.row(scope, manager, regionId, { lock: true, defaulted: !countyId });
      const problems = validateRiskRules(dto.rules);
      if (problems.length > 0) {
        const details = problems.map((p) => ({ ...p, field: `rules.${p.field}` }));
        throw new DomainError(
          HttpStatus.BAD_REQUEST,
          'validation',
          details.map((d) => d.message).join('; '),
          details,
        );
      }
      if ((current.version ?? 0) !== dto.version) throw staleVersion('early_warning_rules');
      const before = withDefaults(current.rules);
      await this.write(manager, regionId, dto.rules, dto.version, actor.userId);
      await this.audit.record(manager, actor, {
        action: 'early_warning_rules.update',
        entityType: 'county_early_warning_rules',
        entityId: regionId,
        regionPath: current.region_path,
        details: { fields: changedRules(before, dto.rules), version: dto.version + 1 },
      });
      return this.row(scope, manager, regionId);
    });
    await this.scheduler.afterRulesChange(regionId, saved.version ?? 0);
    return toSettings(saved);
  }

  /** Inserts the first version or updates the version read; anything else is a stale write. */
  private async write(
    manager: EntityManager,
    regionId: string,
    rules: RiskRules,
    version: number,
    userId: string | null,
  ): Promise<void> {
    const document = JSON.stringify(rules);
    if (version === 0) {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO county_early_warning_rules (region_id, rules, updated_by_user_id, version)
         VALUES ($1, $2::jsonb, $3, 1)
         ON CONFLICT (region_id) DO NOTHING
         RETURNING region_id`,
        [regionId, document, userId],
      );
      if (inserted.length !== 1) throw staleVersion('early_warning_rules');
      return;
    }
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE county_early_warning_rules
          SET rules = $2::jsonb, updated_by_user_id = $3, version = version + 1, updated_at = now()
        WHERE region_id = $1 AND version = $4`,
      [regionId, document, userId, version],
    );
    if (affected !== 1) throw staleVersion('early_warning_rules');
  }
}

function changedRules(before: RiskRules, after: RiskRules): string[] {
  return (Object.keys(after) as (keyof RiskRules)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
