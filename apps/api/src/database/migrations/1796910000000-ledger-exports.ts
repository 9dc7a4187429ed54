import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ledger export jobs and their files (kept until they expire, for the user who asked). */
export class LedgerExports1796910000000 implements MigrationInterface {
  name = 'LedgerExports1796910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_kind" AS ENUM('school_age', 'suspected', 'dropout')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_export_status" AS ENUM('queued', 'running', 'done', 'failed', 'expired')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."ledger_kind" NOT NULL, "node_ref" text NOT NULL, "node_name" text NOT NULL, "node_path" text NOT NULL, "day" date NOT NULL, "revealed" boolean NOT NULL DEFAULT false, "status" "public"."ledger_export_status" NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "rows" integer NOT NULL DEFAULT '0', "file_name" text, "file" bytea, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_ledger_exports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ledger_exports_expires_at" ON "ledger_exports" ("expires_at") `);
    await queryRunner.query(
      `CREATE INDEX "ledger_exports_user_created" ON "ledger_exports" ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_exports" ADD CONSTRAINT "FK_ledger_exports_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_exports" DROP CONSTRAINT "FK_ledger_exports_user"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_exports_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_exports_expires_at"`);
    await queryRunner.query(`DROP TABLE "ledger_exports"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_export_status"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_kind"`);
  }
}
