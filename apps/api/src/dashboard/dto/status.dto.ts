import {
  ChildNodeStatus,
  DashboardNode,
  DropoutRateFigures,
  DropoutRates,
  NodeFigures,
  NodeStatus,
  StudentContext,
} from '@baoxue/contracts';
import { REGION_KINDS, SpecialStatusFlag } from '@baoxue/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class StatusQueryDto {
  /** `region:<uuid>` or `school:<uuid>`; default: the root of the caller's scope. */
  @IsOptional()
  @Matches(/^(region|school):[0-9a-f-]{36}$/i, { message: 'node must be region:<uuid> or school:<uuid>' })
  node?: string;

  /** The end of this China day (YYYY-MM-DD, not in the future); default: now. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date written YYYY-MM-DD' })
  asOf?: string;
}

export class DashboardNodeDto implements DashboardNode {
  ref!: string;
  @ApiProperty({ enum: [...REGION_KINDS, 'school'] })
  kind!: DashboardNode['kind'];
  name!: string;
  path!: string;
  @ApiProperty({ type: String, nullable: true })
  parentRef!: string | null;
}

export class NodeFiguresDto implements NodeFigures {
  /** 劝返中: the node is at dynamic zero (动态清零) when this is 0. */
  open!: number;
  toClear!: number;
  monitoring!: number;
  returnedThisTerm!: number;
  placedThisTerm!: number;
  excludedThisTerm!: number;
  closedThisTerm!: number;
  overdueItems!: number;
  atZero!: boolean;
}

export class StudentContextDto implements StudentContext {
  enrolled!: number;
  enrolledPrimary!: number;
  enrolledJunior!: number;
  /** Flag rows of enrolled students current today, by flag. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  flags!: Record<SpecialStatusFlag, number>;
}

export class DropoutRateFiguresDto implements DropoutRateFigures {
  schoolYear!: string;
  dropouts!: number;
  enrolledAtStart!: number;
  @ApiProperty({ type: Number, nullable: true })
  rate!: number | null;
}

export class DropoutRatesDto implements DropoutRates {
  total!: DropoutRateFiguresDto;
  primary!: DropoutRateFiguresDto;
  junior!: DropoutRateFiguresDto;
}

export class ChildNodeStatusDto implements ChildNodeStatus {
  node!: DashboardNodeDto;
  figures!: NodeFiguresDto;
  enrolled!: number;
}

export class NodeStatusDto implements NodeStatus {
  node!: DashboardNodeDto;
  @ApiProperty({ type: String, nullable: true })
  asOf!: string | null;
  figures!: NodeFiguresDto;
  context!: StudentContextDto;
  dropoutRates!: DropoutRatesDto;
  regionsNotAtZero!: number;
  @ApiProperty({ type: ChildNodeStatusDto, isArray: true })
  children!: ChildNodeStatusDto[];
}
