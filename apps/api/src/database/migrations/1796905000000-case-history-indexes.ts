import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for figures as of a past day, from the case history: state changes by time (the
 * changes after a day, a term's returns and closings, a trend's range) and the cases still to
 * be worked by the day they were opened (the longest-open list).
 */
export class CaseHistoryIndexes1796905000000 implements MigrationInterface {
  name = 'CaseHistoryIndexes1796905000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "case_events_state_changes_at" ON "case_events" ("at") WHERE to_state IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "cases_unsettled_opened_at" ON "cases" ("opened_at") WHERE state IN ('suspected', 'verifying', 'persuading')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."cases_unsettled_opened_at"`);
    await queryRunner.query(`DROP INDEX "public"."case_events_state_changes_at"`);
  }
}
