import { caseSettings } from '@baoxue/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases keep their next follow-up day (so overdue filters and "my cases" use an index),
 * the first day of absence a school reports, and who requested closing (四眼原则).
 */
export class CaseFollowUpAndAbsence1796300000000 implements MigrationInterface {
  name = 'CaseFollowUpAndAbsence1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cases" ADD "next_follow_up_on" date, ADD "absent_since" date, ADD "closing_requested_by_user_id" uuid`,
    );
    await queryRunner.query(`CREATE INDEX "cases_next_follow_up_on" ON "cases" ("next_follow_up_on") `);
    // The latest intervention decides, as the intervention write does from now on.
    await queryRunner.query(
      `UPDATE "cases" c SET "next_follow_up_on" = latest.next_on
         FROM (SELECT DISTINCT ON (i.case_id) i.case_id,
                 COALESCE(i.next_follow_up_on, i.occurred_on + $1::int) AS next_on
               FROM "case_interventions" i
               ORDER BY i.case_id, i.occurred_on DESC, i.recorded_at DESC, i.id DESC) latest
        WHERE latest.case_id = c.id`,
      [caseSettings().followUpDays],
    );
    // An open closing request's requester is unknown before this column: the latest request_closing event tells.
    await queryRunner.query(
      `UPDATE "cases" c SET "closing_requested_by_user_id" = (
         SELECT e.actor_user_id FROM "case_events" e
          WHERE e.case_id = c.id AND e.transition = 'request_closing'
          ORDER BY e.at DESC, e.id DESC LIMIT 1)
        WHERE c.closing_requested`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."cases_next_follow_up_on"`);
    await queryRunner.query(
      `ALTER TABLE "cases" DROP COLUMN "closing_requested_by_user_id", DROP COLUMN "absent_since", DROP COLUMN "next_follow_up_on"`,
    );
  }
}
