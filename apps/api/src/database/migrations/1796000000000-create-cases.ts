import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases (一人一案) with their append-only timeline and responsible persons (双线责任人).
 * At most one open case per child: a partial unique index over the open states.
 */
export class CreateCases1796000000000 implements MigrationInterface {
  name = 'CreateCases1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."case_type" AS ENUM('suspected_dropout', 'never_enrolled', 'enrolled_not_attending')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."case_source" AS ENUM('school_attendance', 'term_start_roll', 'data_comparison', 'village_patrol', 'department_referral', 'enrolment_change', 'guardian_report')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."case_reason" AS ENUM('learning_difficulty', 'family_hardship', 'working_away', 'early_marriage', 'religion', 'illness_disability', 'guardian_neglect', 'distance', 'psychological', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."case_state" AS ENUM('suspected', 'verifying', 'excluded', 'persuading', 'monitoring', 'closed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."exclusion_reason" AS ENUM('studying_elsewhere', 'deceased', 'emigrated', 'over_age', 'data_error', 'duplicate_hukou', 'lost_contact_after_trace', 'approved_suspension')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."return_mode" AS ENUM('original_class', 'transfer_class', 'separate_class', 'inclusive')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."placement_type" AS ENUM('home_teaching', 'special_school', 'specialised_school', 'vocational', 'approved_suspension', 'exempt_by_assessment')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."escalation_step" AS ENUM('visit_or_call', 'joint_visit', 'written_report', 'written_order', 'administrative_measure', 'legal_action')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."case_event_kind" AS ENUM('opened', 'transition', 'responsible_assigned')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."case_transition" AS ENUM('start_verification', 'exclude', 'confirm_dropout', 'record_return', 'record_placement', 'relapse', 'request_closing', 'approve_closing', 'reject_closing', 'close_excluded', 'reopen')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."party" AS ENUM('government', 'department', 'village', 'school', 'parent')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."responsibility_line" AS ENUM('government', 'education')`);
    await queryRunner.query(
      `CREATE TYPE "public"."responsibility_level" AS ENUM('county', 'town', 'village', 'village_group', 'bureau', 'school', 'grade', 'class')`,
    );
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" "public"."case_type" NOT NULL, "source" "public"."case_source" NOT NULL, "primary_reason" "public"."case_reason" NOT NULL, "other_reasons" text array NOT NULL DEFAULT '{}', "reason_note" text, "whereabouts" text, "plan" text, "state" "public"."case_state" NOT NULL DEFAULT 'suspected', "closing_requested" boolean NOT NULL DEFAULT false, "monitoring_started_on" date, "exclusion_reason" "public"."exclusion_reason", "evidence_note" text, "return_date" date, "return_mode" "public"."return_mode", "placement_type" "public"."placement_type", "placement_date" date, "placement_evidence" text, "assessment_note" text, "persuasion_attempts" integer NOT NULL DEFAULT 0, "highest_step" "public"."escalation_step", "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, "region_path" text COLLATE "C" NOT NULL, "school_region_path" text COLLATE "C", "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "student_id" uuid NOT NULL, "school_id" uuid, "return_school_id" uuid, "opened_by_user_id" uuid, CONSTRAINT "PK_cases" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "cases_state" ON "cases" ("state") `);
    await queryRunner.query(`CREATE INDEX "cases_region_path" ON "cases" ("region_path") `);
    await queryRunner.query(`CREATE INDEX "cases_school_region_path" ON "cases" ("school_region_path") `);
    await queryRunner.query(`CREATE INDEX "cases_student_id" ON "cases" ("student_id") `);
    await queryRunner.query(`CREATE INDEX "cases_school_id" ON "cases" ("school_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "cases_one_open_per_student" ON "cases" ("student_id") WHERE state IN ('suspected', 'verifying', 'persuading', 'monitoring')`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."case_event_kind" NOT NULL, "transition" "public"."case_transition", "from_state" "public"."case_state", "to_state" "public"."case_state", "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "payload" jsonb, "comment" text, "actor_name" text, "case_id" uuid NOT NULL, "actor_user_id" uuid, CONSTRAINT "PK_case_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_events_case_at" ON "case_events" ("case_id", "at") `);
    await queryRunner.query(`CREATE INDEX "case_events_actor_user_id" ON "case_events" ("actor_user_id") `);
    await queryRunner.query(
      `CREATE TABLE "case_responsibles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "party" "public"."party" NOT NULL, "line" "public"."responsibility_line" NOT NULL, "level" "public"."responsibility_level" NOT NULL, "phone" text, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "case_id" uuid NOT NULL, "user_id" uuid, "organisation_id" uuid, CONSTRAINT "PK_case_responsibles" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_responsibles_case_line" ON "case_responsibles" ("case_id", "line") `,
    );
    await queryRunner.query(`CREATE INDEX "case_responsibles_user_id" ON "case_responsibles" ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_cases_student" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_cases_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "FK_cases_return_school" FOREIGN KEY ("return_school_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "FK_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_responsibles" ADD CONSTRAINT "FK_case_responsibles_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_responsibles" ADD CONSTRAINT "FK_case_responsibles_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_responsibles" ADD CONSTRAINT "FK_case_responsibles_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The timeline is append-only: refuse UPDATE and DELETE at the database itself.
    await queryRunner.query(
      `CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'case_events is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON "case_events" FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER case_events_append_only ON "case_events"`);
    await queryRunner.query(`DROP FUNCTION case_events_append_only()`);
    await queryRunner.query(`DROP TABLE "case_responsibles"`);
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP TABLE "cases"`);
    for (const type of [
      'responsibility_level',
      'responsibility_line',
      'party',
      'case_transition',
      'case_event_kind',
      'escalation_step',
      'placement_type',
      'return_mode',
      'exclusion_reason',
      'case_state',
      'case_reason',
      'case_source',
      'case_type',
    ]) {
      await queryRunner.query(`DROP TYPE "public"."${type}"`);
    }
  }
}
