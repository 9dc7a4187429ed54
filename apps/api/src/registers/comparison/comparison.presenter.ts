import type {
  ComparisonCategoryCounts,
  ComparisonFindingView,
  ComparisonRegionCounts,
  ComparisonRunDetail,
  ComparisonRunStatus,
  ComparisonRunSummary,
} from '@baoxue/contracts';
import { FindingCategory, FindingMatch, FindingStatus, Sex } from '@baoxue/domain';

/** A run with its region, creator and findings per status; append WHERE … */
export const RUN_SELECT = `
SELECT r.id, r.status, r.region_id, reg.name AS region_name, r.region_path, to_char(r.as_of, 'YYYY-MM-DD') AS as_of,
       r.age_from, r.age_to, r.counts, r.by_region, r.imports, r.failure, r.created_at, r.finished_at,
       u.id AS user_id, u.display_name AS user_name,
       (SELECT coalesce(jsonb_object_agg(s.status, s.n), '{}'::jsonb)
          FROM (SELECT f.status, count(*)::int AS n FROM comparison_findings f WHERE f.run_id = r.id GROUP BY f.status) s
       ) AS status_counts
  FROM comparison_runs r
  JOIN regions reg ON reg.id = r.region_id
  JOIN users u ON u.id = r.created_by_user_id`;

export interface RunSummaryRow {
  id: string;
  status: ComparisonRunStatus;
  region_id: string;
  region_name: string;
  region_path: string;
  as_of: string;
  age_from: number;
  age_to: number;
  counts: Partial<ComparisonCategoryCounts>;
  by_region: ComparisonRegionCounts[];
  imports: ComparisonRunDetail['imports'];
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
  user_id: string;
  user_name: string;
  status_counts: Partial<Record<FindingStatus, number>>;
}

export function runSummary(row: RunSummaryRow): ComparisonRunSummary {
  return {
    id: row.id,
    status: row.status,
    region: { id: row.region_id, name: row.region_name, path: row.region_path },
    asOf: row.as_of,
    ageFrom: row.age_from,
    ageTo: row.age_to,
    counts: {
      never_enrolled: row.counts.never_enrolled ?? 0,
      dropout: row.counts.dropout ?? 0,
      priority: row.counts.priority ?? 0,
    },
    statusCounts: row.status_counts,
    createdBy: { id: row.user_id, name: row.user_name },
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    failure: row.failure,
  };
}

/** A finding with its village, school and candidate; append WHERE … (alias f). */
export const FINDING_VIEW_SELECT = `
SELECT f.id, f.category, f.status, f.match, f.full_name, f.sex, to_char(f.birth_date, 'YYYY-MM-DD') AS birth_date,
       f.id_masked, f.region_path, f.reasons, f.student_id, f.case_id, f.version,
       v.id AS village_id, v.name AS village_name, v.path AS village_path,
       sc.id AS school_id, sc.name AS school_name,
       cand.id AS candidate_id, cand.full_name AS candidate_name, cs.name AS candidate_school
  FROM comparison_findings f
  LEFT JOIN regions v ON v.id = f.hukou_region_id
  LEFT JOIN organisations sc ON sc.id = f.school_id
  LEFT JOIN students cand ON cand.id = f.candidate_student_id
  LEFT JOIN organisations cs ON cs.id = cand.school_id`;

export interface FindingViewRow {
  id: string;
  category: FindingCategory;
  status: FindingStatus;
  match: FindingMatch;
  full_name: string;
  sex: Sex | null;
  birth_date: string | null;
  id_masked: string | null;
  region_path: string;
  reasons: string[];
  student_id: string | null;
  case_id: string | null;
  version: number;
  village_id: string | null;
  village_name: string | null;
  village_path: string | null;
  school_id: string | null;
  school_name: string | null;
  candidate_id: string | null;
  candidate_name: string | null;
  candidate_school: string | null;
}

export function findingView(row: FindingViewRow): ComparisonFindingView {
  return {
    id: row.id,
    category: row.category,
    status: row.status,
    match: row.match,
    fullName: row.full_name,
    sex: row.sex,
    birthDate: row.birth_date,
    idNumberMasked: row.id_masked,
    village:
      row.village_id && row.village_name && row.village_path
        ? { id: row.village_id, name: row.village_name, path: row.village_path }
        : null,
    school: row.school_id && row.school_name ? { id: row.school_id, name: row.school_name } : null,
    reasons: row.reasons,
    studentId: row.student_id,
    candidate: row.candidate_id
      ? { studentId: row.candidate_id, fullName: row.candidate_name ?? '', schoolName: row.candidate_school }
      : null,
    caseId: row.case_id,
    version: row.version,
  };
}
