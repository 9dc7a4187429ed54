import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ledger export jobs and their files. */
export class LedgerExports1796910000000 implements MigrationInterface {
  name = 'LedgerExports1796910000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }
}
