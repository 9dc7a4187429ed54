import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Due items by (stage, fire time, id): a reminder job takes the items due at the same stage
 * and instant that follow its own in id order, so concurrent jobs start their batches at
 * different places instead of all walking the same front of one fire-time index.
 */
export class DueItemsStageFireIndex1796800000000 implements MigrationInterface {
  name = 'DueItemsStageFireIndex1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."due_items_pending_fire_at"`);
    await queryRunner.query(
      `CREATE INDEX "due_items_pending_stage_fire_at" ON "due_items" ("next_stage", "next_fire_at", "id") WHERE status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."due_items_pending_stage_fire_at"`);
    await queryRunner.query(
      `CREATE INDEX "due_items_pending_fire_at" ON "due_items" ("next_fire_at") WHERE status = 'pending'`,
    );
  }
}
