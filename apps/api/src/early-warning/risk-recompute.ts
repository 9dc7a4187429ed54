import { assessRisk, chinaToday, RiskRules } from '@baoxue/domain';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { gatherRiskFacts, rulesAt, rulesByCounty, SCORED_CHILD_SQL } from './risk-facts.query';

/** Children per transaction: a few set-based reads and one upsert each. */
export const RISK_BATCH = 1_000;

export interface RecomputeResult {
  scored: number;
  removed: number;
}

/**
 * Rebuilds stored risk scores from raw records with assessRisk, batch by batch (each its own
 * transaction). Idempotent: running it twice, or two at once, leaves the same rows.
 */
@Injectable()
export class RiskRecompute {
  private readonly logger = new Logger(RiskRecompute.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** These children (after their attendance changed). */
  async students(studentIds: readonly string[]): Promise<RecomputeResult> {
    const total: RecomputeResult = { scored: 0, removed: 0 };
    const unique = [...new Set(studentIds)];
    for (let start = 0; start < unique.length; start += RISK_BATCH)
      add(total, await this.batch(unique.slice(start, start + RISK_BATCH)));
    return total;
  }

  /** Every child at a school under `regionPath` (a county after its rules changed; '/' for all). */
  async under(regionPath: string): Promise<RecomputeResult> {
    const total: RecomputeResult = { scored: 0, removed: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.dataSource.query(
        `SELECT s.id FROM students s
          WHERE starts_with(s.school_region_path, $1) AND ${SCORED_CHILD_SQL} AND s.id > $2
          ORDER BY s.id LIMIT $3`,
        [regionPath, after, RISK_BATCH],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      add(total, await this.batch(rows.map((r) => r.id)));
    }
    // Rows of children no longer scored (left school, merged) under the path go.
    const [, removed]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM student_risk_scores rs USING students s
        WHERE s.id = rs.student_id AND starts_with(rs.region_path, $1) AND NOT (${SCORED_CHILD_SQL})`,
      [regionPath],
    );
    total.removed += removed;
    this.logger.log(`risk recompute under ${regionPath}: ${JSON.stringify(total)}`);
    return total;
  }

  /** One batch in one transaction: facts, assessment, upsert; children no longer scored lose their row. */
  private batch(studentIds: readonly string[]): Promise<RecomputeResult> {
    return this.dataSource.transaction(async (manager) => {
      const asOf = chinaToday(this.clock.now());
      const paths: { school_region_path: string }[] = await manager.query(
        `SELECT DISTINCT school_region_path FROM students s WHERE s.id = ANY($1) AND ${SCORED_CHILD_SQL}`,
        [studentIds],
      );
      const rules = await rulesByCounty(
        manager,
        paths.map((p) => p.school_region_path),
      );
      const window = Math.max(...paths.map((p) => rulesAt(rules, p.school_region_path).windowSchoolDays), 1);
      const children = await gatherRiskFacts(manager, studentIds, asOf, window);
      await upsertScores(
        manager,
        children.map((child) => ({ child, rules: rulesAt(rules, child.regionPath) })),
        asOf,
        this.clock.now(),
      );
      const scored = new Set(children.map((c) => c.studentId));
      const gone = studentIds.filter((id) => !scored.has(id));
      let removed = 0;
      if (gone.length > 0) {
        const [, affected]: [unknown, number] = await manager.query(
          'DELETE FROM student_risk_scores WHERE student_id = ANY($1)',
          [gone],
        );
        removed = affected;
      }
      return { scored: children.length, removed };
    });
  }
}

async function upsertScores(
  manager: EntityManager,
  children: readonly { child: Awaited<ReturnType<typeof gatherRiskFacts>>[number]; rules: RiskRules }[],
  asOf: string,
  now: Date,
): Promise<void> {
  if (children.length === 0) return;
  const assessed = children.map(({ child, rules }) => ({
    child,
    risk: assessRisk(child.facts, rules, asOf),
  }));
  await manager.query(
    `INSERT INTO student_risk_scores
       (student_id, score, reasons, summary_zh, watch, school_id, region_path, grade, class_name, assessed_at)
     SELECT u.student_id, u.score, u.reasons, u.summary_zh, u.watch, u.school_id, u.region_path, u.grade,
            u.class_name, $10
       FROM unnest($1::uuid[], $2::smallint[], $3::jsonb[], $4::text[], $5::boolean[], $6::uuid[], $7::text[],
                   $8::smallint[], $9::text[])
         AS u(student_id, score, reasons, summary_zh, watch, school_id, region_path, grade, class_name)
     ON CONFLICT (student_id) DO UPDATE SET
       score = EXCLUDED.score, reasons = EXCLUDED.reasons, summary_zh = EXCLUDED.summary_zh,
       watch = EXCLUDED.watch, school_id = EXCLUDED.school_id, region_path = EXCLUDED.region_path,
       grade = EXCLUDED.grade, class_name = EXCLUDED.class_name, assessed_at = EXCLUDED.assessed_at`,
    [
      assessed.map((a) => a.child.studentId),
      assessed.map((a) => a.risk.score),
      assessed.map((a) => JSON.stringify(a.risk.reasons)),
      assessed.map((a) => a.risk.summaryZh),
      assessed.map((a) => a.risk.watch),
      assessed.map((a) => a.child.schoolId),
      assessed.map((a) => a.child.regionPath),
      assessed.map((a) => a.child.grade),
      assessed.map((a) => a.child.className),
      now,
    ],
  );
}

function add(total: RecomputeResult, part: RecomputeResult): void {
  total.scored += part.scored;
  total.removed += part.removed;
}
