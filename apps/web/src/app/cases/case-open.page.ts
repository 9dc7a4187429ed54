import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { OpenCaseRequest, StudentDetail } from '@baoxue/contracts';
import {
  CASE_REASON_LABELS,
  CASE_REASONS,
  CASE_SOURCE_LABELS,
  CASE_SOURCES,
  CASE_TYPE_LABELS,
  CASE_TYPES,
  CaseReason,
  CaseSource,
  CaseType,
} from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { FieldErrorPipe } from '../shared/api/field-error.pipe';
import { FormStatus, revealErrors } from '../shared/api/form-status';
import { ValidateStatusPipe } from '../shared/api/validate-status.pipe';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { FormActions } from '../shared/ui/form-actions';
import { FormAlerts } from '../shared/ui/form-alerts';
import { StudentsApi } from '../students/students.api';
import { CaseAlreadyOpen, CaseOpening } from './case-opening';
import { CasesApi } from './cases.api';

/** Opens a case (开案) for a child: type, source, reasons, whereabouts and plan. */
@Component({
  selector: 'bx-case-open-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzSelectModule,
    NzSpinModule,
    FieldErrorPipe,
    ValidateStatusPipe,
    LabelPipe,
    FormActions,
    FormAlerts,
    CaseAlreadyOpen,
  ],
  templateUrl: './case-open.page.html',
  styleUrls: ['../admin/admin-form.css', './case-open.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseOpenPage implements OnInit {
  private readonly cases = inject(CasesApi);
  private readonly students = inject(StudentsApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);
  private readonly fb = inject(NonNullableFormBuilder);

  /** Query parameter: the child the case is about. */
  readonly studentId = input<string>();

  protected readonly types = CASE_TYPES;
  protected readonly sources = CASE_SOURCES;
  protected readonly typeLabels = CASE_TYPE_LABELS;
  protected readonly sourceLabels = CASE_SOURCE_LABELS;
  protected readonly reasons = CASE_REASONS;
  protected readonly reasonLabels = CASE_REASON_LABELS;

  protected readonly form = this.fb.group({
    type: [null as CaseType | null, [Validators.required]],
    source: [null as CaseSource | null, [Validators.required]],
    primaryReason: [null as CaseReason | null, [Validators.required]],
    otherReasons: [[] as CaseReason[]],
    reasonNote: ['', [Validators.maxLength(1000)]],
    whereabouts: ['', [Validators.maxLength(500)]],
    plan: ['', [Validators.maxLength(4000)]],
  });
  private readonly primaryReason = toSignal(this.form.controls.primaryReason.valueChanges, {
    initialValue: null,
  });
  /** Other reasons: any but the primary one. */
  protected readonly otherReasonOptions = computed(() =>
    CASE_REASONS.filter((r) => r !== this.primaryReason()),
  );

  protected readonly status = new FormStatus(false);
  protected readonly opening = new CaseOpening(this.status);
  protected readonly student = signal<StudentDetail | null>(null);

  constructor() {
    this.form.controls.primaryReason.valueChanges.subscribe((primary) => {
      const others = this.form.controls.otherReasons;
      if (primary && others.value.includes(primary)) {
        others.setValue(others.value.filter((r) => r !== primary));
      }
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    const id = this.studentId();
    if (!id) return;
    await this.status.load(
      () => this.students.get(id),
      (student) => this.student.set(student),
    );
  }

  protected async save(): Promise<void> {
    const studentId = this.studentId();
    if (!studentId) return;
    if (this.form.invalid) {
      revealErrors(this.form);
      return;
    }
    const opened = await this.opening.submit(this.request(studentId), (r) => this.cases.open(r));
    if (!opened) return;
    this.message.success(this.transloco.translate('cases.openDone'));
    await this.router.navigate(['/cases', opened.id]);
  }

  private request(studentId: string): OpenCaseRequest {
    const value = this.form.getRawValue();
    const request: OpenCaseRequest = {
      studentId,
      type: value.type as CaseType,
      source: value.source as CaseSource,
      primaryReason: value.primaryReason as CaseReason,
    };
    const others = value.otherReasons.filter((r) => r !== value.primaryReason);
    if (others.length) request.otherReasons = others;
    for (const key of ['reasonNote', 'whereabouts', 'plan'] as const) {
      const text = value[key].trim();
      if (text) request[key] = text;
    }
    return request;
  }
}
