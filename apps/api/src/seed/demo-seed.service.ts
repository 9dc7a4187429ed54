import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DemoSeedResult {
  schools: number;
  students: number;
  users: number;
  seconds: number;
}

/** Seeds the demo zone (济宁经济技术开发区): organisations, schools, students, guardians, flags, demo users. */
@Injectable()
export class DemoSeedService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async seed(): Promise<DemoSeedResult> {
    throw new Error('not implemented yet');
  }
}
