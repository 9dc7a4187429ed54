import { CaseSettings, caseSettings, countyPathOf } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** How long a county's rules are reused before they are read again (they change rarely). */
const CACHE_MS = 10_000;

/**
 * The rules (DOMAIN.md §5) that apply at a place: its county's saved settings over the
 * deployment's defaults, so a setting added later takes its default until someone saves it.
 */
@Injectable()
export class CountySettingsService {
  private readonly cache = new Map<string, { settings: CaseSettings; at: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The rules at `regionPath` (any path inside a county, or the county's own). */
  async settingsFor(
    regionPath: string,
    options: { manager?: EntityManager; fresh?: boolean } = {},
  ): Promise<CaseSettings> {
    const county = countyPathOf(regionPath);
    if (county === null) return caseSettings();
    const cached = this.cache.get(county);
    if (!options.fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.settings;
    const rows: { settings: Partial<CaseSettings> }[] = await (options.manager ?? this.dataSource).query(
      `SELECT cs.settings FROM county_settings cs JOIN regions r ON r.id = cs.region_id WHERE r.path = $1`,
      [county],
    );
    const settings = caseSettings(rows[0]?.settings ?? {});
    this.cache.set(county, { settings, at: Date.now() });
    return settings;
  }

  /** Forget a county's cached rules (after saving them). */
  invalidate(regionPath: string): void {
    const county = countyPathOf(regionPath);
    if (county !== null) this.cache.delete(county);
  }
}
