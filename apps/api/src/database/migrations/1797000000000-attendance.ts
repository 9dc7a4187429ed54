import { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily attendance (考勤): one mark per child and school day. */
export class Attendance1797000000000 implements MigrationInterface {
  name = 'Attendance1797000000000';

  public async up(_queryRunner: QueryRunner): Promise<void> {
    // filled in with the feature
  }

  public async down(_queryRunner: QueryRunner): Promise<void> {
    // filled in with the feature
  }
}
