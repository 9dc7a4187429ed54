import { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen period figures (四个一 cadence): one per node and period, never changed afterwards. */
export class PeriodSnapshots1796920000000 implements MigrationInterface {
  name = 'PeriodSnapshots1796920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."period_kind" AS ENUM('month', 'quarter', 'semester', 'school_year')`,
    );
    await queryRunner.query(
      `CREATE TABLE "period_snapshots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "node_kind" text NOT NULL, "node_id" uuid NOT NULL, "school_id" uuid, "node_name" text NOT NULL, "node_path" text COLLATE "C" NOT NULL, "period_kind" "public"."period_kind" NOT NULL, "period" text NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "as_of" date NOT NULL, "figures" jsonb NOT NULL, "submitted_by_user_id" uuid, "submitted_by_name" text, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "period_snapshots_node_period" UNIQUE ("node_id", "period_kind", "period"), CONSTRAINT "PK_period_snapshots" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "period_snapshots_school_id" ON "period_snapshots" ("school_id") `);
    await queryRunner.query(`CREATE INDEX "period_snapshots_node_path" ON "period_snapshots" ("node_path") `);
    // Frozen: refuse UPDATE and DELETE at the database itself.
    await queryRunner.query(
      `CREATE FUNCTION period_snapshots_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'period_snapshots is frozen'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER period_snapshots_frozen BEFORE UPDATE OR DELETE ON "period_snapshots" FOR EACH ROW EXECUTE FUNCTION period_snapshots_frozen()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER period_snapshots_frozen ON "period_snapshots"`);
    await queryRunner.query(`DROP FUNCTION period_snapshots_frozen()`);
    await queryRunner.query(`DROP TABLE "period_snapshots"`);
    await queryRunner.query(`DROP TYPE "public"."period_kind"`);
  }
}
