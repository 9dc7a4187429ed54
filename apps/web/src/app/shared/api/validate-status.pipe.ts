import { Pipe, PipeTransform } from '@angular/core';
import { AbstractControl } from '@angular/forms';
import type { ApiErrorDetail } from '@baoxue/contracts';

/**
 * Validation status for `nz-form-control`: a server field error shows as an error,
 * otherwise the control's own validity does.
 */
@Pipe({ name: 'bxValidateStatus' })
export class ValidateStatusPipe implements PipeTransform {
  transform(
    control: AbstractControl,
    serverError: ApiErrorDetail | null | undefined,
  ): AbstractControl | 'error' {
    return serverError ? 'error' : control;
  }
}
