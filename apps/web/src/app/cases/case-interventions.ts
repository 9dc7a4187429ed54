import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  OnInit,
  output,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { CaseIntervention } from '@baoxue/contracts';
import {
  CaseState,
  chinaToday,
  ESCALATION_STEP_LABELS,
  EscalationStep,
  INTERVENTION_KIND_LABELS,
  INTERVENTION_KINDS,
  INTERVENTION_OUTCOME_LABELS,
  INTERVENTION_OUTCOMES,
  INTERVENTION_PHOTO_LIMIT,
  PARTIES,
  PARTY_LABELS,
  ROLE_PARTY,
} from '@baoxue/domain';
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
import { FormStatus, revealErrors, submissionFailure } from '../shared/api/form-status';
import { ValidateStatusPipe } from '../shared/api/validate-status.pipe';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ListError } from '../shared/ui/list-error';
import { CASE_ERROR_CODES } from './case-rules';
import {
  CASE_INTERVENTION_ROLES,
  CASE_NOT_OPEN_STATES,
  interventionForm,
  InterventionForm,
  interventionRequest,
  newClientId,
} from './intervention-form';
import { InterventionPhotoThumb } from './intervention-photo';
import { downscalePhoto, PendingPhoto } from './intervention-photos';
import { InterventionsApi } from './interventions.api';
import { InlineFormButtons } from '../shared/ui/form-actions';

/** Error codes of the interventions API with their own wording (`errors.case.*`). */
const INTERVENTION_ERROR_CODES: readonly string[] = [...CASE_ERROR_CODES, 'case.not_open'];

/**
 * A case's interventions (帮扶·劝返记录), newest first, and the form to record one. Each
 * opening of the form gets a client id that every resend reuses, so a retry never duplicates.
 */
@Component({
  selector: 'bx-case-interventions',
  imports: [
    InlineFormButtons,
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
    ListError,
    InterventionPhotoThumb,
  ],
  templateUrl: './case-interventions.html',
  styleUrl: './case-interventions.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseInterventions implements OnInit {
  private readonly api = inject(InterventionsApi);
  private readonly auth = inject(AuthStore);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  readonly caseId = input.required<string>();
  readonly state = input.required<CaseState>();
  readonly persuasionAttempts = input(0);
  readonly highestStep = input<EscalationStep | null>(null);
  /** An intervention was recorded: the case's counts and follow-up changed. */
  readonly recorded = output<CaseIntervention>();

  protected readonly kinds = INTERVENTION_KINDS;
  protected readonly kindLabels = INTERVENTION_KIND_LABELS;
  protected readonly stepLabels = ESCALATION_STEP_LABELS;
  protected readonly outcomes = INTERVENTION_OUTCOMES;
  protected readonly outcomeLabels = INTERVENTION_OUTCOME_LABELS;
  protected readonly parties = PARTIES;
  protected readonly partyLabels = PARTY_LABELS;
  protected readonly photoLimit = INTERVENTION_PHOTO_LIMIT;

  protected readonly items = signal<CaseIntervention[]>([]);
  protected readonly loading = signal(false);
  protected readonly errorKey = signal<string | null>(null);

  protected readonly canRecord = computed(() => {
    const role = this.auth.user()?.role;
    return !!role && CASE_INTERVENTION_ROLES.includes(role) && !CASE_NOT_OPEN_STATES.includes(this.state());
  });

  /** The party recorded when none is chosen: the one the user's role acts for (as the API defaults). */
  protected readonly defaultParty = computed(() => {
    const role = this.auth.user()?.role;
    return role ? PARTY_LABELS[ROLE_PARTY[role]] : null;
  });

  /** Photos chosen in the form, already downscaled; uploaded once the intervention is recorded. */
  protected readonly pendingPhotos = signal<PendingPhoto[]>([]);
  protected readonly preparingPhotos = signal(false);
  /** Photos whose upload failed, kept with their client ids so a retry stores each at most once. */
  protected readonly failedPhotos = signal<{ interventionId: string; photos: PendingPhoto[] } | null>(null);
  protected readonly uploadingPhotos = signal(false);

  protected readonly formOpen = signal(false);
  protected readonly status = new FormStatus(false);
  protected readonly form: InterventionForm = interventionForm();
  /** The id of the record being entered; kept across retries, new for each opening. */
  protected clientId: string | null = null;
  protected readonly today = signal(chinaToday(new Date()));
  private readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  protected readonly isWrittenOrder = computed(() => this.kind() === 'written_order');
  private readonly occurredOn = toSignal(this.form.controls.occurredOn.valueChanges, {
    initialValue: this.form.controls.occurredOn.value,
  });
  protected readonly followUpMin = computed(() => this.occurredOn() || this.today());

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.loading.set(true);
    this.errorKey.set(null);
    try {
      this.items.set(await this.api.list(this.caseId()));
    } catch (error) {
      this.errorKey.set(errorMessageKey(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected openForm(): void {
    const today = chinaToday(new Date());
    this.today.set(today);
    this.form.reset();
    this.form.patchValue({ kind: 'home_visit', occurredOn: today });
    this.status.errorKey.set(null);
    this.status.serverErrors.set({});
    this.clientId = newClientId();
    this.pendingPhotos.set([]);
    this.formOpen.set(true);
  }

  /** Downscales the chosen photos (each gets its own client id), up to the limit per intervention. */
  protected async choosePhotos(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    const room = this.photoLimit - this.pendingPhotos().length;
    if (files.length > room)
      this.message.warning(
        this.transloco.translate('cases.interventions.photoLimit', { count: this.photoLimit }),
      );
    this.preparingPhotos.set(true);
    try {
      for (const file of files.slice(0, Math.max(0, room))) {
        const photo = { clientId: newClientId(), file: await downscalePhoto(file), name: file.name };
        this.pendingPhotos.update((photos) => [...photos, photo]);
      }
    } finally {
      this.preparingPhotos.set(false);
    }
  }

  protected removePhoto(clientId: string): void {
    this.pendingPhotos.update((photos) => photos.filter((p) => p.clientId !== clientId));
  }

  /** Uploads the failed photos again, each with the client id it had (a stored one is not stored twice). */
  protected async retryPhotos(): Promise<void> {
    const failed = this.failedPhotos();
    if (!failed || this.uploadingPhotos()) return;
    await this.uploadPhotos(failed.interventionId, failed.photos);
    await this.load();
  }

  /** Uploads one by one (a weak network does better with one at a time); failures are kept for a retry. */
  private async uploadPhotos(interventionId: string, photos: PendingPhoto[]): Promise<void> {
    if (photos.length === 0) return;
    this.uploadingPhotos.set(true);
    const failed: PendingPhoto[] = [];
    try {
      for (const photo of photos) {
        try {
          await this.api.uploadPhoto(this.caseId(), interventionId, photo.clientId, photo.file);
        } catch {
          failed.push(photo);
        }
      }
    } finally {
      this.uploadingPhotos.set(false);
    }
    this.failedPhotos.set(failed.length ? { interventionId, photos: failed } : null);
  }

  protected closeForm(): void {
    if (this.status.saving()) return;
    this.formOpen.set(false);
    this.clientId = null;
  }

  protected async submit(): Promise<void> {
    if (this.form.invalid) {
      revealErrors(this.form);
      this.form.updateValueAndValidity();
      return;
    }
    this.clientId ??= newClientId();
    const request = interventionRequest(this.form, this.clientId);
    this.status.saving.set(true);
    this.status.errorKey.set(null);
    this.status.serverErrors.set({});
    try {
      const recorded = await this.api.record(this.caseId(), request);
      const photos = this.pendingPhotos();
      this.formOpen.set(false);
      this.clientId = null;
      this.pendingPhotos.set([]);
      this.message.success(this.transloco.translate('cases.interventions.recordedDone'));
      this.recorded.emit(recorded);
      await this.uploadPhotos(recorded.id, photos);
      await this.load();
    } catch (error) {
      const failure = submissionFailure(error, false);
      if (failure.kind === 'fields' && Object.keys(failure.fields).some((f) => f in this.form.controls)) {
        this.status.serverErrors.set(failure.fields);
      } else this.status.errorKey.set(errorMessageKey(error, INTERVENTION_ERROR_CODES));
    } finally {
      this.status.saving.set(false);
    }
  }
}
