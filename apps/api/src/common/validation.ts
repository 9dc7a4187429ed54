import { BadRequestException, Param, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiErrorDetail } from '@baoxue/contracts';

/** Rules about a value's type: when one fails, rules about its length or format say nothing useful. */
const TYPE_RULES = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isUuid',
  'isIn',
  'isEnum',
  'isArray',
  'isObject',
  'isDateString',
]);

/** The rules worth reporting for one field: "required" alone when it is missing, the type rule alone when the type is wrong. */
function reportedRules(error: ValidationError): [string, string][] {
  const all = Object.entries(error.constraints ?? {});
  if (error.value === undefined || error.value === null) {
    const required =
      all.find(([rule]) => rule === 'isNotEmpty' || rule === 'isDefined') ??
      all.find(([rule]) => TYPE_RULES.has(rule));
    return required ? [required] : all.slice(0, 1);
  }
  const typeRules = all.filter(([rule]) => TYPE_RULES.has(rule));
  return typeRules.length > 0 ? typeRules : all;
}

/** Flattens nested class-validator errors into `{ field, rule, message }` with dotted paths. */
export function validationDetails(errors: ValidationError[], parent = ''): ApiErrorDetail[] {
  const details: ApiErrorDetail[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of reportedRules(error)) {
      details.push({ field, rule: rule === 'whitelistValidation' ? 'whitelist' : rule, message });
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
    // Values stay on the errors only to choose the rules to report; they never reach a response or a log.
    validationError: { target: false, value: true },
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
