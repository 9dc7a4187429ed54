import { EntityManager } from 'typeorm';

/**
 * Every +1 a figure count holds, from the raw rows, at the case's or student's region
 * (`region_path`, the child's 户籍 village, expanded to all its ancestors) and school
 * (`school_id`); `here` rows count at the region itself only. Written apart from the
 * triggers' delta functions on purpose: the two are checked against each other.
 */
const CONTRIBUTIONS = `
  SELECT c.region_path, c.school_id,
         CASE c.state WHEN 'persuading' THEN 'open' WHEN 'monitoring' THEN 'monitoring' ELSE 'toClear' END AS metric,
         false AS here
    FROM cases c WHERE c.state IN ('suspected', 'verifying', 'persuading', 'monitoring')
  UNION ALL
  SELECT c.region_path, NULL, 'openHere', true FROM cases c WHERE c.state = 'persuading'
  UNION ALL
  SELECT c.region_path, c.school_id, fc_event_metric(e.transition) || ':' || fc_semester(fc_china_day(e.at)), false
    FROM case_events e JOIN cases c ON c.id = e.case_id
   WHERE e.transition IN ('record_return', 'record_placement', 'exclude', 'approve_closing', 'close_excluded')
  UNION ALL
  SELECT c.region_path, c.school_id, m.metric || ':' || fc_school_year(f.day), false
    FROM (SELECT case_id, fc_china_day(min(at)) AS day FROM case_events
           WHERE transition = 'confirm_dropout' GROUP BY case_id) f
    JOIN cases c ON c.id = f.case_id
    LEFT JOIN students st ON st.id = c.student_id
    CROSS JOIN LATERAL unnest(ARRAY['dropouts', 'dropouts' || fc_stage(st.grade)]) m(metric)
   WHERE m.metric IS NOT NULL
  UNION ALL
  SELECT s.region_path, s.school_id, m.metric, false
    FROM students s CROSS JOIN LATERAL unnest(ARRAY['enrolled', 'enrolled' || fc_stage(s.grade)]) m(metric)
   WHERE s.school_id IS NOT NULL AND s.merged_into_id IS NULL AND m.metric IS NOT NULL
  UNION ALL
  SELECT s.region_path, s.school_id, m.metric, false
    FROM student_flags f JOIN students s ON s.id = f.student_id
    CROSS JOIN LATERAL unnest(ARRAY['flag:' || f.flag, 'flagFrom:' || to_char(f.from_date, 'YYYY-MM-DD') || ':' || f.flag,
      'flagEnded:' || CASE WHEN f.to_date IS NOT NULL THEN f.flag::text END,
      'flagTo:' || to_char(f.to_date, 'YYYY-MM-DD') || ':' || f.flag]) m(metric)
   WHERE s.school_id IS NOT NULL AND s.merged_into_id IS NULL AND m.metric IS NOT NULL
     AND (f.to_date IS NULL OR f.to_date >= f.from_date)
  UNION ALL
  SELECT c.region_path, c.school_id, m.metric, false
    FROM due_items d JOIN cases c ON c.id = d.case_id
    CROSS JOIN LATERAL unnest(ARRAY['dueOpen', 'dueOn:' || to_char(d.due_on, 'YYYY-MM-DD')]) m(metric)
   WHERE d.status = 'pending' AND c.state IN ('suspected', 'verifying', 'persuading', 'monitoring')
  UNION ALL
  SELECT r.region_path, NULL, 'regionsNotAtZero', false
    FROM (SELECT DISTINCT region_path FROM cases WHERE state = 'persuading') r`;

/**
 * Recomputes every figure count from the raw rows in one set-based pass: after a bulk load
 * (the dataset generator, an import) and as a repair tool. Run it in a transaction: TRUNCATE
 * locks the table, so readers wait for the new counts rather than see none.
 */
export async function rebuildFigureCounts(db: EntityManager): Promise<void> {
  await db.query('TRUNCATE figure_counts');
  await db.query(`
    INSERT INTO figure_counts (node, metric, n)
    WITH k AS (${CONTRIBUTIONS})
    SELECT x.node, x.metric, count(*)::int FROM (
      SELECT r.node, k.metric FROM k CROSS JOIN LATERAL fc_region_nodes(k.region_path) r(node)
       WHERE NOT k.here
      UNION ALL
      SELECT 'school:' || k.school_id, k.metric FROM k WHERE NOT k.here AND k.school_id IS NOT NULL
      UNION ALL
      SELECT k.region_path, k.metric FROM k WHERE k.here
    ) x
    GROUP BY x.node, x.metric
    -- A node's counts land on neighbouring pages: a read touches a page or two.
    ORDER BY x.node COLLATE "C", x.metric COLLATE "C"`);
}
