import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Department referrals (部门转介) and transfers between regions (跨区域转出/接收), with the
 * timeline entry kinds that record them. One active referral per case and department, and
 * one pending transfer per case: partial unique indexes, so concurrent requests cannot
 * slip past each other.
 */
export class CreateCaseReferralsAndTransfers1796200000000 implements MigrationInterface {
  name = 'CreateCaseReferralsAndTransfers1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'referral'`);
    await queryRunner.query(`ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'transfer'`);
    await queryRunner.query(
      `CREATE TYPE "public"."referral_need" AS ENUM('trace_whereabouts', 'verify_hukou', 'disability_assessment', 'subsidy', 'child_labour', 'legal_notice', 'poverty_monitoring', 'other')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."referral_status" AS ENUM('offered', 'accepted', 'declined', 'completed')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."transfer_status" AS ENUM('offered', 'accepted', 'declined')`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "need" "public"."referral_need" NOT NULL, "request" text NOT NULL, "status" "public"."referral_status" NOT NULL DEFAULT 'offered', "referred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "referred_by_name" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_name" text, "decline_reason" text, "response" text, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "case_id" uuid NOT NULL, "department_id" uuid NOT NULL, "referred_by_user_id" uuid, "referred_by_organisation_id" uuid, "decided_by_user_id" uuid, "responded_by_user_id" uuid, "responsible_id" uuid, CONSTRAINT "PK_case_referrals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_referrals_case_id" ON "case_referrals" ("case_id") `);
    await queryRunner.query(
      `CREATE INDEX "case_referrals_department_status" ON "case_referrals" ("department_id", "status") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "case_referrals_one_active_per_department" ON "case_referrals" ("case_id", "department_id") WHERE status IN ('offered', 'accepted')`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_referrals" ADD CONSTRAINT "FK_case_referrals_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_referrals" ADD CONSTRAINT "FK_case_referrals_department" FOREIGN KEY ("department_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_referrals" ADD CONSTRAINT "FK_case_referrals_referred_by_organisation" FOREIGN KEY ("referred_by_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "case_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" "public"."transfer_status" NOT NULL DEFAULT 'offered', "reason" text NOT NULL, "to_region_path" text COLLATE "C" NOT NULL, "from_case_path" text COLLATE "C" NOT NULL, "offered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "offered_by_name" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by_name" text, "decline_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "case_id" uuid NOT NULL, "from_region_id" uuid NOT NULL, "to_region_id" uuid NOT NULL, "offered_by_user_id" uuid, "decided_by_user_id" uuid, CONSTRAINT "PK_case_transfers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_transfers_case_id" ON "case_transfers" ("case_id") `);
    await queryRunner.query(
      `CREATE INDEX "case_transfers_to_region_path" ON "case_transfers" ("to_region_path") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "case_transfers_one_pending_per_case" ON "case_transfers" ("case_id") WHERE status = 'offered'`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "FK_case_transfers_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "FK_case_transfers_from_region" FOREIGN KEY ("from_region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_transfers" ADD CONSTRAINT "FK_case_transfers_to_region" FOREIGN KEY ("to_region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_transfers"`);
    await queryRunner.query(`DROP TABLE "case_referrals"`);
    await queryRunner.query(`DROP TYPE "public"."transfer_status"`);
    await queryRunner.query(`DROP TYPE "public"."referral_status"`);
    await queryRunner.query(`DROP TYPE "public"."referral_need"`);
    // PostgreSQL cannot drop an enum value; 'referral' and 'transfer' stay in case_event_kind (unused).
  }
}
