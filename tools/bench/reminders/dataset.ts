import { Client } from 'pg';
import { ensureDatabaseExists, runMigrations } from '../../../apps/api/src/database/database-bootstrap';
import { progress, seconds } from '../bench-report';

/** Shape of the benchmark's county: one county, 10 towns, 200 villages, 300 schools. */
export const DATASET = {
  towns: 10,
  villagesPerTown: 20,
  schoolsPerTown: 30,
  cases: 100_000,
  /** Bumped whenever the generated rows change, so an old database is rebuilt. */
  version: 1,
} as const;

/** A statistical province code no real province uses: the bench county can never meet real data. */
const PROVINCE = '99';
const CITY = `${PROVINCE}01`;
const COUNTY = `${CITY}01`;
export const COUNTY_PATH = `/${PROVINCE}/${CITY}/${COUNTY}/`;

/**
 * The China date the cases' dates are written around. The bench sets its clock to this day,
 * so the data never goes stale; early in a month, so the schools' monthly reports (due on
 * the 28th by default) fall due after everything measured.
 */
export const ANCHOR_DAY = '2026-12-02';

export interface Dataset {
  /** The ANCHOR_DAY the data was built around. */
  anchorDay: string;
  reused: boolean;
}

/**
 * The benchmark's own database: migrated, then filled with set-based SQL (generate_series),
 * or reused as it is when a previous run left it complete.
 */
export async function prepareDataset(url: string): Promise<Dataset> {
  const existing = await completeDataset(url);
  if (existing) {
    // Migrations added since it was built (an index, say) apply to the data as it is.
    await runMigrations(url);
    progress(`dataset: reusing ${databaseName(url)} (built for ${existing}), migrated`);
    return { anchorDay: existing, reused: true };
  }
  await recreateDatabase(url);
  let started = Date.now();
  await runMigrations(url);
  progress(`dataset: migrated ${databaseName(url)} in ${seconds(Date.now() - started)}`);
  started = Date.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    // The rows are consistent by construction: skip the per-row foreign-key triggers.
    await client.query(`SET LOCAL session_replication_role = replica`);
    await insertPlaces(client);
    await insertPeople(client);
    await insertCases(client, ANCHOR_DAY);
    await client.query(
      `CREATE TABLE bench_dataset (version int NOT NULL, cases int NOT NULL, anchor_day date NOT NULL)`,
    );
    await client.query(`INSERT INTO bench_dataset VALUES ($1, $2, $3)`, [
      DATASET.version,
      DATASET.cases,
      ANCHOR_DAY,
    ]);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  progress(`dataset: ${DATASET.cases} open cases built in ${seconds(Date.now() - started)}`);
  return { anchorDay: ANCHOR_DAY, reused: false };
}

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

/** The anchor day of a complete dataset of the current version, or null. */
async function completeDataset(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const found = await client.query(`SELECT to_regclass('bench_dataset') AS t`);
    if (!found.rows[0].t) return null;
    const rows = await client.query(
      `SELECT d.anchor_day::text AS anchor,
              (SELECT count(*)::int FROM cases WHERE state = 'persuading') AS open,
              (SELECT count(*)::int FROM case_responsibles WHERE active) AS responsibles
         FROM bench_dataset d WHERE d.version = $1 AND d.cases = $2 AND d.anchor_day = $3`,
      [DATASET.version, DATASET.cases, ANCHOR_DAY],
    );
    const row = rows.rows[0];
    return row && row.open === DATASET.cases && row.responsibles === 2 * DATASET.cases ? row.anchor : null;
  } finally {
    await client.end();
  }
}

async function recreateDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseName(url))} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await ensureDatabaseExists(url);
}

/** Runs one statement of the build, reporting the slow ones. */
async function timed(client: Client, sql: string, params: unknown[] = []): Promise<void> {
  const started = Date.now();
  await client.query(sql, params);
  const ms = Date.now() - started;
  if (ms > 500) progress(`dataset: ${sql.trim().split(/\s+/).slice(0, 3).join(' ')}: ${seconds(ms)}`);
}

/**
 * Province → city → county → 10 towns → 20 villages each; the county's bureau and
 * government, each town's government, each village's committee and 30 schools per town.
 * `bench_*` ordinal tables let later statements pick a village or school by number.
 */
async function insertPlaces(client: Client): Promise<void> {
  const { towns, villagesPerTown, schoolsPerTown } = DATASET;
  await timed(
    client,
    `INSERT INTO regions (code, name, kind, path, depth, statistical_parent_code, parent_id)
     VALUES ($1, '基准省', 'province', $2, 1, NULL, NULL)`,
    [PROVINCE, `/${PROVINCE}/`],
  );
  await timed(
    client,
    `INSERT INTO regions (code, name, kind, path, depth, statistical_parent_code, parent_id)
     SELECT $1, '基准市', 'city', $2, 2, $3::varchar, id FROM regions WHERE code = $3::varchar`,
    [CITY, `/${PROVINCE}/${CITY}/`, PROVINCE],
  );
  await timed(
    client,
    `INSERT INTO regions (code, name, kind, path, depth, statistical_parent_code, parent_id)
     SELECT $1, '基准县', 'county', $2, 3, $3::varchar, id FROM regions WHERE code = $3::varchar`,
    [COUNTY, COUNTY_PATH, CITY],
  );
  await timed(
    client,
    `INSERT INTO regions (code, name, kind, path, depth, statistical_parent_code, parent_id)
     SELECT c.code || lpad(t::text, 3, '0'), '基准镇' || t, 'town', c.path || c.code || lpad(t::text, 3, '0') || '/',
            4, c.code, c.id
       FROM regions c, generate_series(1, $2::int) t WHERE c.code = $1`,
    [COUNTY, towns],
  );
  await timed(
    client,
    `INSERT INTO regions (code, name, kind, path, depth, statistical_parent_code, parent_id)
     SELECT t.code || lpad(v::text, 3, '0'), t.name || '村' || v, 'village',
            t.path || t.code || lpad(v::text, 3, '0') || '/', 5, t.code, t.id
       FROM regions t, generate_series(1, $1::int) v WHERE t.kind = 'town'`,
    [villagesPerTown],
  );
  await timed(
    client,
    `INSERT INTO organisations (name, type, region_id, region_path)
     SELECT '基准县教育局', 'education_bureau'::organisation_type, id, path FROM regions WHERE code = $1
     UNION ALL SELECT '基准县人民政府', 'county_government', id, path FROM regions WHERE code = $1
     UNION ALL SELECT name || '人民政府', 'town_government', id, path FROM regions WHERE kind = 'town'
     UNION ALL SELECT name || '村民委员会', 'village_committee', id, path FROM regions WHERE kind = 'village'`,
    [COUNTY],
  );
  await timed(
    client,
    `INSERT INTO organisations (name, type, region_id, region_path, school_code, school_level)
     SELECT t.name || '第' || s || '学校', 'school', t.id, t.path,
            $1 || lpad(((right(t.code, 3)::int - 1) * $2 + s)::text, 6, '0'), 'nine_year'
       FROM regions t, generate_series(1, $2::int) s WHERE t.kind = 'town'`,
    [COUNTY.slice(0, 4), schoolsPerTown],
  );
  await timed(
    client,
    `CREATE TABLE bench_villages AS
     SELECT (row_number() OVER (ORDER BY r.code) - 1)::int AS ord, r.id AS region_id, r.path,
            o.id AS organisation_id, right(r.statistical_parent_code, 3)::int - 1 AS town_ord
       FROM regions r JOIN organisations o ON o.region_id = r.id AND o.type = 'village_committee'
      WHERE r.kind = 'village'`,
  );
  await timed(
    client,
    `CREATE TABLE bench_schools AS
     SELECT (row_number() OVER (ORDER BY o.school_code) - 1)::int AS ord, o.id AS organisation_id,
            o.region_path AS path
       FROM organisations o WHERE o.type = 'school'`,
  );
}

/**
 * The people reminders go to and escalate to: a village official per village, a teacher
 * and a principal per school, an official per town, the county official, the bureau's
 * officer and leader. Nobody signs in, so the password hash is a placeholder.
 */
async function insertPeople(client: Client): Promise<void> {
  await timed(
    client,
    `INSERT INTO users (username, display_name, password_hash, role, scope_path, organisation_id,
                        scope_region_id, scope_school_id, heads_organisation, phone)
     SELECT 'bench.village.' || v.ord, '村干部' || v.ord, 'bench', 'village_official'::user_role, v.path,
            v.organisation_id, v.region_id, NULL, false, NULL
       FROM bench_villages v
     UNION ALL
     SELECT 'bench.teacher.' || s.ord, '教师' || s.ord, 'bench', 'school_staff', s.path,
            s.organisation_id, NULL, s.organisation_id, false, NULL
       FROM bench_schools s
     UNION ALL
     SELECT 'bench.principal.' || s.ord, '校长' || s.ord, 'bench', 'school_staff', s.path,
            s.organisation_id, NULL, s.organisation_id, true, NULL
       FROM bench_schools s
     UNION ALL
     SELECT 'bench.town.' || r.code, r.name || '干部', 'bench', 'government_official', r.path,
            o.id, r.id, NULL, false, NULL
       FROM regions r JOIN organisations o ON o.region_id = r.id AND o.type = 'town_government'
      WHERE r.kind = 'town'
     UNION ALL
     SELECT 'bench.' || x.who, x.display, 'bench', x.role::user_role, r.path, o.id, r.id, NULL, x.heads, NULL
       FROM regions r
       JOIN (VALUES ('county.official', '县政府干部', 'government_official', 'county_government', false),
                    ('bureau.officer', '教育局干事', 'bureau_officer', 'education_bureau', false),
                    ('bureau.leader', '教育局局长', 'bureau_leader', 'education_bureau', true))
            AS x(who, display, role, org_type, heads) ON true
       JOIN organisations o ON o.region_id = r.id AND o.type = x.org_type::organisation_type
      WHERE r.code = $1`,
    [COUNTY],
  );
}

/**
 * 100,000 children, each with one open case in persuading: reported 3–4 days before the
 * anchor day, confirmed the next day, a village official and a teacher responsible. Their
 * follow-ups (7 days on) fall due 4 or 5 days after the anchor day, so every reminder job
 * is delayed, and the escalation of the earliest (two days after it) has not yet come when
 * the latest fires.
 */
async function insertCases(client: Client, anchorDay: string): Promise<void> {
  const { cases, towns, villagesPerTown, schoolsPerTown } = DATASET;
  const villages = towns * villagesPerTown;
  await timed(
    client,
    `CREATE TEMP TABLE bench_children ON COMMIT DROP AS
     SELECT i, gen_random_uuid() AS student_id, gen_random_uuid() AS case_id,
            v.ord AS village_ord, v.path AS village_path, v.region_id AS village_region_id,
            s.organisation_id AS school_id, s.path AS school_path, s.ord AS school_ord,
            (($2::date - 3 - (i % 2)) + time '09:30') AT TIME ZONE 'Asia/Shanghai' AS opened_at
       FROM generate_series(0, $1::int - 1) i
       JOIN bench_villages v ON v.ord = i % $3
       JOIN bench_schools s ON s.ord = v.town_ord * $4 + (i / $3) % $4`,
    [cases, anchorDay, villages, schoolsPerTown],
  );
  await timed(
    client,
    `INSERT INTO students (id, full_name, sex, birth_date, region_path, school_region_path, enrolment_status,
                           grade, class_name, hukou_region_id, school_id, student_number)
     SELECT c.student_id,
            (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗'])[1 + c.i % 20]
              || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀','霞','平'])[1 + (c.i / 20) % 20]
              || (ARRAY['','华','英','玉','兰','红','鹏','宇','浩','然'])[1 + (c.i / 400) % 10],
            CASE WHEN c.i % 2 = 0 THEN 'male' ELSE 'female' END::sex,
            date '2012-01-01' + (c.i % 1800), c.village_path, c.school_path, 'enrolled', 1 + c.i % 9,
            (1 + c.i % 4) || '班', c.village_region_id, c.school_id, 'B' || lpad(c.i::text, 12, '0')
       FROM bench_children c`,
  );
  await timed(
    client,
    `INSERT INTO cases (id, type, source, primary_reason, state, opened_at, region_path, school_region_path,
                        student_id, school_id, opened_by_user_id, persuasion_attempts)
     SELECT c.case_id, 'suspected_dropout', 'school_attendance', 'family_hardship', 'persuading', c.opened_at,
            c.village_path, c.school_path, c.student_id, c.school_id, t.id, 0
       FROM bench_children c JOIN users t ON t.username = 'bench.teacher.' || c.school_ord`,
  );
  await timed(
    client,
    `INSERT INTO case_events (case_id, kind, transition, from_state, to_state, at, actor_user_id, actor_name)
     SELECT c.case_id, e.kind::case_event_kind, e.transition::case_transition, e.from_state::case_state,
            e.to_state::case_state, c.opened_at + e.after, t.id, t.display_name
       FROM bench_children c
       JOIN users t ON t.username = 'bench.teacher.' || c.school_ord
       JOIN (VALUES ('opened', NULL, NULL, 'suspected', interval '0'),
                    ('transition', 'start_verification', 'suspected', 'verifying', interval '1 hour'),
                    ('transition', 'confirm_dropout', 'verifying', 'persuading', interval '1 day'))
            AS e(kind, transition, from_state, to_state, after) ON true`,
  );
  await timed(
    client,
    `INSERT INTO case_responsibles (case_id, name, party, line, level, phone, active, user_id, organisation_id)
     SELECT c.case_id, u.display_name, 'village'::party, 'government'::responsibility_line,
            'village'::responsibility_level, NULL, true, u.id, u.organisation_id
       FROM bench_children c JOIN users u ON u.username = 'bench.village.' || c.village_ord
     UNION ALL
     SELECT c.case_id, u.display_name, 'school', 'education', 'class', NULL, true, u.id, u.organisation_id
       FROM bench_children c JOIN users u ON u.username = 'bench.teacher.' || c.school_ord`,
  );
}
