import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dropout-risk scores (辍学风险预警): one derived row per child, rebuilt from raw records, so
 * the watch list is one indexed read. Each county's early-warning rules sit beside them.
 */
export class RiskScores1797010000000 implements MigrationInterface {
  name = 'RiskScores1797010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "student_risk_scores" ("student_id" uuid NOT NULL, "score" smallint NOT NULL, "reasons" jsonb NOT NULL, "summary_zh" text NOT NULL, "watch" boolean NOT NULL, "school_id" uuid, "region_path" text COLLATE "C", "grade" smallint, "class_name" text, "assessed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_student_risk_scores" PRIMARY KEY ("student_id"))`,
    );
    // The watch list: watched children of a school, or under a region path, highest score first.
    await queryRunner.query(
      `CREATE INDEX "student_risk_scores_watch_school" ON "student_risk_scores" ("school_id", "score" DESC) WHERE watch`,
    );
    await queryRunner.query(
      `CREATE INDEX "student_risk_scores_watch_region" ON "student_risk_scores" ("region_path", "score" DESC) WHERE watch`,
    );
    await queryRunner.query(
      `ALTER TABLE "student_risk_scores" ADD CONSTRAINT "FK_student_risk_scores_student" FOREIGN KEY ("student_id") REFERENCES "students"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "student_risk_scores" ADD CONSTRAINT "FK_student_risk_scores_school" FOREIGN KEY ("school_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "county_early_warning_rules" ("region_id" uuid NOT NULL, "rules" jsonb NOT NULL, "updated_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_county_early_warning_rules" PRIMARY KEY ("region_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "county_early_warning_rules" ADD CONSTRAINT "FK_county_early_warning_rules_region" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "county_early_warning_rules" ADD CONSTRAINT "FK_county_early_warning_rules_updated_by" FOREIGN KEY ("updated_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "county_early_warning_rules"`);
    await queryRunner.query(`DROP TABLE "student_risk_scores"`);
  }
}
