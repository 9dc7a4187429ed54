import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type {
  AllowedCaseTransition,
  AssignResponsibleRequest,
  CaseDetail,
  CaseEvent,
} from '@baoxue/contracts';
import {
  CASE_REASON_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATE_LABELS,
  CASE_TYPE_LABELS,
  EXCLUSION_REASON_LABELS,
  isLevelOf,
  Level,
  LEVEL_LABELS,
  Line,
  LINE_LABELS,
  LINE_LEVELS,
  LINES,
  PARTIES,
  Party,
  PARTY_LABELS,
  PLACEMENT_TYPE_LABELS,
  RETURN_MODE_LABELS,
  TRANSITION_LABELS,
  TransitionName,
} from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../auth/auth.store';
import { apiErrorCode, errorMessageKey } from '../shared/api/api-error';
import { FieldErrorPipe } from '../shared/api/field-error.pipe';
import { FormStatus, revealErrors, submissionFailure } from '../shared/api/form-status';
import { ValidateStatusPipe } from '../shared/api/validate-status.pipe';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { FormAlerts } from '../shared/ui/form-alerts';
import { CaseAccessLog } from './case-access-log';
import { CASE_ASSIGN_ROLES, CASE_ERROR_CODES, CASE_STATE_COLORS, codeLabel } from './case-rules';
import { CaseInterventions } from './case-interventions';
import { CaseReferrals } from './handover/case-referrals';
import { CaseTransfer } from './handover/case-transfer';
import { CasesApi } from './cases.api';
import { CASE_NOT_OPEN_STATES } from './intervention-form';
import { SchoolOptions } from './school-options';
import {
  TransitionFieldView,
  TransitionForm,
  transitionFieldViews,
  transitionForm,
  transitionRequest,
} from './transition-form';
import { InlineFormButtons } from '../shared/ui/form-actions';

const PHONE_PATTERN = /^[0-9-]{7,20}$/;

@Component({
  selector: 'bx-case-detail-page',
  imports: [
    InlineFormButtons,
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzModalModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    FieldErrorPipe,
    ValidateStatusPipe,
    LabelPipe,
    ChinaTimePipe,
    FormAlerts,
    CaseAccessLog,
    CaseInterventions,
    CaseReferrals,
    CaseTransfer,
  ],
  templateUrl: './case-detail.page.html',
  styleUrl: './case-detail.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseDetailPage implements OnInit {
  private readonly api = inject(CasesApi);
  private readonly auth = inject(AuthStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly stateLabels = CASE_STATE_LABELS;
  protected readonly stateColors = CASE_STATE_COLORS;
  protected readonly typeLabels = CASE_TYPE_LABELS;
  protected readonly sourceLabels = CASE_SOURCE_LABELS;
  protected readonly reasonLabels = CASE_REASON_LABELS;
  protected readonly exclusionLabels = EXCLUSION_REASON_LABELS;
  protected readonly returnModeLabels = RETURN_MODE_LABELS;
  protected readonly placementLabels = PLACEMENT_TYPE_LABELS;
  protected readonly transitionLabels = TRANSITION_LABELS;
  protected readonly lineLabels = LINE_LABELS;
  protected readonly partyLabels = PARTY_LABELS;
  protected readonly levelLabels = LEVEL_LABELS;
  protected readonly lines = LINES;
  protected readonly parties = PARTIES;
  protected readonly codeLabel = codeLabel;

  protected readonly status = new FormStatus(false);
  protected readonly detail = signal<CaseDetail | null>(null);

  /** The timeline, newest first. */
  protected readonly timeline = computed<CaseEvent[]>(() =>
    [...(this.detail()?.timeline ?? [])].sort((a, b) => b.at.localeCompare(a.at)),
  );
  /** The signed-in user, to mark the responsibilities that are theirs. */
  protected readonly userId = computed(() => this.auth.user()?.id ?? null);
  /** 谁查看过此记录: only for those who may read the audit log. */
  protected readonly canReadAccessLog = computed(() => this.auth.can('audit.read'));
  /** The written report to the township is for a case still being worked on. */
  protected readonly canReport = computed(() => {
    const state = this.detail()?.state;
    return !!state && !CASE_NOT_OPEN_STATES.includes(state);
  });
  protected readonly responsiblesByLine = computed(() => {
    const all = this.detail()?.responsibles.filter((r) => r.active) ?? [];
    return LINES.map((line) => ({ line, people: all.filter((r) => r.line === line) }));
  });

  // The transition dialog.
  protected readonly transition = signal<TransitionName | null>(null);
  protected readonly transitionLabel = computed(() => {
    const name = this.transition();
    return name ? TRANSITION_LABELS[name] : null;
  });
  protected readonly transitionFields = signal<TransitionFieldView[]>([]);
  protected readonly transitionForm = signal<TransitionForm>(transitionForm([]));
  protected readonly transitionStatus = new FormStatus(false);
  protected readonly schools = new SchoolOptions(() => this.api.schools());

  // The "add responsible person" form.
  protected readonly canAssign = computed(() => {
    const role = this.auth.user()?.role;
    return !!role && CASE_ASSIGN_ROLES.includes(role);
  });
  protected readonly responsibleOpen = signal(false);
  protected readonly responsibleStatus = new FormStatus(false);
  protected readonly responsibleForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(50)]],
    party: [null as Party | null, [Validators.required]],
    line: [null as Line | null, [Validators.required]],
    level: [null as Level | null, [Validators.required]],
    phone: ['', [Validators.pattern(PHONE_PATTERN)]],
  });
  private readonly line = toSignal(this.responsibleForm.controls.line.valueChanges, { initialValue: null });
  /** The levels of the chosen line (LINE_LEVELS). */
  protected readonly levels = computed<readonly Level[]>(() => {
    const line = this.line();
    return line ? LINE_LEVELS[line] : [];
  });

  constructor() {
    this.responsibleForm.controls.line.valueChanges.subscribe((line) => {
      const level = this.responsibleForm.controls.level;
      if (level.value && (!line || !isLevelOf(line, level.value))) level.setValue(null);
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    await this.status.load(
      () => this.api.get(this.id()),
      (detail) => this.detail.set(detail),
    );
  }

  protected guardKey(rule: string): string {
    return `cases.guards.${rule}`;
  }

  protected openTransition(allowed: AllowedCaseTransition): void {
    if (allowed.unmet.length > 0) return;
    const fields = transitionFieldViews(allowed.name);
    this.transitionFields.set(fields);
    this.transitionForm.set(transitionForm(fields));
    this.transitionStatus.errorKey.set(null);
    this.transitionStatus.serverErrors.set({});
    this.transition.set(allowed.name);
    if (fields.some((f) => f.kind === 'school')) void this.schools.load();
  }

  protected closeTransition(): void {
    if (!this.transitionStatus.saving()) this.transition.set(null);
  }

  protected async takeTransition(): Promise<void> {
    const name = this.transition();
    const detail = this.detail();
    const form = this.transitionForm();
    if (!name || !detail) return;
    if (form.invalid) {
      revealErrors(form);
      return;
    }
    const status = this.transitionStatus;
    status.saving.set(true);
    status.errorKey.set(null);
    status.serverErrors.set({});
    try {
      await this.api.transition(detail.id, name, transitionRequest(form, detail.version));
      this.transition.set(null);
      this.message.success(this.transloco.translate('cases.transitionDone'));
      await this.load();
    } catch (error) {
      if (apiErrorCode(error) === 'case.stale_version') {
        // Someone else changed the case: say so on the page and offer to reload.
        this.transition.set(null);
        this.status.conflict.set(true);
      } else {
        const failure = submissionFailure(error, false);
        if (failure.kind === 'fields' && this.hasShownField(Object.keys(failure.fields))) {
          status.serverErrors.set(failure.fields);
        } else {
          status.errorKey.set(errorMessageKey(error, CASE_ERROR_CODES));
        }
      }
    } finally {
      status.saving.set(false);
    }
  }

  private hasShownField(fields: string[]): boolean {
    return fields.some((field) => this.transitionFields().some((f) => f.field === field));
  }

  protected isShown(field: string): boolean {
    return this.transitionForm().controls[field]?.enabled ?? false;
  }

  protected toggleResponsible(): void {
    if (!this.responsibleOpen()) {
      this.responsibleForm.reset();
      this.responsibleStatus.errorKey.set(null);
      this.responsibleStatus.serverErrors.set({});
    }
    this.responsibleOpen.update((open) => !open);
  }

  protected async addResponsible(): Promise<void> {
    const detail = this.detail();
    if (!detail) return;
    if (this.responsibleForm.invalid) {
      revealErrors(this.responsibleForm);
      return;
    }
    await this.responsibleStatus.save(async () => {
      const value = this.responsibleForm.getRawValue();
      const request: AssignResponsibleRequest = {
        name: value.name.trim(),
        party: value.party as Party,
        line: value.line as Line,
        level: value.level as Level,
      };
      if (value.phone.trim()) request.phone = value.phone.trim();
      await this.api.assignResponsible(detail.id, request);
      this.responsibleOpen.set(false);
      this.message.success(this.transloco.translate('common.saved'));
      await this.load();
    });
  }
}
