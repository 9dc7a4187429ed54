import { RegionNode } from '@baoxue/contracts';
import { IsOptional, IsUUID } from 'class-validator';
import { RegionRefDto } from '../../auth/dto/current-user.dto';

export class RegionChildrenQueryDto {
  /** The node whose children to list; omitted, the caller's scope root. */
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class RegionNodeDto extends RegionRefDto implements RegionNode {
  parentId!: string | null;
  path!: string;
  childCount!: number;
}
