import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lookups of comparison runs that would otherwise scan every register row or finding:
 * the enrolment rows marked dropped out (a handful among a province's millions), and an
 * earlier routed or confirmed finding of a child without an ID number (name, birth date, village),
 * and the enrolled children of a village by name and birth date (a candidate match: one probe
 * per found child, not a walk through every child of the village).
 */
export class ComparisonLookups1797120000000 implements MigrationInterface {
  name = 'ComparisonLookups1797120000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "register_rows_dropped_out" ON "register_rows" ("import_id") WHERE enrolment_status = 'dropped_out'`,
    );
    await queryRunner.query(
      `CREATE INDEX "comparison_findings_settled_without_id" ON "comparison_findings" ("region_path", "full_name", "birth_date")
        WHERE id_hash IS NULL AND status IN ('raised', 'confirmed_same')`,
    );
    await queryRunner.query(
      `CREATE INDEX "students_village_name_birth" ON "students" ("region_path", "full_name", "birth_date") WHERE merged_into_id IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "students_village_name_birth"`);
    await queryRunner.query(`DROP INDEX "comparison_findings_settled_without_id"`);
    await queryRunner.query(`DROP INDEX "register_rows_dropped_out"`);
  }
}
