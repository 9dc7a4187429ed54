import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CountySettings } from '@baoxue/contracts';
import { CaseSettings, caseSettings, Scope, validateCaseSettings } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { outOfScope } from '../common/domain-error';
import { QUEUES, JOBS } from '../queues/queue-names';
import { CountySettingsService } from './county-settings.service';
import {
  CountyDocumentRow,
  countyDocumentRows,
  CountyDocumentTable,
  saveCountyDocument,
} from './county-settings.store';
import { UpdateCountySettingsDto } from './dto/county-settings.dto';

/** The case rules, one document per county. */
const COUNTY_SETTINGS: CountyDocumentTable = {
  table: 'county_settings',
  column: 'settings',
  what: 'county_settings',
  auditAction: 'settings.update',
};

type SettingsRow = CountyDocumentRow<CaseSettings>;

function toCountySettings(row: SettingsRow): CountySettings {
  return {
    regionId: row.region_id,
    regionName: row.region_name,
    settings: caseSettings(row.document ?? {}),
    isDefault: row.document === null,
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

  private rows(scope: Scope, manager: EntityManager, regionId: string | null, lock = false) {
    return countyDocumentRows<CaseSettings>(manager, scope, COUNTY_SETTINGS, regionId, lock);
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
      const after = dto.settings as CaseSettings;
      await saveCountyDocument(
        manager,
        this.audit,
        COUNTY_SETTINGS,
        current,
        {
          document: after,
          version: dto.version,
          problems: validateCaseSettings(dto.settings),
          before: caseSettings(current.document ?? {}),
        },
        actor,
      );
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
}
