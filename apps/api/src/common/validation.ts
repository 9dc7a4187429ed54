import { BadRequestException, Param, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiErrorDetail } from '@baoxue/contracts';

/** Flattens nested class-validator errors into `{ field, rule, message }` with dotted paths. */
export function validationDetails(errors: ValidationError[], parent = ''): ApiErrorDetail[] {
  const details: ApiErrorDetail[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      details.push({
        field,
        rule: rule === 'whitelistValidation' ? 'whitelist' : rule,
        message,
      });
    }
    if (error.children?.length) details.push(...validationDetails(error.children, field));
  }
  return details;
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly details: ApiErrorDetail[]) {
    super(details.map((d) => d.message).join('; '));
  }
}

/** The one validation pipe: whitelist, forbid unknown fields, transform, errors naming field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(validationDetails(errors)),
  });
}

/** A uuid route parameter; a malformed one is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new RequestValidationError([{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]),
    }),
  );
