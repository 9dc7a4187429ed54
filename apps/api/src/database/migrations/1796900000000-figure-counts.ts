import { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildFigureCounts } from '../../dashboard/figure-counts.rebuild';

/**
 * The dashboard's figure counts (动态清零 at province scale): one row per (node, metric), kept
 * current IN THE SAME TRANSACTION as the change by statement-level triggers on `cases`,
 * `case_events`, `students`, `student_flags` and `due_items`, so every write path (transitions,
 * transfers, merges, imports, reminders) is covered without its code knowing.
 *
 * A node is a region path (`/37/3708/`: every ancestor of the row's `region_path`, itself
 * included) or `school:<uuid>`. Cases count at regions by their `region_path` (the child's 户籍
 * village) and at schools by `school_id`; students likewise by `region_path` and `school_id`.
 *
 * Metrics:
 * - `open` (persuading), `toClear` (suspected, verifying), `monitoring`: the case's state now;
 * - `openHere`: open cases at the case's own region only; `regionsNotAtZero`: the regions
 *   under a node (itself included) whose `openHere` is not zero, kept as it crosses zero;
 * - `returned|placed|excluded|closed:<semester>`: transitions in that term (China day of `at`);
 * - `dropouts[Primary|Junior]:<school year>`: cases first confirmed as dropouts that year,
 *   by the child's grade now;
 * - `enrolled`, `enrolledPrimary`, `enrolledJunior`: students at a school, not merged away;
 * - `flag:<flag>`, `flagEnded:<flag>` (with a to_date), `flagFrom:<day>:<flag>`,
 *   `flagTo:<day>:<flag>`: flag rows of enrolled students; the rows current on day D are
 *   flag − Σ flagFrom > D − flagEnded + Σ flagTo ≥ D, so a read sums future-dated rows only;
 * - `dueOpen`, `dueOn:<day>`: pending due items of open cases; overdue on day D is
 *   dueOpen − Σ dueOn ≥ D (again future-dated rows only).
 *
 * Each statement applies its deltas in one INSERT … ON CONFLICT ordered by (node, metric), so
 * concurrent writers take the row locks in the same order; a trigger reading another table's
 * row (a due item's case) share-locks it first (fc_lock_cases). The count rows of high nodes
 * (the province) are hot: writers touching the same metric there queue until commit. Bulk loads disable the triggers
 * (session_replication_role = replica) and call rebuildFigureCounts afterwards.
 */
export class FigureCounts1796900000000 implements MigrationInterface {
  name = 'FigureCounts1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "figure_counts" (
      "node" text COLLATE "C" NOT NULL,
      "metric" text COLLATE "C" NOT NULL,
      "n" integer NOT NULL DEFAULT 0,
      CONSTRAINT "PK_figure_counts" PRIMARY KEY ("node", "metric"))`);
    // Room on each page, so a count's update stays on its page (HOT) near its node's others.
    await queryRunner.query(`ALTER TABLE "figure_counts" SET (fillfactor = 70)`);
    for (const sql of FUNCTIONS) await queryRunner.query(sql);
    for (const sql of TRIGGERS) await queryRunner.query(sql);
    // Count what is already there; from now on the triggers keep the counts.
    await rebuildFigureCounts(queryRunner.manager);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table] of TRIGGER_NAMES) await queryRunner.query(`DROP TRIGGER ${name} ON "${table}"`);
    for (const fn of [
      'fc_cases_insert()',
      'fc_cases_update()',
      'fc_cases_delete()',
      'fc_case_events_insert()',
      'fc_students_insert()',
      'fc_students_update()',
      'fc_students_delete()',
      'fc_flags_insert()',
      'fc_flags_update()',
      'fc_flags_delete()',
      'fc_due_items_insert()',
      'fc_due_items_update()',
      'fc_due_items_delete()',
      'fc_due_deltas(fc_due[])',
      'fc_flag_deltas(fc_flag[])',
      'fc_student_deltas(fc_student[])',
      'fc_case_deltas(fc_case[])',
      'fc_apply(fc_delta[])',
      'fc_lock_students(uuid[])',
      'fc_lock_cases(uuid[])',
      'fc_region_nodes(text)',
      'fc_stage(smallint)',
      'fc_event_metric(case_transition)',
      'fc_school_year(date)',
      'fc_semester(date)',
      'fc_china_day(timestamptz)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    for (const type of ['fc_due', 'fc_flag', 'fc_student', 'fc_case', 'fc_delta'])
      await queryRunner.query(`DROP TYPE ${type}`);
    await queryRunner.query(`DROP TABLE "figure_counts"`);
  }
}

const FUNCTIONS = [
  `CREATE FUNCTION fc_china_day(at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE
     AS $$ SELECT (at AT TIME ZONE 'Asia/Shanghai')::date $$`,
  // Terms and school years as libs/domain periods.ts names them: 2026-2027-1, 2026-2027.
  `CREATE FUNCTION fc_semester(d date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE
       WHEN extract(month FROM d) >= 9 THEN extract(year FROM d)::int || '-' || (extract(year FROM d)::int + 1) || '-1'
       WHEN extract(month FROM d) = 1 THEN (extract(year FROM d)::int - 1) || '-' || extract(year FROM d)::int || '-1'
       ELSE (extract(year FROM d)::int - 1) || '-' || extract(year FROM d)::int || '-2' END $$`,
  `CREATE FUNCTION fc_school_year(d date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN extract(month FROM d) >= 9
       THEN extract(year FROM d)::int || '-' || (extract(year FROM d)::int + 1)
       ELSE (extract(year FROM d)::int - 1) || '-' || extract(year FROM d)::int END $$`,
  `CREATE FUNCTION fc_event_metric(t case_transition) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE t WHEN 'record_return' THEN 'returned' WHEN 'record_placement' THEN 'placed'
       WHEN 'exclude' THEN 'excluded' WHEN 'approve_closing' THEN 'closed' WHEN 'close_excluded' THEN 'closed' END $$`,
  `CREATE FUNCTION fc_stage(grade smallint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN grade BETWEEN 1 AND 6 THEN 'Primary' WHEN grade BETWEEN 7 AND 9 THEN 'Junior' END $$`,
  // '/37/3708/370829/' → '/37/', '/37/3708/', '/37/3708/370829/'.
  `CREATE FUNCTION fc_region_nodes(path text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
     SELECT '/' || array_to_string(p.parts[1:i], '/') || '/'
       FROM (SELECT string_to_array(trim(BOTH '/' FROM path), '/') AS parts) p,
            generate_series(1, cardinality(p.parts)) i $$`,
  // here: the region_path node only (no ancestors, no school).
  `CREATE TYPE fc_delta AS (region_path text, school_id uuid, metric text, n integer, here boolean)`,
  `CREATE TYPE fc_case AS (id uuid, state case_state, region_path text, school_id uuid, grade smallint, sign integer, events boolean)`,
  `CREATE TYPE fc_student AS (id uuid, region_path text, school_id uuid, grade smallint, merged boolean, sign integer)`,
  `CREATE TYPE fc_flag AS (student_id uuid, flag special_status_flag, from_date date, to_date date, sign integer)`,
  `CREATE TYPE fc_due AS (case_id uuid, due_on date, pending boolean, sign integer)`,
  // A trigger reading a row of another table (a due item's case, a flag's student) first takes
  // a share lock on it, in id order: a concurrent move of that row then waits for this
  // transaction, or this read waits for the move and sees it (READ COMMITTED takes a new
  // snapshot per statement), so no count stays where the row was.
  `CREATE FUNCTION fc_lock_cases(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
     PERFORM 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR SHARE; END $$`,
  `CREATE FUNCTION fc_lock_students(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
     PERFORM 1 FROM students WHERE id = ANY(ids) ORDER BY id FOR SHARE; END $$`,
  // One ordered upsert; an `openHere` crossing zero then moves `regionsNotAtZero` above it.
  `CREATE FUNCTION fc_apply(deltas fc_delta[]) RETURNS void LANGUAGE plpgsql AS $$
   DECLARE crossings fc_delta[];
   BEGIN
     WITH agg AS (
       SELECT x.node, x.metric, sum(x.n)::int AS n FROM (
         SELECT r.node, d.metric, d.n FROM unnest(deltas) d CROSS JOIN LATERAL fc_region_nodes(d.region_path) r(node)
          WHERE NOT d.here
         UNION ALL
         SELECT 'school:' || d.school_id, d.metric, d.n FROM unnest(deltas) d WHERE NOT d.here AND d.school_id IS NOT NULL
         UNION ALL
         SELECT d.region_path, d.metric, d.n FROM unnest(deltas) d WHERE d.here
       ) x
       GROUP BY x.node, x.metric HAVING sum(x.n) <> 0),
     up AS (
       INSERT INTO figure_counts AS f (node, metric, n)
       SELECT agg.node, agg.metric, agg.n FROM agg ORDER BY agg.node COLLATE "C", agg.metric COLLATE "C"
       ON CONFLICT (node, metric) DO UPDATE SET n = f.n + excluded.n
       RETURNING f.node, f.metric, f.n)
     SELECT array_agg(ROW(up.node, NULL, 'regionsNotAtZero', CASE WHEN up.n > 0 THEN 1 ELSE -1 END, false)::fc_delta)
       INTO crossings
       FROM up JOIN agg ON agg.node = up.node AND agg.metric = up.metric
      WHERE up.metric = 'openHere' AND (up.n > 0) <> (up.n - agg.n > 0);
     IF crossings IS NOT NULL THEN PERFORM fc_apply(crossings); END IF;
   END $$`,
  // The delta functions are PL/pgSQL so their plans are cached per session (SQL functions plan per call).
  // A case's contribution: its state, and (events) its term transitions and first confirmation.
  `CREATE FUNCTION fc_case_deltas(cs fc_case[]) RETURNS SETOF fc_delta LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN QUERY
     WITH c AS (SELECT * FROM unnest(cs))
     SELECT c.region_path, c.school_id, m.metric, c.sign, false FROM c
       CROSS JOIN LATERAL (SELECT CASE c.state WHEN 'persuading' THEN 'open' WHEN 'suspected' THEN 'toClear'
         WHEN 'verifying' THEN 'toClear' WHEN 'monitoring' THEN 'monitoring' END) m(metric)
      WHERE m.metric IS NOT NULL
     UNION ALL
     SELECT c.region_path, NULL, 'openHere', c.sign, true FROM c WHERE c.state = 'persuading'
     UNION ALL
     SELECT c.region_path, c.school_id, fc_event_metric(e.transition) || ':' || fc_semester(fc_china_day(e.at)), c.sign, false
       FROM c JOIN case_events e ON e.case_id = c.id
      WHERE c.events AND fc_event_metric(e.transition) IS NOT NULL
     UNION ALL
     SELECT c.region_path, c.school_id, s.metric || ':' || fc_school_year(fst.day), c.sign, false
       FROM c CROSS JOIN LATERAL (SELECT fc_china_day(min(e.at)) AS day FROM case_events e
                                   WHERE e.case_id = c.id AND e.transition = 'confirm_dropout') fst
       CROSS JOIN LATERAL unnest(ARRAY['dropouts', 'dropouts' || fc_stage(c.grade)]) s(metric)
      WHERE c.events AND fst.day IS NOT NULL AND s.metric IS NOT NULL
     UNION ALL
     SELECT c.region_path, c.school_id, m.metric, c.sign, false
       FROM c JOIN due_items d ON d.case_id = c.id AND d.status = 'pending'
       CROSS JOIN LATERAL unnest(ARRAY['dueOpen', 'dueOn:' || to_char(d.due_on, 'YYYY-MM-DD')]) m(metric)
      WHERE c.state IN ('suspected', 'verifying', 'persuading', 'monitoring') ; END $$`,
  // A student's contribution when enrolled (at a school, not merged away): stage and flags.
  `CREATE FUNCTION fc_student_deltas(ss fc_student[]) RETURNS SETOF fc_delta LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN QUERY
     WITH s AS (SELECT * FROM unnest(ss) WHERE school_id IS NOT NULL AND NOT merged)
     SELECT s.region_path, s.school_id, m.metric, s.sign, false FROM s
       CROSS JOIN LATERAL unnest(ARRAY['enrolled', 'enrolled' || fc_stage(s.grade)]) m(metric)
      WHERE m.metric IS NOT NULL
     UNION ALL
     SELECT s.region_path, s.school_id, m.metric, s.sign, false FROM s
       JOIN student_flags f ON f.student_id = s.id AND (f.to_date IS NULL OR f.to_date >= f.from_date)
       CROSS JOIN LATERAL unnest(ARRAY['flag:' || f.flag, 'flagFrom:' || to_char(f.from_date, 'YYYY-MM-DD') || ':' || f.flag,
         'flagEnded:' || CASE WHEN f.to_date IS NOT NULL THEN f.flag::text END,
         'flagTo:' || to_char(f.to_date, 'YYYY-MM-DD') || ':' || f.flag]) m(metric)
      WHERE m.metric IS NOT NULL ; END $$`,
  `CREATE FUNCTION fc_flag_deltas(fs fc_flag[]) RETURNS SETOF fc_delta LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_lock_students(ARRAY(SELECT f.student_id FROM unnest(fs) f));
     RETURN QUERY
     SELECT s.region_path, s.school_id, m.metric, f.sign, false
       FROM unnest(fs) f JOIN students s ON s.id = f.student_id AND s.school_id IS NOT NULL AND s.merged_into_id IS NULL
       CROSS JOIN LATERAL unnest(ARRAY['flag:' || f.flag, 'flagFrom:' || to_char(f.from_date, 'YYYY-MM-DD') || ':' || f.flag,
         'flagEnded:' || CASE WHEN f.to_date IS NOT NULL THEN f.flag::text END,
         'flagTo:' || to_char(f.to_date, 'YYYY-MM-DD') || ':' || f.flag]) m(metric)
      WHERE m.metric IS NOT NULL AND (f.to_date IS NULL OR f.to_date >= f.from_date) ; END $$`,
  `CREATE FUNCTION fc_due_deltas(ds fc_due[]) RETURNS SETOF fc_delta LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_lock_cases(ARRAY(SELECT d.case_id FROM unnest(ds) d WHERE d.pending));
     RETURN QUERY
     SELECT c.region_path, c.school_id, m.metric, d.sign, false
       FROM unnest(ds) d JOIN cases c ON c.id = d.case_id AND c.state IN ('suspected', 'verifying', 'persuading', 'monitoring')
       CROSS JOIN LATERAL unnest(ARRAY['dueOpen', 'dueOn:' || to_char(d.due_on, 'YYYY-MM-DD')]) m(metric)
      WHERE d.pending ; END $$`,
  `CREATE FUNCTION fc_cases_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_lock_students(ARRAY(SELECT c.student_id FROM new_rows c));
     PERFORM fc_apply(ARRAY(SELECT fc_case_deltas(ARRAY(
       SELECT ROW(c.id, c.state, c.region_path, c.school_id, st.grade, 1, true)::fc_case
         FROM new_rows c LEFT JOIN students st ON st.id = c.student_id))));
     RETURN NULL; END $$`,
  // Only rows whose figures move; events follow the case where it goes (transfers, merges).
  `CREATE FUNCTION fc_cases_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_lock_students(ARRAY(
       SELECT unnest(ARRAY[o.student_id, n.student_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.state, o.region_path, o.school_id, o.student_id) IS DISTINCT FROM
              (n.state, n.region_path, n.school_id, n.student_id)));
     PERFORM fc_apply(ARRAY(SELECT fc_case_deltas(ARRAY(
       SELECT ROW(o.id, o.state, o.region_path, o.school_id, so.grade, -1, moved)::fc_case
         FROM old_rows o JOIN new_rows n ON n.id = o.id
         LEFT JOIN students so ON so.id = o.student_id
         CROSS JOIN LATERAL (SELECT (o.region_path, o.school_id, o.student_id) IS DISTINCT FROM
                                    (n.region_path, n.school_id, n.student_id) AS moved) x
        WHERE moved OR o.state <> n.state
       UNION ALL
       SELECT ROW(n.id, n.state, n.region_path, n.school_id, sn.grade, 1, moved)::fc_case
         FROM old_rows o JOIN new_rows n ON n.id = o.id
         LEFT JOIN students sn ON sn.id = n.student_id
         CROSS JOIN LATERAL (SELECT (o.region_path, o.school_id, o.student_id) IS DISTINCT FROM
                                    (n.region_path, n.school_id, n.student_id) AS moved) x
        WHERE moved OR o.state <> n.state))));
     RETURN NULL; END $$`,
  // Row-level BEFORE DELETE: the case's events still exist (deleting cases is rare).
  `CREATE FUNCTION fc_cases_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_case_deltas(ARRAY(
       SELECT ROW(OLD.id, OLD.state, OLD.region_path, OLD.school_id, st.grade, -1, true)::fc_case
         FROM (SELECT 1) one LEFT JOIN students st ON st.id = OLD.student_id))));
     RETURN OLD; END $$`,
  // New events: term transitions count where the case is; a confirmation counts when it is
  // the case's first (an earlier-dated one moves the count to its school year).
  `CREATE FUNCTION fc_case_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_lock_cases(ARRAY(SELECT e.case_id FROM new_rows e
       WHERE fc_event_metric(e.transition) IS NOT NULL OR e.transition = 'confirm_dropout'));
     PERFORM fc_lock_students(ARRAY(SELECT c.student_id FROM cases c
       WHERE c.id IN (SELECT e.case_id FROM new_rows e WHERE e.transition = 'confirm_dropout')));
     PERFORM fc_apply(ARRAY(
       SELECT ROW(c.region_path, c.school_id, fc_event_metric(e.transition) || ':' || fc_semester(fc_china_day(e.at)), 1, false)::fc_delta
         FROM new_rows e JOIN cases c ON c.id = e.case_id
        WHERE fc_event_metric(e.transition) IS NOT NULL
       UNION ALL
       SELECT ROW(c.region_path, c.school_id, m.metric || ':' || fc_school_year(d.day), d.sign, false)::fc_delta
         FROM (SELECT DISTINCT case_id FROM new_rows WHERE transition = 'confirm_dropout') k
         JOIN cases c ON c.id = k.case_id
         LEFT JOIN students st ON st.id = c.student_id
         CROSS JOIN LATERAL (
           SELECT fc_china_day(min(e.at)) AS before FROM case_events e
            WHERE e.case_id = k.case_id AND e.transition = 'confirm_dropout'
              AND e.id NOT IN (SELECT id FROM new_rows)) b
         CROSS JOIN LATERAL (
           SELECT fc_china_day(min(e.at)) AS after FROM case_events e
            WHERE e.case_id = k.case_id AND e.transition = 'confirm_dropout') a
         CROSS JOIN LATERAL (VALUES (b.before, -1), (a.after, 1)) d(day, sign)
         CROSS JOIN LATERAL unnest(ARRAY['dropouts', 'dropouts' || fc_stage(st.grade)]) m(metric)
        WHERE d.day IS NOT NULL AND m.metric IS NOT NULL AND b.before IS DISTINCT FROM a.after));
     RETURN NULL; END $$`,
  `CREATE FUNCTION fc_students_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_student_deltas(ARRAY(
       SELECT ROW(s.id, s.region_path, s.school_id, s.grade, s.merged_into_id IS NOT NULL, 1)::fc_student
         FROM new_rows s))));
     RETURN NULL; END $$`,
  // A changed school, region, grade or merge moves the student's counts and flags; a new
  // stage also moves the dropouts of the child's cases between primary and junior.
  `CREATE FUNCTION fc_students_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(
       SELECT fc_student_deltas(ARRAY(
         SELECT ROW(o.id, o.region_path, o.school_id, o.grade, o.merged_into_id IS NOT NULL, -1)::fc_student
           FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.region_path, o.school_id, o.grade, o.merged_into_id IS NULL)
                IS DISTINCT FROM (n.region_path, n.school_id, n.grade, n.merged_into_id IS NULL)
         UNION ALL
         SELECT ROW(n.id, n.region_path, n.school_id, n.grade, n.merged_into_id IS NOT NULL, 1)::fc_student
           FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.region_path, o.school_id, o.grade, o.merged_into_id IS NULL)
                IS DISTINCT FROM (n.region_path, n.school_id, n.grade, n.merged_into_id IS NULL)))
       UNION ALL
       SELECT fc_case_deltas(ARRAY(
         SELECT ROW(c.id, c.state, c.region_path, c.school_id, o.grade, -1, true)::fc_case
           FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN cases c ON c.student_id = n.id
          WHERE fc_stage(o.grade) IS DISTINCT FROM fc_stage(n.grade)
         UNION ALL
         SELECT ROW(c.id, c.state, c.region_path, c.school_id, n.grade, 1, true)::fc_case
           FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN cases c ON c.student_id = n.id
          WHERE fc_stage(o.grade) IS DISTINCT FROM fc_stage(n.grade)))));
     RETURN NULL; END $$`,
  // Row-level BEFORE DELETE: the student's flags still exist (their cascade then finds no student).
  `CREATE FUNCTION fc_students_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_student_deltas(ARRAY[
       ROW(OLD.id, OLD.region_path, OLD.school_id, OLD.grade, OLD.merged_into_id IS NOT NULL, -1)::fc_student])));
     RETURN OLD; END $$`,
  `CREATE FUNCTION fc_flags_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_flag_deltas(ARRAY(
       SELECT ROW(f.student_id, f.flag, f.from_date, f.to_date, 1)::fc_flag FROM new_rows f))));
     RETURN NULL; END $$`,
  `CREATE FUNCTION fc_flags_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_flag_deltas(ARRAY(
       SELECT ROW(f.student_id, f.flag, f.from_date, f.to_date, -1)::fc_flag FROM old_rows f
       UNION ALL
       SELECT ROW(f.student_id, f.flag, f.from_date, f.to_date, 1)::fc_flag FROM new_rows f))));
     RETURN NULL; END $$`,
  `CREATE FUNCTION fc_flags_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_flag_deltas(ARRAY(
       SELECT ROW(f.student_id, f.flag, f.from_date, f.to_date, -1)::fc_flag FROM old_rows f))));
     RETURN NULL; END $$`,
  `CREATE FUNCTION fc_due_items_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_due_deltas(ARRAY(
       SELECT ROW(d.case_id, d.due_on, d.status = 'pending', 1)::fc_due FROM new_rows d WHERE d.case_id IS NOT NULL))));
     RETURN NULL; END $$`,
  // Reminder stages move often; only a new status, day or case moves a count.
  `CREATE FUNCTION fc_due_items_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_due_deltas(ARRAY(
       SELECT ROW(o.case_id, o.due_on, o.status = 'pending', -1)::fc_due
         FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.case_id IS NOT NULL AND (o.status, o.due_on, o.case_id) IS DISTINCT FROM (n.status, n.due_on, n.case_id)
       UNION ALL
       SELECT ROW(n.case_id, n.due_on, n.status = 'pending', 1)::fc_due
         FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.case_id IS NOT NULL AND (o.status, o.due_on, o.case_id) IS DISTINCT FROM (n.status, n.due_on, n.case_id)))));
     RETURN NULL; END $$`,
  `CREATE FUNCTION fc_due_items_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
     PERFORM fc_apply(ARRAY(SELECT fc_due_deltas(ARRAY(
       SELECT ROW(d.case_id, d.due_on, d.status = 'pending', -1)::fc_due FROM old_rows d WHERE d.case_id IS NOT NULL))));
     RETURN NULL; END $$`,
];

const TRIGGER_NAMES: readonly (readonly [string, string])[] = [
  ['fc_cases_insert', 'cases'],
  ['fc_cases_update', 'cases'],
  ['fc_cases_delete', 'cases'],
  ['fc_case_events_insert', 'case_events'],
  ['fc_students_insert', 'students'],
  ['fc_students_update', 'students'],
  ['fc_students_delete', 'students'],
  ['fc_flags_insert', 'student_flags'],
  ['fc_flags_update', 'student_flags'],
  ['fc_flags_delete', 'student_flags'],
  ['fc_due_items_insert', 'due_items'],
  ['fc_due_items_update', 'due_items'],
  ['fc_due_items_delete', 'due_items'],
];

const TRIGGERS = [
  `CREATE TRIGGER fc_cases_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_cases_insert()`,
  `CREATE TRIGGER fc_cases_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_cases_update()`,
  `CREATE TRIGGER fc_cases_delete BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION fc_cases_delete()`,
  `CREATE TRIGGER fc_case_events_insert AFTER INSERT ON case_events REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_case_events_insert()`,
  `CREATE TRIGGER fc_students_insert AFTER INSERT ON students REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_students_insert()`,
  `CREATE TRIGGER fc_students_update AFTER UPDATE ON students REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_students_update()`,
  `CREATE TRIGGER fc_students_delete BEFORE DELETE ON students FOR EACH ROW EXECUTE FUNCTION fc_students_delete()`,
  `CREATE TRIGGER fc_flags_insert AFTER INSERT ON student_flags REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_flags_insert()`,
  `CREATE TRIGGER fc_flags_update AFTER UPDATE ON student_flags REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_flags_update()`,
  `CREATE TRIGGER fc_flags_delete AFTER DELETE ON student_flags REFERENCING OLD TABLE AS old_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_flags_delete()`,
  `CREATE TRIGGER fc_due_items_insert AFTER INSERT ON due_items REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_due_items_insert()`,
  `CREATE TRIGGER fc_due_items_update AFTER UPDATE ON due_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_due_items_update()`,
  `CREATE TRIGGER fc_due_items_delete AFTER DELETE ON due_items REFERENCING OLD TABLE AS old_rows
     FOR EACH STATEMENT EXECUTE FUNCTION fc_due_items_delete()`,
];
