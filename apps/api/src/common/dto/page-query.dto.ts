import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Paging shared by list endpoints. */
export class PagingQueryDto {
  /** 1-based page number. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  /** Rows per page, at most 100. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

/** Paging and free-text search shared by list endpoints. */
export class PageQueryDto extends PagingQueryDto {
  /** Search text (name or login name). */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

export function pageOf(
  query: PagingQueryDto,
  defaultPageSize = 20,
): { page: number; pageSize: number; skip: number } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultPageSize;
  return { page, pageSize, skip: (page - 1) * pageSize };
}

/** Escapes LIKE wildcards in user input. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
