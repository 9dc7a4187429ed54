import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../../apps/api/src/auth/passwords';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options';
import { ensureDatabaseExists, runMigrations } from '../../../apps/api/src/database/database-bootstrap';
import { RegionImportService } from '../../../apps/api/src/regions/region-import.service';
import { progress, seconds } from '../bench-report';
import { withClient } from '../bench-run';
import { insertPlaces, PROVINCE, PROVINCE_PATH, VILLAGES_PER_PRIMARY } from '../dashboard/places';

/** The county whose registers are imported: 嘉祥县, the demo's county, with its real villages. */
export const COUNTY_CODE = '370829';

/** The county's bureau officer the benchmark signs in as (a bench database only). */
export const BENCH_OFFICER = { username: 'bench.officer', password: 'Bench-officer@2026' } as const;

/** A village of the county with the schools its children attend (codes as the registers write them). */
export interface BenchVillage {
  code: string;
  name: string;
  primarySchool: string;
  juniorSchool: string;
}

export interface BenchPlaces {
  countyPath: string;
  villages: BenchVillage[];
  /** Codes of the province's other counties: where the enrolled children from elsewhere are registered. */
  otherCounties: string[];
}

/**
 * The bench database, built step by step where a step is missing (so a previous run's
 * database is reused, brought up to date with new migrations): Shandong's regions by the
 * app's own import, the dashboard bench's bureaus and schools (a primary per six villages
 * of a town, a junior secondary school per town, each with a 学校标识码; the county's
 * schools kept), the county's bureau officer. Registers, runs and their cases are cleared by `clearRegisters`.
 */
export async function prepareDatabase(url: string): Promise<BenchPlaces> {
  const started = Date.now();
  await ensureDatabaseExists(url);
  const applied = await runMigrations(url);
  if (applied.length) progress(`database: ${applied.length} migrations applied`);
  await withClient(url, async (client) => {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM regions WHERE code = $1`, [
      COUNTY_CODE,
    ]);
    if (rows[0].n === 0) await importRegions(url);
  });
  await withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM organisations WHERE type = 'school' AND school_code IS NOT NULL`,
    );
    if (rows[0].n > 0) return;
    await client.query('BEGIN');
    await insertPlaces(client);
    // Only the county's schools: the worker's reminder sweep makes a monthly report item and
    // job per school, which for the whole province would load the worker beside the imports.
    await client.query(
      `DELETE FROM organisations o USING regions c
        WHERE c.code = $1 AND o.type = 'school' AND NOT starts_with(o.region_path, c.path)`,
      [COUNTY_CODE],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    progress('database: bureaus and schools in');
  });
  await withClient(url, (client) => ensureOfficer(client));
  const places = await withClient(url, (client) => readPlaces(client));
  progress(
    `database: ready in ${seconds(Date.now() - started)} (${places.villages.length} villages of ${COUNTY_CODE})`,
  );
  return places;
}

/** Province 37 through the app's own import (`regions:import --province 37`). */
async function importRegions(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const result = await new RegionImportService(dataSource).import({ province: PROVINCE });
    progress(`database: ${result.inserted} regions imported in ${result.seconds.toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

async function ensureOfficer(client: Client): Promise<void> {
  const passwordHash = await hashPassword(BENCH_OFFICER.password);
  await client.query(
    `INSERT INTO users (username, display_name, password_hash, role, scope_path, organisation_id,
                        scope_region_id, heads_organisation)
     SELECT $1, '县教育局干部', $2, 'bureau_officer', r.path, o.id, r.id, false
       FROM regions r JOIN organisations o ON o.region_id = r.id AND o.type = 'education_bureau'
      WHERE r.code = $3
     ON CONFLICT (username) DO NOTHING`,
    [BENCH_OFFICER.username, passwordHash, COUNTY_CODE],
  );
}

async function readPlaces(client: Client): Promise<BenchPlaces> {
  const county = await client.query<{ path: string }>(`SELECT path FROM regions WHERE code = $1`, [
    COUNTY_CODE,
  ]);
  if (!county.rows[0]) throw new Error(`region ${COUNTY_CODE} missing after the import`);
  // bench_villages / bench_schools are the dashboard places' ordinal tables.
  const villages = await client.query<BenchVillage>(
    `SELECT r.code, r.name, p.school_code AS "primarySchool", j.school_code AS "juniorSchool"
       FROM bench_villages v
       JOIN regions r ON r.id = v.region_id
       JOIN bench_schools ps ON ps.level = 'primary' AND ps.town_ord = v.town_ord AND ps.grp = v.rank_in_town / $2
       JOIN organisations p ON p.id = ps.organisation_id
       JOIN bench_schools js ON js.level = 'junior_secondary' AND js.town_ord = v.town_ord
       JOIN organisations j ON j.id = js.organisation_id
      WHERE starts_with(v.path, $1)
      ORDER BY r.code`,
    [county.rows[0].path, VILLAGES_PER_PRIMARY],
  );
  const others = await client.query<{ code: string }>(
    `SELECT code FROM regions WHERE kind = 'county' AND starts_with(path, $1) AND code <> $2 ORDER BY code`,
    [PROVINCE_PATH, COUNTY_CODE],
  );
  return {
    countyPath: county.rows[0].path,
    villages: villages.rows,
    otherCounties: others.rows.map((row) => row.code),
  };
}

/**
 * Nothing of a previous run: no imports (their files, rows, errors), no comparison runs or
 * findings, no routed cases or the student records routing made (the bench database has no
 * others), and the registers' planner statistics those of empty tables. The data is then the
 * bench's own files and nothing else.
 */
export async function clearRegisters(url: string): Promise<void> {
  await withClient(url, async (client) => {
    // A statement left running by a run that was killed would hold its tables.
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
    );
    await client.query(
      `TRUNCATE register_id_blocks, register_rows, register_import_chunks, register_import_errors,
                register_import_files, comparison_findings, comparison_runs, register_imports,
                cases, students CASCADE`,
    );
    // Statistics that know nothing of the rows about to be imported, rather than whatever the
    // previous run or autovacuum left: the import's own ANALYZE after its commit is what the
    // comparison's plan must rest on, not luck.
    await client.query(`ANALYZE register_rows, register_imports`);
    await client.query(
      `DELETE FROM pg_statistic
        WHERE starelid IN ('register_rows'::regclass, 'register_imports'::regclass)
           OR starelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'register_rows'::regclass)`,
    );
    // The work tables of imports a killed run left (their imports are gone).
    const { rows: left } = await client.query<{ name: string }>(
      `SELECT quote_ident(relname) AS name FROM pg_class
        WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace
          AND (relname LIKE 'register\\_staging\\_%' OR relname LIKE 'register\\_pending\\_%')`,
    );
    for (const { name } of left) await client.query(`DROP TABLE IF EXISTS ${name}`);
  });
}
