import { EarlyWarningSettings } from '@baoxue/contracts';
import { RiskRules, Scope, validateRiskRules } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { invalid, outOfScope } from '../common/domain-error';
import {
  CountyDocumentRow,
  countyDocumentRows,
  CountyDocumentTable,
  saveCountyDocument,
} from '../reminders/county-settings.store';
import { SaveEarlyWarningSettingsDto } from './dto/early-warning-settings.dto';
import { withDefaults } from './risk-facts.query';
import { RiskScheduler } from './risk-scheduler';

/** The risk rules, one document per county. */
const EARLY_WARNING_RULES: CountyDocumentTable = {
  table: 'county_early_warning_rules',
  column: 'rules',
  what: 'early_warning_rules',
  auditAction: 'early_warning_rules.update',
};

type RulesRow = CountyDocumentRow<RiskRules>;

function toSettings(row: RulesRow): EarlyWarningSettings {
  return {
    countyId: row.region_id,
    countyName: row.region_name,
    rules: withDefaults(row.document),
    isDefault: row.document === null,
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
    const [row] = await countyDocumentRows<RiskRules>(manager, scope, EARLY_WARNING_RULES, countyId, lock);
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
      await saveCountyDocument(
        manager,
        this.audit,
        EARLY_WARNING_RULES,
        current,
        {
          document: dto.rules,
          version: dto.version,
          problems: validateRiskRules(dto.rules),
          before: withDefaults(current.document),
        },
        actor,
      );
      return this.row(scope, manager, regionId);
    });
    await this.scheduler.afterRulesChange(regionId, saved.version ?? 0);
    return toSettings(saved);
  }
}
