import { computed, Directive, effect, inject, input, signal } from '@angular/core';
import { FormGroup } from '@angular/forms';
import type { CaseDetail } from '@baoxue/contracts';
import { TranslocoService } from '@jsverse/transloco';
import { NzMessageService } from 'ng-zorro-antd/message';
import { AuthStore } from '../../auth/auth.store';
import { errorMessageKey } from '../../shared/api/api-error';
import { FormStatus, revealErrors, submissionFailure } from '../../shared/api/form-status';
import { handoverErrorKey } from './handover-rules';

/**
 * What the case page's referral and transfer sections share: the case's rows, loaded for
 * each case handed in, and one form that sends a request, then reloads.
 */
@Directive()
export abstract class HandoverSection<T> {
  protected readonly auth = inject(AuthStore);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  readonly caseDetail = input.required<CaseDetail>();
  protected readonly caseId = computed(() => this.caseDetail().id);

  protected readonly items = signal<T[]>([]);
  protected readonly loading = signal(false);
  protected readonly errorKey = signal<string | null>(null);
  protected readonly formOpen = signal(false);
  protected readonly status = new FormStatus(false);
  protected abstract readonly form: FormGroup;

  constructor() {
    // Loads for each case the page hands in (a reload of the same case keeps the list).
    effect(() => void this.load(this.caseId()));
  }

  protected abstract fetch(caseId: string): Promise<T[]>;

  async load(caseId = this.caseId()): Promise<void> {
    this.loading.set(true);
    this.errorKey.set(null);
    try {
      this.items.set(await this.fetch(caseId));
    } catch (error) {
      this.errorKey.set(errorMessageKey(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected resetForm(): void {
    this.form.reset();
    this.status.errorKey.set(null);
    this.status.serverErrors.set({});
    this.formOpen.set(true);
  }

  protected closeForm(): void {
    if (!this.status.saving()) this.formOpen.set(false);
  }

  /**
   * Sends the form when it is complete (required text must not be blank): on success closes
   * it, says `doneKey`, hands the result to `done` and reloads; a failure shows at the field
   * it names or above the form.
   */
  protected async send<R>(
    complete: boolean,
    request: () => Promise<R>,
    doneKey: string,
    done: (result: R) => void,
  ): Promise<void> {
    if (this.form.invalid || !complete) {
      revealErrors(this.form);
      return;
    }
    this.status.saving.set(true);
    this.status.errorKey.set(null);
    this.status.serverErrors.set({});
    try {
      const result = await request();
      this.formOpen.set(false);
      this.message.success(this.transloco.translate(doneKey));
      done(result);
      await this.load();
    } catch (error) {
      const failure = submissionFailure(error, false);
      if (failure.kind === 'fields' && Object.keys(failure.fields).some((f) => f in this.form.controls)) {
        this.status.serverErrors.set(failure.fields);
      } else this.status.errorKey.set(handoverErrorKey(error));
    } finally {
      this.status.saving.set(false);
    }
  }
}
