import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
} from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { RevealedStudentData, StudentDetail } from '@baoxue/contracts';
import {
  DUPLICATE_REASON_LABELS,
  DUPLICATE_VIEWER_ROLES,
  GUARDIAN_RELATION_LABELS,
  SEX_LABELS,
  SPECIAL_STATUS_FLAG_LABELS,
} from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../auth/auth.store';
import { CASE_OPEN_ROLES } from '../cases/case-rules';
import { errorMessageKey } from '../shared/api/api-error';
import { FormStatus } from '../shared/api/form-status';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { FormAlerts } from '../shared/ui/form-alerts';
import { StudentsApi } from './students.api';

export const REVEAL_REASON_MIN = 4;
export const REVEAL_REASON_MAX = 200;

/** A reason of 4–200 characters once trimmed (the API's rule; it is kept in the audit log). */
export function revealReasonRule(control: AbstractControl<string>): ValidationErrors | null {
  const length = (control.value ?? '').trim().length;
  if (length === 0) return { required: true };
  if (length < REVEAL_REASON_MIN) return { minlength: true };
  if (length > REVEAL_REASON_MAX) return { maxlength: true };
  return null;
}

@Component({
  selector: 'bx-student-detail-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzModalModule,
    NzSpinModule,
    NzTagModule,
    LabelPipe,
    FormAlerts,
  ],
  templateUrl: './student-detail.page.html',
  styleUrl: './student-detail.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StudentDetailPage implements OnInit {
  private readonly api = inject(StudentsApi);
  private readonly auth = inject(AuthStore);
  private readonly fb = inject(NonNullableFormBuilder);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly sexLabels = SEX_LABELS;
  protected readonly flagLabels = SPECIAL_STATUS_FLAG_LABELS;
  protected readonly relationLabels = GUARDIAN_RELATION_LABELS;
  protected readonly reasonMax = REVEAL_REASON_MAX;
  protected readonly reasonLabels = DUPLICATE_REASON_LABELS;

  protected readonly status = new FormStatus(false);
  protected readonly student = signal<StudentDetail | null>(null);
  protected readonly canOpenCase = computed(() => {
    const role = this.auth.user()?.role;
    return !!role && CASE_OPEN_ROLES.includes(role);
  });
  /** The bureau reviews possible duplicates; others see the warning only. */
  protected readonly canReviewDuplicates = computed(() => {
    const role = this.auth.user()?.role;
    return !!role && DUPLICATE_VIEWER_ROLES.includes(role);
  });
  protected readonly canReveal = computed(
    () => this.auth.user()?.permissions.includes('personal_data.reveal') ?? false,
  );

  /** The unmasked data: kept only in this page, gone once the user leaves it. */
  protected readonly revealed = signal<RevealedStudentData | null>(null);
  protected readonly revealOpen = signal(false);
  protected readonly revealing = signal(false);
  protected readonly revealErrorKey = signal<string | null>(null);
  protected readonly revealForm = this.fb.group({ reason: ['', [revealReasonRule]] });

  /** Revealed phone numbers by guardian. */
  protected readonly revealedPhones = computed(
    () => new Map((this.revealed()?.guardians ?? []).map((g) => [g.id, g.phone])),
  );

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.revealed.set(null);
    await this.status.load(
      () => this.api.get(this.id()),
      (student) => this.student.set(student),
    );
  }

  protected openReveal(): void {
    this.revealForm.reset();
    this.revealErrorKey.set(null);
    this.revealOpen.set(true);
  }

  protected closeReveal(): void {
    if (!this.revealing()) this.revealOpen.set(false);
  }

  protected async reveal(): Promise<void> {
    const reason = this.revealForm.controls.reason;
    if (reason.invalid) {
      reason.markAsDirty();
      reason.markAsTouched();
      reason.updateValueAndValidity();
      return;
    }
    this.revealing.set(true);
    this.revealErrorKey.set(null);
    try {
      this.revealed.set(await this.api.reveal(this.id(), reason.value.trim()));
      this.revealOpen.set(false);
    } catch (error) {
      this.revealErrorKey.set(errorMessageKey(error));
    } finally {
      this.revealing.set(false);
    }
  }
}
