import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interventions on a case (帮扶·劝返记录), idempotent by a client-generated id within the
 * case, and the timeline entry kind that records them.
 */
export class CreateCaseInterventions1796100000000 implements MigrationInterface {
  name = 'CreateCaseInterventions1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'intervention'`);
    await queryRunner.query(
      `CREATE TYPE "public"."intervention_kind" AS ENUM('home_visit', 'phone_call', 'joint_visit', 'school_meeting', 'written_report', 'written_order', 'administrative_measure', 'legal_action', 'guardian_commitment', 'subsidy', 'tutoring', 'check_in')`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_interventions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "kind" "public"."intervention_kind" NOT NULL, "occurred_on" date NOT NULL, "people_present" text, "outcome" text, "notes" text, "next_follow_up_on" date, "order_number" text, "served_on" date, "deadline_on" date, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "recorded_by_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "case_id" uuid NOT NULL, "recorded_by_user_id" uuid, CONSTRAINT "case_interventions_case_client" UNIQUE ("case_id", "client_id"), CONSTRAINT "PK_case_interventions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_interventions_case_occurred" ON "case_interventions" ("case_id", "occurred_on") `,
    );
    await queryRunner.query(
      `CREATE INDEX "case_interventions_recorded_by_user_id" ON "case_interventions" ("recorded_by_user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "case_interventions" ADD CONSTRAINT "FK_case_interventions_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_interventions"`);
    await queryRunner.query(`DROP TYPE "public"."intervention_kind"`);
    // PostgreSQL cannot drop an enum value; 'intervention' stays in case_event_kind (unused).
  }
}
