import { Client } from 'pg';
import { pick, timed } from './sql-steps';

/** A China-time timestamp: `day` (SQL date) at `time`. */
const chinaAt = (day: string, time: string): string =>
  `((${day}) + time '${time}') AT TIME ZONE 'Asia/Shanghai'`;
/** The China day of a timestamptz. */
const chinaDay = (at: string): string => `(${at} AT TIME ZONE 'Asia/Shanghai')::date`;
/** `array` (a SQL text array literal's items) indexed by pick(). */
const choose = (items: readonly string[], seed: number, i = 'p.i'): string =>
  `(ARRAY[${items.map((item) => `'${item}'`).join(',')}])[1 + ${pick(i, seed, items.length)}]`;

/** Weighted by repetition: school attendance and data comparison find most cases. */
const SOURCES = [
  'school_attendance',
  'school_attendance',
  'school_attendance',
  'term_start_roll',
  'data_comparison',
  'data_comparison',
  'village_patrol',
  'department_referral',
  'enrolment_change',
  'guardian_report',
];
const REASONS = [
  'learning_difficulty',
  'learning_difficulty',
  'learning_difficulty',
  'family_hardship',
  'family_hardship',
  'working_away',
  'working_away',
  'guardian_neglect',
  'psychological',
  'illness_disability',
  'distance',
  'early_marriage',
  'religion',
  'other',
];
const EXCLUSIONS = [
  'studying_elsewhere',
  'studying_elsewhere',
  'studying_elsewhere',
  'emigrated',
  'data_error',
  'data_error',
  'duplicate_hukou',
  'over_age',
  'approved_suspension',
  'lost_contact_after_trace',
  'deceased',
];
const RETURN_MODES = ['original_class', 'original_class', 'original_class', 'transfer_class', 'inclusive'];
const PLACEMENTS = ['home_teaching', 'home_teaching', 'special_school', 'vocational', 'approved_suspension'];
/** The escalation ladder as recorded, one step per intervention; index = attempts - 1. */
const LADDER = ['home_visit', 'phone_call', 'joint_visit', 'written_report'];
const HIGHEST_STEP = ['visit_or_call', 'visit_or_call', 'joint_visit', 'written_report'];

/**
 * Every `stride`-th student gets one case, opened on a day of the two years before the
 * anchor day, and taken along the lifecycle to a state that fits its age: recent ones still
 * suspected or verifying, about 5% persuading (some after a relapse), then excluded,
 * in monitoring, or closed. `bench_case_plan` holds each case's milestones; events,
 * responsibles, interventions and pending due items are all derived from it.
 */
export async function insertCases(client: Client, stride: number, anchorDay: string): Promise<void> {
  const anchor = `$1::date`;
  await timed(
    client,
    `CREATE TEMP TABLE bench_case_plan ON COMMIT DROP AS
     WITH base AS (
       SELECT b.i, gen_random_uuid() AS case_id, b.id AS student_id, b.village_path, b.school_id, b.school_path,
              ${pick('b.i', 30, 1000)} AS h, 1 + ${pick('b.i', 31, 730)} AS age
         FROM bench_students b WHERE b.i % $2::int = 7
     ), shaped AS (
       SELECT base.*,
              ${chinaAt(`${anchor} - base.age`, '08:00')} + ${pick('base.i', 32, 600)} * interval '1 minute' AS t0,
              least(interval '2 days', base.age * interval '10 hours') AS d1,
              CASE WHEN base.age < 14 THEN
                     CASE WHEN base.h < 300 THEN 'suspected' WHEN base.h < 600 THEN 'verifying'
                          WHEN base.h < 850 THEN 'persuading' ELSE 'excluded' END
                   WHEN base.h < 50 THEN 'persuading'
                   WHEN base.h < 60 THEN 'verifying'
                   WHEN base.h < 260 THEN 'excluded'
                   WHEN base.h < 330 THEN 'excluded_closed'
                   WHEN base.age < 140 THEN 'monitoring'
                   ELSE 'closed' END AS path
         FROM base
     ), timed AS (
       SELECT s.*,
              s.path = 'persuading' AND s.age > 60 AND s.h < 15 AS relapsed,
              s.path IN ('monitoring', 'closed') AND s.h % 10 = 3 AS placed,
              CASE WHEN s.path <> 'suspected' THEN s.t0 + interval '2 hours' END AS t_verify,
              CASE WHEN s.path IN ('excluded', 'excluded_closed') THEN s.t0 + s.d1 END AS t_exclude,
              CASE WHEN s.path = 'excluded_closed' THEN s.t0 + s.d1 + interval '3 days' END AS t_close_excluded,
              CASE WHEN s.path IN ('persuading', 'monitoring', 'closed') THEN s.t0 + s.d1 END AS t_confirm,
              CASE WHEN s.path = 'closed' THEN s.t0 + s.d1 + (3 + s.h % 40) * interval '1 day'
                   WHEN s.path = 'monitoring'
                     THEN s.t0 + s.d1 + (s.age - 2) * (0.2 + (s.h % 50) / 100.0) * interval '1 day'
                   WHEN s.path = 'persuading' AND s.age > 60 AND s.h < 15 THEN s.t0 + s.d1 + interval '10 days'
              END AS t_return
         FROM shaped s
     )
     SELECT t.*,
            CASE WHEN t.relapsed THEN t.t_return + interval '20 days' END AS t_relapse,
            CASE WHEN t.path = 'closed' THEN t.t_return + interval '91 days' END AS t_request,
            CASE WHEN t.path = 'closed' THEN t.t_return + interval '92 days' END AS t_close,
            ${chinaDay('t.t_return')} AS return_day,
            CASE WHEN t.t_confirm IS NOT NULL THEN 1 + t.h % 4 ELSE 0 END AS attempts,
            -- The interventions run from the confirmation to the return, or for a case still
            -- persuading to a recent day (so some follow-ups are overdue now).
            CASE WHEN t.path = 'persuading'
                   THEN greatest(t.t_confirm + interval '1 hour',
                                 ${chinaAt(`${anchor} - t.h % 10`, '10:00')})
                 ELSE t.t_return END AS t_last_contact
       FROM timed t`,
    [anchorDay, stride],
  );
  await client.query(`ANALYZE bench_case_plan`);
  await timed(
    client,
    `INSERT INTO cases (id, type, source, primary_reason, reason_note, whereabouts, state, monitoring_started_on,
                        exclusion_reason, evidence_note, return_date, return_mode, placement_type, placement_date,
                        placement_evidence, persuasion_attempts, highest_step, next_follow_up_on, absent_since,
                        opened_at, closed_at, region_path, school_region_path, created_at, updated_at,
                        student_id, school_id, return_school_id, opened_by_user_id)
     SELECT p.case_id,
            (CASE WHEN p.h % 20 = 0 THEN 'enrolled_not_attending' ELSE 'suspected_dropout' END)::case_type,
            src.source::case_source, rsn.reason::case_reason, NULL,
            CASE WHEN rsn.reason = 'working_away' THEN '随父母外出务工' WHEN p.path = 'persuading' THEN '在家' END,
            (CASE p.path WHEN 'excluded_closed' THEN 'closed' ELSE p.path END)::case_state,
            CASE WHEN p.path IN ('monitoring', 'closed') THEN p.return_day END,
            (CASE WHEN p.t_exclude IS NOT NULL THEN ${choose(EXCLUSIONS, 34)} END)::exclusion_reason,
            CASE WHEN p.t_exclude IS NOT NULL THEN '核查材料已存档' END,
            CASE WHEN p.path IN ('monitoring', 'closed') AND NOT p.placed THEN p.return_day END,
            (CASE WHEN p.path IN ('monitoring', 'closed') AND NOT p.placed THEN ${choose(RETURN_MODES, 35)} END)::return_mode,
            (CASE WHEN p.placed THEN ${choose(PLACEMENTS, 36)} END)::placement_type,
            CASE WHEN p.placed THEN p.return_day END,
            CASE WHEN p.placed THEN '评估及安置材料已存档' END,
            p.attempts,
            (CASE WHEN p.attempts > 0 THEN (ARRAY[${HIGHEST_STEP.map((s) => `'${s}'`).join(',')}])[p.attempts] END)::escalation_step,
            CASE WHEN p.path = 'persuading' THEN ${chinaDay('p.t_last_contact')} + 7 END,
            CASE WHEN src.source = 'school_attendance' THEN ${chinaDay('p.t0')} - 3 END,
            p.t0, coalesce(p.t_close, p.t_close_excluded), p.village_path, p.school_path, p.t0,
            greatest(p.t0, p.t_verify, p.t_exclude, p.t_close_excluded, p.t_confirm, p.t_return, p.t_relapse, p.t_close),
            p.student_id, p.school_id,
            CASE WHEN p.path IN ('monitoring', 'closed') AND NOT p.placed THEN p.school_id END, NULL
       FROM bench_case_plan p
       CROSS JOIN LATERAL (SELECT ${choose(SOURCES, 37)} AS source) src
       CROSS JOIN LATERAL (SELECT ${choose(REASONS, 38)} AS reason) rsn`,
  );
  await insertEvents(client);
  await insertResponsiblesAndInterventions(client);
  await insertDueItems(client, anchorDay);
}

/** 'opened' and one 'transition' row per milestone reached, in time order. */
async function insertEvents(client: Client): Promise<void> {
  await timed(
    client,
    `INSERT INTO case_events (case_id, kind, transition, from_state, to_state, at, actor_name)
     SELECT p.case_id, e.kind::case_event_kind, e.transition::case_transition, e.from_state::case_state,
            e.to_state::case_state, e.at, e.actor
       FROM bench_case_plan p
       CROSS JOIN LATERAL (VALUES
         ('opened', NULL, NULL, 'suspected', p.t0, '学校'),
         ('transition', 'start_verification', 'suspected', 'verifying', p.t_verify, '村委会'),
         ('transition', 'exclude', 'verifying', 'excluded', p.t_exclude, '村委会'),
         ('transition', 'close_excluded', 'excluded', 'closed', p.t_close_excluded, '教育局'),
         ('transition', 'confirm_dropout', 'verifying', 'persuading', p.t_confirm, '村委会'),
         ('transition', CASE WHEN p.placed THEN 'record_placement' ELSE 'record_return' END,
                        'persuading', 'monitoring', p.t_return, '学校'),
         ('transition', 'relapse', 'monitoring', 'persuading', p.t_relapse, '学校'),
         ('transition', 'request_closing', 'monitoring', 'monitoring', p.t_request, '学校'),
         ('transition', 'approve_closing', 'monitoring', 'closed', p.t_close, '教育局')
       ) AS e(kind, transition, from_state, to_state, at, actor)
      WHERE e.at IS NOT NULL`,
  );
}

/**
 * Two responsible persons per case (village cadre on the government line, head teacher on
 * the education line), and for every case that reached persuading one to four
 * interventions climbing the ladder, the last on `t_last_contact`.
 */
async function insertResponsiblesAndInterventions(client: Client): Promise<void> {
  const name = (seed: number): string =>
    `substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', 1 + ${pick('p.i', seed, 20)}, 1)
       || substr('建国志强秀英桂兰海军文华玉梅红霞德明', 1 + ${pick('p.i', seed + 1, 20)}, 2)`;
  await timed(
    client,
    `INSERT INTO case_responsibles (case_id, name, party, line, level, phone, active, created_at, updated_at)
     SELECT p.case_id, ${name(40)}, 'village'::party, 'government'::responsibility_line,
            'village'::responsibility_level, NULL, true, p.t0, p.t0
       FROM bench_case_plan p
     UNION ALL
     SELECT p.case_id, ${name(42)}, 'school', 'education', 'class', NULL, true, p.t0, p.t0
       FROM bench_case_plan p`,
  );
  await timed(
    client,
    `INSERT INTO case_interventions (client_id, kind, party, occurred_on, outcome, notes, next_follow_up_on,
                                     recorded_at, recorded_by_name, created_at, case_id)
     SELECT gen_random_uuid(), (ARRAY[${LADDER.map((k) => `'${k}'`).join(',')}])[k]::intervention_kind,
            (CASE WHEN k % 2 = 1 THEN 'village' ELSE 'school' END)::party, ${chinaDay('x.at')},
            (CASE WHEN k < p.attempts THEN 'undecided'
                  WHEN p.path = 'persuading' THEN CASE WHEN p.h % 3 = 0 THEN 'not_reachable' ELSE 'refuses' END
                  ELSE 'willing_to_return' END)::intervention_outcome,
            NULL, ${chinaDay('x.at')} + 7, x.at, CASE WHEN k % 2 = 1 THEN '村干部' ELSE '班主任' END, x.at, p.case_id
       FROM bench_case_plan p
       CROSS JOIN LATERAL generate_series(1, p.attempts) k
       CROSS JOIN LATERAL (SELECT p.t_confirm + (p.t_last_contact - p.t_confirm) * k / p.attempts AS at) x
      WHERE p.attempts > 0`,
  );
}

/**
 * The pending item each open case has now, as the reminders' derivation would leave it:
 * verification for suspected/verifying, the follow-up for persuading, the next check-in
 * (or the closing review) for monitoring. Those due before the anchor day are overdue.
 */
async function insertDueItems(client: Client, anchorDay: string): Promise<void> {
  await timed(
    client,
    `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, next_stage, next_fire_at, created_at, case_id)
     SELECT 'case:' || d.case_id || ':' || d.kind || ':' || d.ref || ':' || d.due_on, d.kind::due_kind, d.ref,
            d.due_on, d.region_path, 'pending',
            (CASE WHEN d.due_on >= $1::date THEN 'due' END)::reminder_stage,
            CASE WHEN d.due_on >= $1::date THEN ${chinaAt('d.due_on', '08:00')} END,
            d.created_at, d.case_id
       FROM (
         SELECT p.case_id, p.village_path AS region_path, p.t0 AS created_at,
                CASE WHEN p.path IN ('suspected', 'verifying') THEN 'verification'
                     WHEN p.path = 'persuading' THEN 'follow_up'
                     WHEN c.check_in IS NOT NULL THEN 'monitoring_check_in'
                     ELSE 'closing_review' END AS kind,
                CASE WHEN p.path IN ('suspected', 'verifying') THEN ${chinaDay('p.t0')}::text
                     WHEN p.path = 'persuading' THEN ${chinaDay('p.t_last_contact')}::text
                     WHEN c.check_in IS NOT NULL THEN c.check_in::text
                     ELSE p.return_day::text END AS ref,
                CASE WHEN p.path IN ('suspected', 'verifying') THEN ${chinaDay('p.t0')} + 3
                     WHEN p.path = 'persuading' THEN ${chinaDay('p.t_last_contact')} + 7
                     ELSE p.return_day + coalesce(c.check_in, 90) END AS due_on
           FROM bench_case_plan p
           CROSS JOIN LATERAL (
             SELECT min(k) AS check_in FROM unnest(ARRAY[7, 30, 60, 90]) k WHERE p.return_day + k >= $1::date - 5
           ) c
          WHERE p.path IN ('suspected', 'verifying', 'persuading', 'monitoring')
       ) d`,
    [anchorDay],
  );
}

/**
 * Schools' monthly reports (四个一) for the 24 months before the anchor day's month: about
 * 97% of them submitted, between the 20th and the 28th.
 */
export async function insertSchoolReports(client: Client, anchorDay: string): Promise<void> {
  await timed(
    client,
    `INSERT INTO school_monthly_reports (period, submitted_at, created_at, school_id)
     SELECT to_char(m.month, 'YYYY-MM'), r.at, r.at, o.id
       FROM organisations o
       CROSS JOIN LATERAL generate_series(1, 24) back
       CROSS JOIN LATERAL (SELECT (date_trunc('month', $1::date) - back * interval '1 month')::date AS month) m
       CROSS JOIN LATERAL (SELECT hashint4extended(back, hashtext(o.id::text)) AS h) x
       CROSS JOIN LATERAL (SELECT ${chinaAt(`m.month + 19 + (abs(x.h) % 9)::int`, '16:00')} AS at) r
      WHERE o.type = 'school' AND abs(x.h) % 100 < 97`,
    [anchorDay],
  );
}
