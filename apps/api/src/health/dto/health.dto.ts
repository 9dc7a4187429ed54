import { ApiProperty } from '@nestjs/swagger';
import { DependencyStatus, HealthResponse } from '@baoxue/contracts';

export class HealthChecksDto {
  @ApiProperty({ enum: ['up', 'down'] })
  postgres!: DependencyStatus;
  @ApiProperty({ enum: ['up', 'down'] })
  redis!: DependencyStatus;
}

export class HealthResponseDto implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  checks!: HealthChecksDto;
}
