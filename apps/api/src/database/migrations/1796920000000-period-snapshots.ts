import { MigrationInterface, QueryRunner } from 'typeorm';

/** Frozen period figures (四个一 cadence). */
export class PeriodSnapshots1796920000000 implements MigrationInterface {
  name = 'PeriodSnapshots1796920000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }
}
