import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../../apps/api/src/auth/passwords';
import { rebuildFigureCounts } from '../../../apps/api/src/dashboard/figure-counts.rebuild';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options';
import { ensureDatabaseExists, runMigrations } from '../../../apps/api/src/database/database-bootstrap';
import { RegionImportService } from '../../../apps/api/src/regions/region-import.service';
import { progress, seconds } from '../bench-report';
import { withClient } from '../bench-run';
import { insertCases, insertSchoolReports } from './cases';
import { insertPlaces, PROVINCE, PROVINCE_PATH } from './places';
import { withIndexesDeferred } from './sql-steps';
import { insertStudents } from './students';

/** The province-scale dataset: Shandong's real hierarchy, 1,000,000 students, 50,000 cases. */
export const DATASET = {
  students: 1_000_000,
  cases: 50_000,
  /** Bumped whenever the generated rows change, so an old database is rebuilt. */
  version: 1,
} as const;

/**
 * The China day the two years of history end on. The bench sets the app's clock to it, so
 * "this term", "overdue" and the ages of cases never drift as the calendar moves on.
 */
export const ANCHOR_DAY = '2026-12-02';

/** The province's bureau leader the benchmark signs in as (a bench database only). */
export const BENCH_USER = { username: 'bench.leader', password: 'Bench-leader@2026' } as const;

export interface Dataset {
  anchorDay: string;
  reused: boolean;
  /** Null when the figure counts were rebuilt; otherwise why they could not be. */
  figureCountsProblem: string | null;
}

/** The tables the bulk load fills, indexed once after it. */
const LOADED_TABLES = [
  'students',
  'student_flags',
  'cases',
  'case_events',
  'case_responsibles',
  'case_interventions',
  'due_items',
  'school_monthly_reports',
];

const MIGRATIONS_DIR = join(__dirname, '../../../apps/api/src/database/migrations');

/**
 * The benchmark's own database: migrated, regions imported, then filled with set-based
 * SQL (generate_series); reused as it is when a previous run left it complete and no
 * migration it ran has changed since (one that did would leave a schema the app no longer
 * has: the database is then rebuilt).
 */
export async function prepareDataset(url: string): Promise<Dataset> {
  const marker = await readMarker(url);
  if (marker) {
    const applied = await runMigrations(url);
    let figureCountsProblem: string | null = null;
    if (applied.length > 0 || !marker.figureCounts) {
      progress(`dataset: ${applied.length} new migrations; rebuilding the figure counts`);
      figureCountsProblem = await rebuildCounts(url);
    }
    await writeMarker(url, figureCountsProblem === null);
    progress(`dataset: reusing ${databaseName(url)} (built for ${marker.anchorDay})`);
    return { anchorDay: marker.anchorDay, reused: true, figureCountsProblem };
  }
  const started = Date.now();
  await recreateDatabase(url);
  await runMigrations(url);
  progress(`dataset: migrated ${databaseName(url)} in ${seconds(Date.now() - started)}`);
  await importRegions(url);
  await bulkLoad(url);
  progress(`dataset: rows loaded after ${seconds(Date.now() - started)}; rebuilding the figure counts`);
  const figureCountsProblem = await rebuildCounts(url);
  await writeMarker(url, figureCountsProblem === null);
  await withClient(url, (client) => client.query('ANALYZE'));
  progress(`dataset: built in ${seconds(Date.now() - started)}`);
  return { anchorDay: ANCHOR_DAY, reused: false, figureCountsProblem };
}

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Each migration file's content hash: a changed one means the database must be rebuilt. */
function migrationHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    if (!/^\d+-.*\.ts$/.test(file) || file.includes('.spec.')) continue;
    hashes[file] = createHash('sha256')
      .update(readFileSync(join(MIGRATIONS_DIR, file)))
      .digest('hex');
  }
  return hashes;
}

interface Marker {
  anchorDay: string;
  figureCounts: boolean;
}

/** The marker of a complete dataset of this version, or null (no database, incomplete, stale). */
async function readMarker(url: string): Promise<Marker | null> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const found = await client.query(`SELECT to_regclass('bench_dataset') AS t`);
    if (!found.rows[0].t) return null;
    const { rows } = await client.query(
      `SELECT d.anchor_day::text AS anchor, d.migrations, d.figure_counts,
              (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM students) AS students
         FROM bench_dataset d WHERE d.version = $1 AND d.anchor_day = $2`,
      [DATASET.version, ANCHOR_DAY],
    );
    const row = rows[0];
    if (!row || row.cases !== DATASET.cases || row.students !== DATASET.students) return null;
    const current = migrationHashes();
    const changed = Object.entries(row.migrations as Record<string, string>).filter(
      ([file, hash]) => current[file] !== hash,
    );
    if (changed.length > 0) {
      progress(
        `dataset: migrations changed since the build (${changed.map(([file]) => file).join(', ')}): rebuilding`,
      );
      return null;
    }
    return { anchorDay: row.anchor, figureCounts: row.figure_counts };
  } finally {
    await client.end();
  }
}

async function writeMarker(url: string, figureCounts: boolean): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(
      `CREATE TABLE IF NOT EXISTS bench_dataset (version int NOT NULL, anchor_day date NOT NULL,
         migrations jsonb NOT NULL, figure_counts boolean NOT NULL)`,
    );
    await client.query('BEGIN');
    await client.query('DELETE FROM bench_dataset');
    await client.query(`INSERT INTO bench_dataset VALUES ($1, $2, $3, $4)`, [
      DATASET.version,
      ANCHOR_DAY,
      JSON.stringify(migrationHashes()),
      figureCounts,
    ]);
    await client.query('COMMIT');
  });
}

async function recreateDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withClient(admin.toString(), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseName(url))} WITH (FORCE)`),
  );
  await ensureDatabaseExists(url);
}

/** Province 37 through the app's own import (`regions:import --province 37`), zones included. */
async function importRegions(url: string): Promise<void> {
  const result = await withDataSource(url, (dataSource) =>
    new RegionImportService(dataSource).import({ province: PROVINCE }),
  );
  progress(`dataset: ${result.inserted} regions imported in ${result.seconds.toFixed(1)} s`);
}

/**
 * Everything else in one transaction. The rows are consistent by construction, so the
 * per-row foreign-key triggers are skipped (session_replication_role = replica).
 */
async function bulkLoad(url: string): Promise<void> {
  const passwordHash = await hashPassword(BENCH_USER.password);
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await insertPlaces(client);
    progress('dataset: places and schools in');
    await withIndexesDeferred(client, LOADED_TABLES, async () => {
      await insertStudents(client, DATASET.students);
      progress('dataset: students and their flags in');
      await insertCases(client, DATASET.students / DATASET.cases, ANCHOR_DAY);
      await insertSchoolReports(client, ANCHOR_DAY);
      progress('dataset: cases, their history and the schools’ reports in; indexing');
    });
    await client.query(
      `INSERT INTO users (username, display_name, password_hash, role, scope_path, organisation_id,
                          scope_region_id, heads_organisation)
       SELECT $1, '省教育厅领导', $2, 'bureau_leader', r.path, o.id, r.id, true
         FROM regions r JOIN organisations o ON o.region_id = r.id AND o.type = 'education_bureau'
        WHERE r.path = $3`,
      [BENCH_USER.username, passwordHash, PROVINCE_PATH],
    );
    await client.query('COMMIT');
  });
}

/** Runs the app's set-based rebuild of the figure counts; returns why it failed, or null. */
async function rebuildCounts(url: string): Promise<string | null> {
  const started = Date.now();
  try {
    await withDataSource(url, (dataSource) =>
      dataSource.transaction((manager) => rebuildFigureCounts(manager)),
    );
    await withClient(url, (client) => client.query('ANALYZE'));
    progress(`dataset: figure counts rebuilt in ${seconds(Date.now() - started)}`);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    progress(`dataset: rebuildFigureCounts failed: ${message}`);
    return message;
  }
}
