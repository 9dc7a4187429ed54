import { MigrationInterface, QueryRunner } from 'typeorm';
import { RegisterRowFunctions1797110000000 } from './1797110000000-register-row-functions';

const COLUMNS = `import_id, row_number, kind, region_path, id_hash, id_masked, student_number, full_name, sex,
  birth_date, hukou_region_id, address, guardian_name, guardian_phone, school_id, grade, class_name,
  enrolment_status, flag`;

/**
 * register_rows as a bulk store, partitioned by kind.
 *
 * - A comparison hashes a whole register against another (户籍 against 学籍): with one
 *   partition per big register each scan reads its own rows only, not every kind's.
 * - Only the import job writes rows, a chunk and its register_import_chunks checkpoint in one
 *   statement, so a row cannot be written twice. Every index costs each of a million rows
 *   its own insertion, more than the rows' own write for a unique B-tree and its foreign key
 *   (1M rows: 0.9 s without them, 2.8 s with the key alone, over 5 s with both), and a fifth
 *   more even for a BRIN. Nothing reads a register row by row: comparisons hash-join whole
 *   registers, routing joins its findings' rows in one statement, and a failed import's rows
 *   are deleted once. So the big partitions have no index but the small partial one of
 *   dropped-out enrolments; the department lists, small, are looked up by ID hash when a
 *   priority finding is routed.
 * - The row rules now run in the import's row pass (register-row-check.ts), so the SQL
 *   functions and calendar of 1797110000000 go.
 */
export class RegisterRowsBulk1797130000000 implements MigrationInterface {
  name = 'RegisterRowsBulk1797130000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "register_rows" RENAME TO "register_rows_single"`);
    await queryRunner.query(
      `CREATE TABLE "register_rows" (LIKE "register_rows_single" INCLUDING DEFAULTS) PARTITION BY LIST ("kind")`,
    );
    await queryRunner.query(
      `CREATE TABLE "register_rows_household" PARTITION OF "register_rows" FOR VALUES IN ('household')`,
    );
    await queryRunner.query(
      `CREATE TABLE "register_rows_enrolment" PARTITION OF "register_rows" FOR VALUES IN ('enrolment')`,
    );
    // The department lists (poverty monitoring, civil affairs, disability) are small.
    await queryRunner.query(`CREATE TABLE "register_rows_lists" PARTITION OF "register_rows" DEFAULT`);
    await queryRunner.query(
      `INSERT INTO "register_rows" (${COLUMNS}) SELECT ${COLUMNS} FROM "register_rows_single"`,
    );
    await queryRunner.query(`DROP TABLE "register_rows_single"`);
    await queryRunner.query(
      `CREATE INDEX "register_rows_dropped_out" ON "register_rows" ("import_id") WHERE enrolment_status = 'dropped_out'`,
    );
    await queryRunner.query(
      `CREATE INDEX "register_rows_lists_id_hash" ON "register_rows_lists" ("id_hash")`,
    );
    await new RegisterRowFunctions1797110000000().down(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await new RegisterRowFunctions1797110000000().up(queryRunner);
    await queryRunner.query(`ALTER TABLE "register_rows" RENAME TO "register_rows_partitioned"`);
    await queryRunner.query(
      `CREATE TABLE "register_rows" (LIKE "register_rows_partitioned" INCLUDING DEFAULTS,
        CONSTRAINT "PK_register_rows" PRIMARY KEY ("import_id", "row_number"))`,
    );
    await queryRunner.query(
      `INSERT INTO "register_rows" (${COLUMNS}) SELECT ${COLUMNS} FROM "register_rows_partitioned"`,
    );
    await queryRunner.query(`DROP TABLE "register_rows_partitioned"`);
    await queryRunner.query(
      `ALTER TABLE "register_rows" ADD CONSTRAINT "FK_register_rows_import" FOREIGN KEY ("import_id") REFERENCES "register_imports"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `CREATE INDEX "register_rows_dropped_out" ON "register_rows" ("import_id") WHERE enrolment_status = 'dropped_out'`,
    );
  }
}
