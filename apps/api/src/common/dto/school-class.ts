import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

// The swagger plugin reads only the validators written on a property, so each composite
// states its bounds for the OpenAPI document too (`required` still comes from the plugin).

/** A grade of compulsory schooling: 1–6 primary, 7–9 junior secondary. */
export const IsGrade = () =>
  applyDecorators(IsInt(), Min(1), Max(9), ApiProperty({ minimum: 1, maximum: 9 }));

/** A class as the school names it within a grade (e.g. 一班). */
export const IsClassName = () =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(50), ApiProperty({ maxLength: 50 }));
