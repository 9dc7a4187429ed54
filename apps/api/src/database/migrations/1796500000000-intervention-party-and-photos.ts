import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The party each intervention was recorded for (五位一体), backfilled from the recorder's role
 * as ROLE_PARTY maps it today (copied here: a migration must not change when the code does);
 * a record with no known recorder counts for the school line, which keeps the persuasion trail.
 * And the photos taken at an intervention, kept in PostgreSQL.
 */
export class InterventionPartyAndPhotos1796500000000 implements MigrationInterface {
  name = 'InterventionPartyAndPhotos1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_interventions" ADD "party" "public"."party"`);
    await queryRunner.query(
      `UPDATE "case_interventions" i SET "party" = (CASE u."role"
          WHEN 'government_official' THEN 'government'
          WHEN 'admin' THEN 'government'
          WHEN 'department_liaison' THEN 'department'
          WHEN 'village_official' THEN 'village'
          ELSE 'school' END)::"public"."party"
        FROM "users" u WHERE u."id" = i."recorded_by_user_id"`,
    );
    await queryRunner.query(`UPDATE "case_interventions" SET "party" = 'school' WHERE "party" IS NULL`);
    await queryRunner.query(`ALTER TABLE "case_interventions" ALTER COLUMN "party" SET NOT NULL`);

    await queryRunner.query(
      `CREATE TABLE "case_intervention_photos" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "content_type" text NOT NULL, "bytes" bytea NOT NULL, "size" integer NOT NULL, "sha256" text NOT NULL, "uploaded_by" uuid, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "intervention_id" uuid NOT NULL, CONSTRAINT "case_intervention_photos_intervention_client" UNIQUE ("intervention_id", "client_id"), CONSTRAINT "PK_case_intervention_photos" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_intervention_photos" ADD CONSTRAINT "FK_case_intervention_photos_intervention" FOREIGN KEY ("intervention_id") REFERENCES "case_interventions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_intervention_photos"`);
    await queryRunner.query(`ALTER TABLE "case_interventions" DROP COLUMN "party"`);
  }
}
