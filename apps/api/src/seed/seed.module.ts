import { Module } from '@nestjs/common';
import { RegionImportService } from '../regions/region-import.service';
import { StudentsModule } from '../students/students.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [StudentsModule],
  providers: [DemoSeedService, RegionImportService],
  exports: [DemoSeedService, RegionImportService],
})
export class SeedModule {}
