import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where an intervention was recorded, when the device told. */
export class InterventionLocation1797020000000 implements MigrationInterface {
  name = 'InterventionLocation1797020000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // filled in with the feature
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // filled in with the feature
  }
}
