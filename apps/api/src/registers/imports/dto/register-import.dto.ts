import { REGISTER_IMPORT_STATUSES, RegisterImportStatus } from '@baoxue/contracts';
import {
  REGISTER_FILE_RULES,
  REGISTER_KINDS,
  REGISTER_ROW_RULES,
  RegisterKind,
  RegisterRule,
} from '@baoxue/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, Min } from 'class-validator';
import { PagingQueryDto } from '../../../common/dto/page-query.dto';

export class RegisterImportListQueryDto extends PagingQueryDto {
  @IsOptional()
  @IsIn(REGISTER_KINDS)
  @ApiProperty({ enum: REGISTER_KINDS, required: false })
  kind?: RegisterKind;

  @IsOptional()
  @IsIn(REGISTER_IMPORT_STATUSES)
  @ApiProperty({ enum: REGISTER_IMPORT_STATUSES, required: false })
  status?: RegisterImportStatus;
}

const RULES = [...REGISTER_ROW_RULES, ...REGISTER_FILE_RULES];

export class RegisterProblemQueryDto extends PagingQueryDto {
  @IsOptional()
  @IsIn(RULES)
  @ApiProperty({ enum: RULES, required: false })
  rule?: RegisterRule;

  @IsOptional()
  @IsIn(['error', 'warning'])
  @ApiProperty({ enum: ['error', 'warning'], required: false })
  severity?: 'error' | 'warning';
}

export class RegisterImportActionDto {
  /** The import's version as last read (a stale one is a 409). */
  @IsInt()
  @Min(1)
  version!: number;
}

export class UpdateRegisterMappingDto extends RegisterImportActionDto {
  /** Field → 0-based column, or null for a field the file lacks; checked against the file's columns. */
  @IsObject()
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', nullable: true } })
  mapping!: Record<string, number | null>;
}
