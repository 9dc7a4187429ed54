import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for figures as of a past day, from the case history. */
export class CaseHistoryIndexes1796905000000 implements MigrationInterface {
  name = 'CaseHistoryIndexes1796905000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // Filled in with the feature.
  }
}
