import { IsInt, Max, Min } from 'class-validator';

export class AdvanceClockDto {
  /** Whole days to move the server's clock forward (negative: back). */
  @IsInt()
  @Min(-3650)
  @Max(3650)
  advanceDays!: number;
}

export class TestClockDto {
  /** The server's time now (ISO 8601). */
  now!: string;
}
