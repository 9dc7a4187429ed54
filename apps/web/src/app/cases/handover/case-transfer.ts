import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import type { CaseTransfer as CaseTransferView, RegionRef } from '@baoxue/contracts';
import { isOpenState, TRANSFER_STATUS_LABELS } from '@baoxue/domain';
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
import { TransfersApi } from './handover.api';
import { TRANSFER_ROLES, TRANSFER_STATUS_COLORS } from './handover-rules';
import { HandoverSection } from './handover-section';
import { InlineFormButtons } from '../../shared/ui/form-actions';

/**
 * Transfer to another region (跨区域转出): a pending offer's status, earlier offers, and the
 * form to offer the case to another county or zone. The case stays here until the receiver
 * accepts. Emits `changed` after an offer, so the page reloads the case.
 */
@Component({
  selector: 'bx-case-transfer',
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
  templateUrl: './case-transfer.html',
  styleUrl: './handover.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseTransfer extends HandoverSection<CaseTransferView> {
  private readonly api = inject(TransfersApi);

  /** An offer was made: the case's timeline changed. */
  readonly changed = output<CaseTransferView>();

  protected readonly statusLabels = TRANSFER_STATUS_LABELS;
  protected readonly statusColors = TRANSFER_STATUS_COLORS;

  protected readonly targets = signal<RegionRef[]>([]);
  protected readonly searching = signal(false);

  protected readonly pending = computed(() => this.items().find((t) => t.status === 'offered') ?? null);
  protected readonly canOffer = computed(() => {
    const role = this.auth.user()?.role;
    return !!role && TRANSFER_ROLES.includes(role) && isOpenState(this.caseDetail().state) && !this.pending();
  });

  protected readonly form = new FormGroup({
    toRegionId: new FormControl<string | null>(null, Validators.required),
    reason: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });

  protected fetch(caseId: string): Promise<CaseTransferView[]> {
    return this.api.forCase(caseId);
  }

  protected openForm(): void {
    this.resetForm();
    this.targets.set([]);
  }

  /** Looks counties and zones up by name as the officer types. */
  protected async search(q: string): Promise<void> {
    if (!q.trim()) return;
    this.searching.set(true);
    try {
      this.targets.set(await this.api.targets(q.trim()));
    } catch (error) {
      this.status.errorKey.set(errorMessageKey(error));
    } finally {
      this.searching.set(false);
    }
  }

  protected submit(): Promise<void> {
    const { toRegionId, reason } = this.form.getRawValue();
    if (!reason.trim()) this.form.controls.reason.setValue('');
    return this.send(
      !!toRegionId && !!reason.trim(),
      () => this.api.offer(this.caseId(), { toRegionId: toRegionId ?? '', reason: reason.trim() }),
      'transfers.case.offered',
      (offered) => this.changed.emit(offered),
    );
  }
}
