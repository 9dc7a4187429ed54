import { MigrationInterface, QueryRunner } from 'typeorm';

/** Dropout-risk scores (辍学风险预警) and each county's early-warning rules. */
export class RiskScores1797010000000 implements MigrationInterface {
  name = 'RiskScores1797010000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // filled in with the feature
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // filled in with the feature
  }
}
