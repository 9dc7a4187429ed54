import { MigrationInterface, QueryRunner } from 'typeorm';

const OUTCOMES = ['willing_to_return', 'undecided', 'refuses', 'not_reachable', 'returned', 'other'];
const OUTCOMES_SQL = OUTCOMES.map((code) => `'${code}'`).join(', ');

/**
 * An intervention's outcome becomes a code (INTERVENTION_OUTCOMES), so outcomes can be
 * counted and shown in both languages. Free text recorded before moves to the notes.
 */
export class InterventionOutcomeCodes1796310000000 implements MigrationInterface {
  name = 'InterventionOutcomeCodes1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "case_interventions" SET "notes" = concat_ws(E'\\n', "notes", "outcome"), "outcome" = 'other'
        WHERE "outcome" IS NOT NULL AND "outcome" NOT IN (${OUTCOMES_SQL})`,
    );
    await queryRunner.query(`CREATE TYPE "public"."intervention_outcome" AS ENUM(${OUTCOMES_SQL})`);
    await queryRunner.query(
      `ALTER TABLE "case_interventions" ALTER COLUMN "outcome" TYPE "public"."intervention_outcome" USING "outcome"::"public"."intervention_outcome"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Free text moved to the notes stays there.
    await queryRunner.query(`ALTER TABLE "case_interventions" ALTER COLUMN "outcome" TYPE text`);
    await queryRunner.query(`DROP TYPE "public"."intervention_outcome"`);
  }
}
