import { MigrationInterface, QueryRunner } from 'typeorm';

/** Timeline entries for reveals of the child's full data (查看完整信息), so the case shows them. */
export class CaseEventReveal1796600000000 implements MigrationInterface {
  name = 'CaseEventReveal1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'reveal'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value; remove the entries so 'reveal' stays unused.
    await queryRunner.query(`DELETE FROM case_events WHERE kind::text = 'reveal'`);
  }
}
