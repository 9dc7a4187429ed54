import { HttpStatus } from '@nestjs/common';
import { ApiErrorDetail } from '@baoxue/contracts';
import { TransitionName } from '@baoxue/domain';
import { DomainError } from '../common/domain-error';

/** An illegal or blocked transition: 409 with what the caller may take instead. */
export class CaseTransitionRefused extends DomainError {
  constructor(
    code: string,
    message: string,
    details: ApiErrorDetail[],
    readonly allowed: TransitionName[],
  ) {
    super(HttpStatus.CONFLICT, code, message, details);
    this.name = 'CaseTransitionRefused';
  }
}
