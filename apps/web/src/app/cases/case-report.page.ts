import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { OpenCaseRequest, StudentSummary } from '@baoxue/contracts';
import { CASE_REASON_LABELS, CASE_REASONS, CaseReason, chinaToday } from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { AuthStore } from '../auth/auth.store';
import { errorMessageKey } from '../shared/api/api-error';
import { FieldErrorPipe } from '../shared/api/field-error.pipe';
import { FormStatus, revealErrors } from '../shared/api/form-status';
import { ValidateStatusPipe } from '../shared/api/validate-status.pipe';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { StudentsApi } from '../students/students.api';
import { CaseAlreadyOpen, CaseOpening } from './case-opening';
import { REPORT_KIND_TYPES, REPORT_KINDS, ReportKind, reportSource } from './case-rules';
import { CasesApi } from './cases.api';

/** Typing pauses this long before the children are looked up. */
const SEARCH_DELAY_MS = 300;
const SEARCH_PAGE_SIZE = 8;

/**
 * 报告缺学 / 报告辍学: the short form school staff and village officials fill on a phone when
 * a child stops coming. It opens a case typed by the kind of report, sourced by the role.
 */
@Component({
  selector: 'bx-case-report-page',
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
    CaseAlreadyOpen,
  ],
  templateUrl: './case-report.page.html',
  styleUrls: ['../admin/admin-form.css', './case-report.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseReportPage implements OnInit {
  private readonly cases = inject(CasesApi);
  private readonly students = inject(StudentsApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);
  private readonly fb = inject(NonNullableFormBuilder);

  /** Query parameter: the child, when the report starts from the child's page. */
  readonly studentId = input<string>();

  protected readonly kinds = REPORT_KINDS;
  protected readonly reasons = CASE_REASONS;
  protected readonly reasonLabels = CASE_REASON_LABELS;
  protected readonly today = signal(chinaToday(new Date()));

  protected readonly form = this.fb.group({
    studentId: ['', [Validators.required]],
    kind: ['absent' as ReportKind, [Validators.required]],
    absentSince: ['', [Validators.required]],
    primaryReason: [null as CaseReason | null, [Validators.required]],
    reasonNote: ['', [Validators.maxLength(1000)]],
  });
  protected readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  /** An absence needs its first day; for a dropout it may be unknown. */
  protected readonly absentSinceRequired = computed(() => this.kind() === 'absent');

  // The child search.
  protected readonly query = signal('');
  protected readonly options = signal<StudentSummary[]>([]);
  protected readonly searching = signal(false);
  protected readonly searched = signal(false);
  protected readonly student = signal<Pick<StudentSummary, 'id' | 'fullName' | 'idNumberMasked'> | null>(
    null,
  );
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private searchRequest = 0;

  protected readonly status = new FormStatus(false);
  protected readonly opening = new CaseOpening(this.status);

  constructor() {
    this.form.controls.kind.valueChanges.subscribe((kind) => {
      const control = this.form.controls.absentSince;
      control.setValidators(kind === 'absent' ? [Validators.required] : []);
      control.updateValueAndValidity();
    });
  }

  ngOnInit(): void {
    const id = this.studentId();
    if (id) void this.preselect(id);
  }

  private async preselect(id: string): Promise<void> {
    await this.status.load(
      () => this.students.get(id),
      (s) => this.choose(s),
    );
  }

  protected onQuery(text: string): void {
    this.query.set(text);
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.search(), SEARCH_DELAY_MS);
  }

  /** Looks up children in scope by name (the list is scoped by the API). */
  protected async search(): Promise<void> {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    const q = this.query().trim();
    const request = ++this.searchRequest;
    if (!q) {
      this.options.set([]);
      this.searched.set(false);
      return;
    }
    this.searching.set(true);
    try {
      const page = await this.students.list({ q, page: 1, pageSize: SEARCH_PAGE_SIZE });
      if (request !== this.searchRequest) return;
      this.options.set(page.items);
      this.searched.set(true);
    } catch (error) {
      if (request === this.searchRequest) this.status.errorKey.set(errorMessageKey(error));
    } finally {
      if (request === this.searchRequest) this.searching.set(false);
    }
  }

  protected choose(student: Pick<StudentSummary, 'id' | 'fullName' | 'idNumberMasked'>): void {
    this.student.set({ id: student.id, fullName: student.fullName, idNumberMasked: student.idNumberMasked });
    this.form.controls.studentId.setValue(student.id);
    this.opening.alreadyOpen.set(null);
    this.status.clearServerError('studentId');
  }

  protected changeStudent(): void {
    this.student.set(null);
    this.form.controls.studentId.setValue('');
    this.opening.alreadyOpen.set(null);
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      revealErrors(this.form);
      return;
    }
    const opened = await this.opening.submit(this.request(), (r) => this.cases.open(r));
    if (!opened) return;
    this.message.success(this.transloco.translate('cases.report.done'));
    await this.router.navigate(['/cases', opened.id]);
  }

  private request(): OpenCaseRequest {
    const value = this.form.getRawValue();
    const request: OpenCaseRequest = {
      studentId: value.studentId,
      type: REPORT_KIND_TYPES[value.kind],
      source: reportSource(this.auth.user()?.role),
      primaryReason: value.primaryReason as CaseReason,
    };
    if (value.absentSince) request.absentSince = value.absentSince;
    const note = value.reasonNote.trim();
    if (note) request.reasonNote = note;
    return request;
  }
}
