import { ApiProperty } from '@nestjs/swagger';
import {
  CreateOrganisationRequest,
  Organisation,
  OrganisationListQuery,
  Page,
  UpdateOrganisationRequest,
} from '@baoxue/contracts';
import {
  DEPARTMENT_KINDS,
  DepartmentKind,
  ORGANISATION_TYPES,
  OrganisationType,
  SCHOOL_LEVELS,
  SchoolLevel,
} from '@baoxue/domain';
import {
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

export class OrganisationDto extends OrganisationSummaryDto implements Organisation {
  region!: RegionRefDto;
  @ApiProperty({ enum: DEPARTMENT_KINDS, enumName: 'DepartmentKind', nullable: true })
  departmentKind!: DepartmentKind | null;
  /** 学校标识码 (10 digits), schools only. */
  schoolCode!: string | null;
  @ApiProperty({ enum: SCHOOL_LEVELS, enumName: 'SchoolLevel', nullable: true })
  schoolLevel!: SchoolLevel | null;
  /** 学区 */
  schoolDistrict!: string | null;
  address!: string | null;
  phone!: string | null;
  /** Optimistic-lock version: send it back with an update. */
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class OrganisationPageDto implements Page<Organisation> {
  items!: OrganisationDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class OrganisationListQueryDto extends PageQueryDto implements OrganisationListQuery {
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType', required: false })
  type?: OrganisationType;

  /** Only organisations in this region's subtree. */
  @IsOptional()
  @IsUUID()
  regionId?: string;
}

/** Fields both create and update may carry. */
class OrganisationFieldsDto {
  @IsOptional()
  @IsIn(DEPARTMENT_KINDS)
  @ApiProperty({ enum: DEPARTMENT_KINDS, enumName: 'DepartmentKind', required: false })
  departmentKind?: DepartmentKind;

  /** 学校标识码: exactly 10 digits. */
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'schoolCode must be exactly 10 digits' })
  schoolCode?: string;

  @IsOptional()
  @IsIn(SCHOOL_LEVELS)
  @ApiProperty({ enum: SCHOOL_LEVELS, enumName: 'SchoolLevel', required: false })
  schoolLevel?: SchoolLevel;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  schoolDistrict?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;

  @IsOptional()
  @Matches(/^[0-9-]{7,20}$/, { message: 'phone must be 7–20 digits or dashes' })
  phone?: string;
}

export class CreateOrganisationDto extends OrganisationFieldsDto implements CreateOrganisationRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @IsIn(ORGANISATION_TYPES)
  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType' })
  type!: OrganisationType;

  /** The region it serves or stands in; must be within your scope. */
  @IsUUID()
  regionId!: string;
}

export class UpdateOrganisationDto extends OrganisationFieldsDto implements UpdateOrganisationRequest {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version!: number;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsUUID()
  regionId?: string;
}
