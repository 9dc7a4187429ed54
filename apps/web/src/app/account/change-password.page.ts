import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { Router } from '@angular/router';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { AuthStore } from '../auth/auth.store';
import { FieldErrorPipe } from '../shared/api/field-error.pipe';
import { FormStatus } from '../shared/api/form-status';
import { ValidateStatusPipe } from '../shared/api/validate-status.pipe';

/** The shared password rules (too short, too long, too simple), as a form validator. */
export function passwordRules(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value ?? '';
  if (!value) return null;
  const problem = passwordProblem(value);
  return problem ? { [problem]: true } : null;
}

function sameAsNew(control: AbstractControl<string>): ValidationErrors | null {
  const form = control.parent;
  if (!form || !control.value) return null;
  return control.value === form.get('newPassword')?.value ? null : { mismatch: true };
}

@Component({
  selector: 'bx-change-password-page',
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    FieldErrorPipe,
    ValidateStatusPipe,
  ],
  templateUrl: './change-password.page.html',
  styleUrl: './change-password.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly mustChange = this.auth.mustChangePassword;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', [Validators.required]],
    newPassword: ['', [Validators.required, passwordRules]],
    confirmPassword: ['', [Validators.required, sameAsNew]],
  });
  /** Changing one's own password has no versions: a 409 is just an error here. */
  protected readonly status = new FormStatus(false);

  private readonly newPassword = toSignal(this.form.controls.newPassword.valueChanges, { initialValue: '' });
  /** The rule the new password still breaks, for the live hint. */
  protected readonly newPasswordProblem = computed(() => {
    const value = this.newPassword();
    return value ? passwordProblem(value) : null;
  });

  constructor() {
    this.form.controls.newPassword.valueChanges.subscribe(() => {
      this.form.controls.confirmPassword.updateValueAndValidity({ emitEvent: false });
    });
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      for (const control of Object.values(this.form.controls)) control.markAsDirty();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    await this.status.save(async () => {
      await this.auth.changePassword({ currentPassword, newPassword });
      this.message.success(this.transloco.translate('password.done'));
      this.form.reset();
      await this.router.navigateByUrl('/');
    });
  }
}
