import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where an intervention was recorded, when the device told (WGS 84 and the accuracy radius):
 * three nullable columns, all set or none. And a timeline entry kind for edits of the case's
 * plan fields (去向, 一人一案, reason note).
 */
export class InterventionLocation1797020000000 implements MigrationInterface {
  name = 'InterventionLocation1797020000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "case_interventions" ADD "location_latitude" double precision, ADD "location_longitude" double precision, ADD "location_accuracy_meters" double precision`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_interventions" ADD CONSTRAINT "case_interventions_location" CHECK (("location_latitude" IS NULL AND "location_longitude" IS NULL AND "location_accuracy_meters" IS NULL) OR ("location_latitude" IS NOT NULL AND "location_longitude" IS NOT NULL AND "location_accuracy_meters" IS NOT NULL AND "location_latitude" BETWEEN -90 AND 90 AND "location_longitude" BETWEEN -180 AND 180 AND "location_accuracy_meters" BETWEEN 0 AND 100000))`,
    );
    await queryRunner.query(`ALTER TYPE "public"."case_event_kind" ADD VALUE IF NOT EXISTS 'fields_updated'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // PostgreSQL cannot drop an enum value; remove the entries so 'fields_updated' stays unused.
    await queryRunner.query(`DELETE FROM case_events WHERE kind::text = 'fields_updated'`);
    await queryRunner.query(`ALTER TABLE "case_interventions" DROP CONSTRAINT "case_interventions_location"`);
    await queryRunner.query(
      `ALTER TABLE "case_interventions" DROP COLUMN "location_accuracy_meters", DROP COLUMN "location_longitude", DROP COLUMN "location_latitude"`,
    );
  }
}
