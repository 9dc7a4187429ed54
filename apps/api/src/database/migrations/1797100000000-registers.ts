import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'household', 'enrolment', 'poverty_monitoring', 'civil_affairs', 'disability'`;

/**
 * Department registers (部门清) and comparison runs (四查三比对).
 *
 * - register_imports: one uploaded file and its course; its bytes sit in register_import_files
 *   (1 MB chunks, dropped once the import ends) so any worker can read them and a run can resume.
 * - register_import_errors: the dry run's problems by row and field (ID numbers masked).
 * - register_import_chunks: the row ranges a real run has written, each in the transaction that
 *   wrote it, so a resumed run skips them and writes every row exactly once.
 * - register_rows: the rows of every import, visible to comparisons only once their import is
 *   committed; ID numbers as the keyed hash students use plus the masked form, and the full
 *   numbers encrypted per block of rows in register_id_blocks (needed only to open a child's record).
 * - comparison_runs / comparison_findings: a run's report and the children it found.
 */
export class Registers1797100000000 implements MigrationInterface {
  name = 'Registers1797100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // AES for the ID blocks, computed beside the rows they protect.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await queryRunner.query(
      `CREATE TABLE "register_imports" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CONSTRAINT "register_imports_kind" CHECK ("kind" IN (${KINDS})),
        "status" text NOT NULL DEFAULT 'uploaded' CONSTRAINT "register_imports_status" CHECK ("status" IN ('uploaded', 'validating', 'validated', 'rejected', 'importing', 'committed', 'failed', 'superseded', 'discarded')),
        "region_id" uuid NOT NULL,
        "region_path" text COLLATE "C" NOT NULL,
        "file_name" text NOT NULL,
        "file_size" bigint NOT NULL,
        "format" text CONSTRAINT "register_imports_format" CHECK ("format" IN ('csv', 'xlsx')),
        "encoding" text CONSTRAINT "register_imports_encoding" CHECK ("encoding" IN ('utf-8', 'gb18030')),
        "headers" jsonb NOT NULL DEFAULT '[]',
        "sample" jsonb NOT NULL DEFAULT '[]',
        "mapping" jsonb NOT NULL DEFAULT '{}',
        "file_problems" jsonb NOT NULL DEFAULT '[]',
        "total_rows" integer NOT NULL DEFAULT 0,
        "valid_rows" integer NOT NULL DEFAULT 0,
        "invalid_rows" integer NOT NULL DEFAULT 0,
        "imported_rows" integer NOT NULL DEFAULT 0,
        "failure" text,
        "created_by_user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "validated_at" TIMESTAMP WITH TIME ZONE,
        "started_at" TIMESTAMP WITH TIME ZONE,
        "committed_at" TIMESTAMP WITH TIME ZONE,
        "superseded_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "PK_register_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "register_imports_region_created" ON "register_imports" ("region_path", "created_at" DESC)`,
    );
    // The current snapshot of a kind for a region: at most one committed import.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "register_imports_current" ON "register_imports" ("kind", "region_id") WHERE status = 'committed'`,
    );
    await queryRunner.query(
      `ALTER TABLE "register_imports" ADD CONSTRAINT "FK_register_imports_region" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "register_imports" ADD CONSTRAINT "FK_register_imports_created_by" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT`,
    );

    await queryRunner.query(
      `CREATE TABLE "register_import_files" ("import_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_register_import_files" PRIMARY KEY ("import_id", "seq"))`,
    );
    // Spreadsheets are compressed already and CSV compresses while it is read: skip TOAST's pglz.
    await queryRunner.query(`ALTER TABLE "register_import_files" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `ALTER TABLE "register_import_files" ADD CONSTRAINT "FK_register_import_files_import" FOREIGN KEY ("import_id") REFERENCES "register_imports"("id") ON DELETE CASCADE`,
    );

    await queryRunner.query(
      `CREATE TABLE "register_import_errors" ("import_id" uuid NOT NULL, "row_number" integer NOT NULL, "field" text NOT NULL, "rule" text NOT NULL, "value" text)`,
    );
    await queryRunner.query(
      `CREATE INDEX "register_import_errors_import_row" ON "register_import_errors" ("import_id", "row_number")`,
    );
    await queryRunner.query(
      `ALTER TABLE "register_import_errors" ADD CONSTRAINT "FK_register_import_errors_import" FOREIGN KEY ("import_id") REFERENCES "register_imports"("id") ON DELETE CASCADE`,
    );

    await queryRunner.query(
      `CREATE TABLE "register_import_chunks" ("import_id" uuid NOT NULL, "first_row" integer NOT NULL, "last_row" integer NOT NULL, "rows" integer NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_register_import_chunks" PRIMARY KEY ("import_id", "first_row"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "register_import_chunks" ADD CONSTRAINT "FK_register_import_chunks_import" FOREIGN KEY ("import_id") REFERENCES "register_imports"("id") ON DELETE CASCADE`,
    );

    await queryRunner.query(
      `CREATE TABLE "register_rows" (
        "import_id" uuid NOT NULL,
        "row_number" integer NOT NULL,
        "kind" text NOT NULL,
        "region_path" text COLLATE "C" NOT NULL,
        "id_hash" bytea,
        "id_masked" character varying(18),
        "student_number" character varying(32),
        "full_name" text NOT NULL,
        "sex" "public"."sex",
        "birth_date" date,
        "hukou_region_id" uuid,
        "address" text,
        "guardian_name" text,
        "guardian_phone" text,
        "school_id" uuid,
        "grade" smallint,
        "class_name" text,
        "enrolment_status" text,
        "flag" "public"."special_status_flag",
        CONSTRAINT "PK_register_rows" PRIMARY KEY ("import_id", "row_number"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "register_rows" ADD CONSTRAINT "FK_register_rows_import" FOREIGN KEY ("import_id") REFERENCES "register_imports"("id") ON DELETE CASCADE`,
    );

    await queryRunner.query(
      `CREATE TABLE "register_id_blocks" ("import_id" uuid NOT NULL, "block" integer NOT NULL, "iv" bytea NOT NULL, "cipher" bytea NOT NULL, CONSTRAINT "PK_register_id_blocks" PRIMARY KEY ("import_id", "block"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "register_id_blocks" ADD CONSTRAINT "FK_register_id_blocks_import" FOREIGN KEY ("import_id") REFERENCES "register_imports"("id") ON DELETE CASCADE`,
    );

    await queryRunner.query(
      `CREATE TABLE "comparison_runs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "status" text NOT NULL DEFAULT 'queued' CONSTRAINT "comparison_runs_status" CHECK ("status" IN ('queued', 'running', 'completed', 'failed')),
        "region_id" uuid NOT NULL,
        "region_path" text COLLATE "C" NOT NULL,
        "as_of" date NOT NULL,
        "age_from" smallint NOT NULL,
        "age_to" smallint NOT NULL,
        "imports" jsonb NOT NULL DEFAULT '[]',
        "counts" jsonb NOT NULL DEFAULT '{}',
        "by_region" jsonb NOT NULL DEFAULT '[]',
        "failure" text,
        "created_by_user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "started_at" TIMESTAMP WITH TIME ZONE,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "PK_comparison_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "comparison_runs_region_created" ON "comparison_runs" ("region_path", "created_at" DESC)`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_runs" ADD CONSTRAINT "FK_comparison_runs_region" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_runs" ADD CONSTRAINT "FK_comparison_runs_created_by" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT`,
    );

    await queryRunner.query(
      `CREATE TABLE "comparison_findings" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "run_id" uuid NOT NULL,
        "category" text NOT NULL CONSTRAINT "comparison_findings_category" CHECK ("category" IN ('never_enrolled', 'dropout', 'priority')),
        "status" text NOT NULL CONSTRAINT "comparison_findings_status" CHECK ("status" IN ('new', 'needs_confirmation', 'covered', 'excluded', 'raised', 'confirmed_same', 'dismissed')),
        "match" text NOT NULL CONSTRAINT "comparison_findings_match" CHECK ("match" IN ('id', 'candidate', 'none')),
        "register_import_id" uuid,
        "register_row_number" integer,
        "student_id" uuid,
        "candidate_student_id" uuid,
        "case_id" uuid,
        "full_name" text NOT NULL,
        "sex" "public"."sex",
        "birth_date" date,
        "id_masked" character varying(18),
        "id_hash" bytea,
        "region_path" text COLLATE "C" NOT NULL,
        "hukou_region_id" uuid,
        "school_id" uuid,
        "reasons" jsonb NOT NULL DEFAULT '[]',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "PK_comparison_findings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "comparison_findings_run_category" ON "comparison_findings" ("run_id", "category", "status")`,
    );
    await queryRunner.query(
      `CREATE INDEX "comparison_findings_region" ON "comparison_findings" ("run_id", "region_path")`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_findings" ADD CONSTRAINT "FK_comparison_findings_run" FOREIGN KEY ("run_id") REFERENCES "comparison_runs"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_findings" ADD CONSTRAINT "FK_comparison_findings_student" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_findings" ADD CONSTRAINT "FK_comparison_findings_candidate" FOREIGN KEY ("candidate_student_id") REFERENCES "students"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_findings" ADD CONSTRAINT "FK_comparison_findings_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "comparison_findings" ADD CONSTRAINT "FK_comparison_findings_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE SET NULL`,
    );

    // A priority case (重点): the child is on a poverty-monitoring or special list.
    await queryRunner.query(`ALTER TABLE "cases" ADD "priority" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "priority"`);
    await queryRunner.query(`DROP TABLE "comparison_findings"`);
    await queryRunner.query(`DROP TABLE "comparison_runs"`);
    await queryRunner.query(`DROP TABLE "register_id_blocks"`);
    await queryRunner.query(`DROP TABLE "register_rows"`);
    await queryRunner.query(`DROP TABLE "register_import_chunks"`);
    await queryRunner.query(`DROP TABLE "register_import_errors"`);
    await queryRunner.query(`DROP TABLE "register_import_files"`);
    await queryRunner.query(`DROP TABLE "register_imports"`);
  }
}
