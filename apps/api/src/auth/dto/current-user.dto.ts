import { ApiProperty } from '@nestjs/swagger';
import { CurrentUser, OrganisationSummary, RegionRef, UserScope } from '@baoxue/contracts';
import {
  ORGANISATION_TYPES,
  OrganisationType,
  PERMISSIONS,
  Permission,
  REGION_KINDS,
  RegionKind,
  ROLES,
  Role,
} from '@baoxue/domain';

export class RegionRefDto implements RegionRef {
  id!: string;
  /** Statistical code at its level (370829104) or a zone code (Z…). */
  code!: string;
  name!: string;
  @ApiProperty({ enum: REGION_KINDS, enumName: 'RegionKind' })
  kind!: RegionKind;
}

export class OrganisationSummaryDto implements OrganisationSummary {
  id!: string;
  name!: string;
  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType' })
  type!: OrganisationType;
}

export class UserScopeDto {
  @ApiProperty({ enum: ['region', 'school'] })
  kind!: 'region' | 'school';
  /** The scope region (region scope). */
  region?: RegionRefDto;
  /** The scope school (school scope). */
  school?: OrganisationSummaryDto;
  /** From the province down to the scope's own region. */
  regionChain!: RegionRefDto[];
}

export class CurrentUserDto implements CurrentUser {
  id!: string;
  username!: string;
  displayName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  permissions!: Permission[];
  organisation!: OrganisationSummaryDto;
  @ApiProperty({ type: UserScopeDto })
  scope!: UserScope;
  mustChangePassword!: boolean;
}
