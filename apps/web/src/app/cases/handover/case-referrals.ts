import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { CaseReferral, ReferralDepartment } from '@baoxue/contracts';
import {
  DEPARTMENT_KIND_LABELS,
  isOpenState,
  REFERRAL_NEED_LABELS,
  REFERRAL_NEEDS,
  REFERRAL_STATUS_LABELS,
  ReferralNeed,
} from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { errorMessageKey } from '../../shared/api/api-error';
import { FieldErrorPipe } from '../../shared/api/field-error.pipe';
import { ValidateStatusPipe } from '../../shared/api/validate-status.pipe';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { ListError } from '../../shared/ui/list-error';
import { ReferralsApi } from './handover.api';
import { REFERRAL_REFER_ROLES, REFERRAL_STATUS_COLORS } from './handover-rules';
import { HandoverSection } from './handover-section';
import { InlineFormButtons } from '../../shared/ui/form-actions';

/**
 * A case's department referrals (部门转介) with their status and answers, and the form to
 * refer the case to a department covering the child's place. Emits `changed` after a
 * referral, so the page reloads the case (its timeline shows the referral).
 */
@Component({
  selector: 'bx-case-referrals',
  imports: [
    InlineFormButtons,
    ReactiveFormsModule,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    FieldErrorPipe,
    ValidateStatusPipe,
    LabelPipe,
    ChinaTimePipe,
    ListError,
  ],
  templateUrl: './case-referrals.html',
  styleUrl: './handover.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseReferrals extends HandoverSection<CaseReferral> {
  private readonly api = inject(ReferralsApi);

  /** A referral was made: the case's timeline changed. */
  readonly changed = output<CaseReferral>();

  protected readonly needs = REFERRAL_NEEDS;
  protected readonly needLabels = REFERRAL_NEED_LABELS;
  protected readonly statusLabels = REFERRAL_STATUS_LABELS;
  protected readonly statusColors = REFERRAL_STATUS_COLORS;
  protected readonly kindLabels = DEPARTMENT_KIND_LABELS;

  protected readonly departments = signal<ReferralDepartment[]>([]);

  protected readonly canRefer = computed(() => {
    const role = this.auth.user()?.role;
    return !!role && REFERRAL_REFER_ROLES.includes(role) && isOpenState(this.caseDetail().state);
  });

  protected readonly form = new FormGroup({
    departmentId: new FormControl<string | null>(null, Validators.required),
    need: new FormControl<ReferralNeed | null>(null, Validators.required),
    request: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected fetch(caseId: string): Promise<CaseReferral[]> {
    return this.api.forCase(caseId);
  }

  protected async openForm(): Promise<void> {
    this.resetForm();
    try {
      this.departments.set(await this.api.departments(this.caseId()));
    } catch (error) {
      this.status.errorKey.set(errorMessageKey(error));
    }
  }

  protected submit(): Promise<void> {
    const { departmentId, need, request } = this.form.getRawValue();
    if (!request.trim()) this.form.controls.request.setValue('');
    return this.send(
      !!departmentId && !!need && !!request.trim(),
      () =>
        this.api.refer(this.caseId(), {
          departmentId: departmentId ?? '',
          need: need ?? 'other',
          request: request.trim(),
        }),
      'referrals.case.referred',
      (made) => this.changed.emit(made),
    );
  }
}
