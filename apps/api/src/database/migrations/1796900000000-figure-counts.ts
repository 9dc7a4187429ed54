import { MigrationInterface, QueryRunner } from 'typeorm';

/** The dashboard's figure counts, kept current with cases and students. */
export class FigureCounts1796900000000 implements MigrationInterface {
  name = 'FigureCounts1796900000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }
}
