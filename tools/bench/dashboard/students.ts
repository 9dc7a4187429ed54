import { Client } from 'pg';
import { VILLAGES_PER_PRIMARY } from './places';
import { pick, timed } from './sql-steps';

/** GB 11643-1999 weights of the first 17 characters (ISO 7064 MOD 11-2). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** SQL for the check character of the 17-digit text `body`. */
function idCheckCharacter(body: string): string {
  const sum = ID_WEIGHTS.map((weight, k) => `substr(${body}, ${k + 1}, 1)::int * ${weight}`).join(' + ');
  return `substr('10X98765432', (${sum}) % 11 + 1, 1)`;
}

/** Special-status flags with their rate per thousand students (plausible rural rates). */
const FLAG_RATES: readonly [flag: string, perMille: number][] = [
  ['left_behind', 150],
  ['migrant', 50],
  ['low_income', 30],
  ['poverty_monitoring', 20],
  ['in_difficulty', 10],
  ['disabled', 8],
  ['unsupported', 5],
  ['orphan', 3],
  ['extreme_poverty', 3],
  ['juvenile_case', 1],
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红鹏宇浩然欣怡子涵梓轩雨萱梦琪浩宇思远嘉懿';

/**
 * `students` enrolled children of the province, spread evenly over the villages (户籍) and
 * attending their village's primary (grades 1–6) or their town's junior secondary school
 * (7–9), of the age their grade has in the school year 2026–2027. 学籍号 is "G" + a valid
 * ID number (county code of the village, birth date, sequence odd for boys); the ID number
 * columns themselves stay empty (they are encrypted with the deployment's key).
 * Leaves the temporary table `bench_students` (ordinal `i`) for the cases.
 */
export async function insertStudents(client: Client, students: number): Promise<void> {
  const [{ villages }] = (await client.query(`SELECT count(*)::int AS villages FROM bench_villages`)).rows;
  await timed(
    client,
    `CREATE TEMP TABLE bench_students ON COMMIT DROP AS
     SELECT x.i, gen_random_uuid() AS id, v.region_id AS village_id, v.path AS village_path, v.county_code,
            x.grade, s.organisation_id AS school_id, s.path AS school_path,
            (date '2019-09-01' - make_interval(years => x.grade - 1))::date + ${pick('x.i', 11, 365)} AS birth_date,
            ${pick('x.i', 12, 2)} = 0 AS male
       FROM (SELECT i, 1 + ${pick('i', 10, 9)} AS grade FROM generate_series(0, $1::int - 1) i) x
       JOIN bench_villages v ON v.ord = x.i % $2::int
       JOIN bench_schools s
         ON s.level = CASE WHEN x.grade <= 6 THEN 'primary' ELSE 'junior_secondary' END
        AND s.town_ord = v.town_ord
        AND s.grp = CASE WHEN x.grade <= 6 THEN v.rank_in_town / $3::int ELSE 0 END`,
    [students, villages, VILLAGES_PER_PRIMARY],
  );
  await client.query(`CREATE UNIQUE INDEX ON bench_students (i)`);
  const surnames = SURNAMES.length;
  const given = GIVEN.length;
  await timed(
    client,
    `INSERT INTO students (id, full_name, sex, birth_date, student_number, region_path, school_region_path,
                           enrolment_status, grade, class_name, hukou_region_id, school_id)
     SELECT id,
            substr($1, 1 + ${pick('i', 20, surnames)}, 1) || substr($2, 1 + ${pick('i', 21, given)}, 1)
              || CASE WHEN ${pick('i', 22, 3)} = 0 THEN '' ELSE substr($2, 1 + ${pick('i', 23, given)}, 1) END,
            CASE WHEN male THEN 'male' ELSE 'female' END::sex, birth_date,
            'G' || body || ${idCheckCharacter('body')},
            village_path, school_path, 'enrolled', grade, (1 + ${pick('i', 24, 4)}) || '班', village_id, school_id
       FROM (SELECT b.*, b.county_code || to_char(b.birth_date, 'YYYYMMDD')
                    || lpad((2 * row_number() OVER (PARTITION BY b.county_code, b.birth_date, b.male ORDER BY b.i)
                             - CASE WHEN b.male THEN 1 ELSE 0 END)::text, 3, '0') AS body
               FROM bench_students b) s`,
    [SURNAMES, GIVEN],
  );
  await timed(
    client,
    `INSERT INTO student_flags (flag, from_date, to_date, student_id)
     SELECT f.flag::special_status_flag,
            greatest(b.birth_date, date '2026-09-01' - ${pick('b.i', 'f.seed + 100', 1500)}), NULL, b.id
       FROM bench_students b
       JOIN unnest($1::text[], $2::int[]) WITH ORDINALITY AS f(flag, per_mille, seed)
         ON ${pick('b.i', 'f.seed', 1000)} < f.per_mille`,
    [FLAG_RATES.map(([flag]) => flag), FLAG_RATES.map(([, perMille]) => perMille)],
  );
}
