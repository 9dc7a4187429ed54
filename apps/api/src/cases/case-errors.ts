import { HttpStatus } from '@nestjs/common';
import { ApiErrorDetail, CaseEditConflict } from '@baoxue/contracts';
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

/** An edit of the plan's fields based on a stale version: 409 with the server's values now. */
export class CaseEditConflicted extends DomainError {
  constructor(readonly current: CaseEditConflict['current']) {
    super(
      HttpStatus.CONFLICT,
      'case.version_conflict',
      'the case was changed by someone else since you read it; compare and choose',
    );
    this.name = 'CaseEditConflicted';
  }
}
