import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily attendance (考勤): one mark per child and school day, and one row per class roll
 * taken (who took it and when; a class without one took no roll that day).
 */
export class Attendance1797000000000 implements MigrationInterface {
  name = 'Attendance1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."attendance_mark" AS ENUM('present', 'late', 'excused', 'unexcused')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."excuse_reason" AS ENUM('sick', 'personal', 'family', 'weather', 'other')`,
    );
    await queryRunner.query(
      `CREATE TABLE "attendance_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "date" date NOT NULL, "mark" "public"."attendance_mark" NOT NULL, "excuse_reason" "public"."excuse_reason", "note" text, "grade" smallint, "class_name" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "student_id" uuid NOT NULL, "school_id" uuid NOT NULL, "recorded_by_user_id" uuid, CONSTRAINT "attendance_records_student_date" UNIQUE ("student_id", "date"), CONSTRAINT "attendance_records_excuse_reason" CHECK ((mark = 'excused') = (excuse_reason IS NOT NULL)), CONSTRAINT "PK_attendance_records" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "attendance_records_school_date" ON "attendance_records" ("school_id", "date") `,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_records" ADD CONSTRAINT "FK_attendance_records_student" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_records" ADD CONSTRAINT "FK_attendance_records_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_records" ADD CONSTRAINT "FK_attendance_records_recorded_by" FOREIGN KEY ("recorded_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "attendance_rolls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "date" date NOT NULL, "grade" smallint NOT NULL, "class_name" text NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "school_id" uuid NOT NULL, "taken_by_user_id" uuid, CONSTRAINT "attendance_rolls_class_date" UNIQUE ("school_id", "date", "grade", "class_name"), CONSTRAINT "PK_attendance_rolls" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_rolls" ADD CONSTRAINT "FK_attendance_rolls_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance_rolls" ADD CONSTRAINT "FK_attendance_rolls_taken_by" FOREIGN KEY ("taken_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attendance_rolls"`);
    await queryRunner.query(`DROP TABLE "attendance_records"`);
    await queryRunner.query(`DROP TYPE "public"."excuse_reason"`);
    await queryRunner.query(`DROP TYPE "public"."attendance_mark"`);
  }
}
