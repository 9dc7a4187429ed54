import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Possible duplicates of a child kept as candidate pairs (smaller id first, one row per
 * pair whatever happens to it), and the pointer a merged record keeps to its survivor.
 */
export class StudentDuplicates1796400000000 implements MigrationInterface {
  name = 'StudentDuplicates1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "students" ADD "merged_into_id" uuid`);
    await queryRunner.query(`ALTER TABLE "students" ADD "merged_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "students" ADD CONSTRAINT "FK_students_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "students"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "students_merged_into_id" ON "students" ("merged_into_id") WHERE merged_into_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."student_duplicate_reason" AS ENUM('same_id_number', 'same_name_birth_village')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."student_duplicate_status" AS ENUM('open', 'merged', 'dismissed')`,
    );
    await queryRunner.query(
      `CREATE TABLE "student_duplicates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reason" "public"."student_duplicate_reason" NOT NULL, "status" "public"."student_duplicate_status" NOT NULL DEFAULT 'open', "resolution_note" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "first_student_id" uuid NOT NULL, "second_student_id" uuid NOT NULL, CONSTRAINT "student_duplicates_pair" UNIQUE ("first_student_id", "second_student_id"), CONSTRAINT "student_duplicates_ordered" CHECK (first_student_id < second_student_id), CONSTRAINT "PK_student_duplicates" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "student_duplicates_second_student_id" ON "student_duplicates" ("second_student_id") `,
    );
    await queryRunner.query(`CREATE INDEX "student_duplicates_status" ON "student_duplicates" ("status") `);
    await queryRunner.query(
      `ALTER TABLE "student_duplicates" ADD CONSTRAINT "FK_student_duplicates_first" FOREIGN KEY ("first_student_id") REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "student_duplicates" ADD CONSTRAINT "FK_student_duplicates_second" FOREIGN KEY ("second_student_id") REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "student_duplicates"`);
    await queryRunner.query(`DROP TYPE "public"."student_duplicate_status"`);
    await queryRunner.query(`DROP TYPE "public"."student_duplicate_reason"`);
    await queryRunner.query(`DROP INDEX "public"."students_merged_into_id"`);
    await queryRunner.query(`ALTER TABLE "students" DROP CONSTRAINT "FK_students_merged_into"`);
    await queryRunner.query(`ALTER TABLE "students" DROP COLUMN "merged_at"`);
    await queryRunner.query(`ALTER TABLE "students" DROP COLUMN "merged_into_id"`);
  }
}
