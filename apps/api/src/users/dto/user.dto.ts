import { ApiProperty } from '@nestjs/swagger';
import {
  CreateUserRequest,
  Page,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
  UserSummary,
} from '@baoxue/contracts';
import { PASSWORD_MAX_LENGTH, ROLES, Role } from '@baoxue/domain';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { OrganisationSummaryDto, RegionRefDto } from '../../auth/dto/current-user.dto';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class UserSummaryDto implements UserSummary {
  id!: string;
  username!: string;
  displayName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;
  organisation!: OrganisationSummaryDto;
  @ApiProperty({ enum: ['region', 'school'] })
  scopeKind!: 'region' | 'school';
  @ApiProperty({ type: RegionRefDto, nullable: true })
  scopeRegion!: RegionRefDto | null;
  @ApiProperty({ type: OrganisationSummaryDto, nullable: true })
  scopeSchool!: OrganisationSummaryDto | null;
  /** Masked (138****5678). */
  phone!: string | null;
  active!: boolean;
  /** 负责人: heads the organisation (a school's principal); escalations reach the heads. */
  headsOrganisation!: boolean;
  mustChangePassword!: boolean;
  lastLoginAt!: string | null;
  version!: number;
}

export class UserPageDto implements Page<UserSummary> {
  items!: UserSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class UserListQueryDto extends PageQueryDto implements UserListQuery {
  @IsOptional()
  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES, enumName: 'Role', required: false })
  role?: Role;

  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

const PHONE = /^1[3-9]\d{9}$/;

export class CreateUserDto implements CreateUserRequest {
  /** Login name: 3–64 of a–z, 0–9, '.', '_', '-'. */
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    message: "username must be 3–64 characters of a–z, 0–9, '.', '_' or '-'",
  })
  username!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  displayName!: string;

  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;

  @IsUUID()
  organisationId!: string;

  /** Region scope; omitted for school staff, whose scope is their school. */
  @IsOptional()
  @IsUUID()
  scopeRegionId?: string;

  /** Mainland mobile number, 11 digits. */
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be an 11-digit mobile number' })
  phone?: string;

  /** Heads the organisation (负责人); default false. */
  @IsOptional()
  @IsBoolean()
  headsOrganisation?: boolean;

  /** Initial password; the user must change it at first sign-in. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @IsInt()
  @Min(1)
  version!: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  displayName?: string;

  @IsOptional()
  @IsIn(ROLES)
  @ApiProperty({ enum: ROLES, enumName: 'Role', required: false })
  role?: Role;

  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @IsOptional()
  @IsUUID()
  scopeRegionId?: string;

  @IsOptional()
  @Matches(PHONE, { message: 'phone must be an 11-digit mobile number' })
  phone?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsBoolean()
  headsOrganisation?: boolean;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @IsInt()
  @Min(1)
  version!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
