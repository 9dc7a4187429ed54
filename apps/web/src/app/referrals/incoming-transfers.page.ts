import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { IncomingTransfer } from '@baoxue/contracts';
import { TRANSFER_STATUS_LABELS, TRANSFER_STATUSES, TransferStatus } from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { HandoverChild } from '../cases/handover/handover-child';
import { HandoverTextForm } from '../cases/handover/handover-text-form';
import { TransfersApi } from '../cases/handover/handover.api';
import { handoverErrorKey, TRANSFER_STATUS_COLORS } from '../cases/handover/handover-rules';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { CardPagination } from '../shared/ui/card-pagination';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { ListError } from '../shared/ui/list-error';

/**
 * Cases other regions offer to the officer's region (跨区域接收), pending first. Accepting
 * makes the case, with its whole history, this region's (then it opens like any case);
 * declining needs a reason and leaves it with the sender.
 */
@Component({
  selector: 'bx-incoming-transfers-page',
  imports: [
    FormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    HandoverChild,
    HandoverTextForm,
    LabelPipe,
    CardPagination,
    ChinaTimePipe,
    ListError,
  ],
  templateUrl: './incoming-transfers.page.html',
  styleUrl: './handover-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IncomingTransfersPage implements OnInit {
  private readonly api = inject(TransfersApi);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  protected readonly statuses = TRANSFER_STATUSES;
  protected readonly statusLabels = TRANSFER_STATUS_LABELS;
  protected readonly statusColors = TRANSFER_STATUS_COLORS;

  protected readonly status = signal<TransferStatus | ''>('offered');
  protected readonly list = new PagedList<IncomingTransfer>(({ page, pageSize }) =>
    this.api.incoming({ page, pageSize, status: this.status() || undefined }),
  );
  /** The transfer whose decline reason is being entered. */
  protected readonly declining = signal<string | null>(null);
  protected readonly saving = signal<string | null>(null);
  protected readonly actionError = signal<{ id: string; key: string } | null>(null);

  ngOnInit(): void {
    void this.list.load();
  }

  protected filter(status: TransferStatus | ''): void {
    this.status.set(status);
    this.list.search();
  }

  protected accept(item: IncomingTransfer): Promise<void> {
    return this.act(item, 'accept', { version: item.version }, 'transfers.incoming.accepted');
  }

  protected decline(item: IncomingTransfer, reason: string): Promise<void> {
    return this.act(item, 'decline', { version: item.version, reason }, 'transfers.incoming.declined');
  }

  private async act(
    item: IncomingTransfer,
    action: 'accept' | 'decline',
    body: { version: number; reason?: string },
    doneKey: string,
  ): Promise<void> {
    this.saving.set(item.id);
    this.actionError.set(null);
    try {
      const updated = await this.api.act(item.id, action, body);
      this.list.items.update((items) => items.map((i) => (i.id === updated.id ? updated : i)));
      this.declining.set(null);
      this.message.success(this.transloco.translate(doneKey));
    } catch (error) {
      this.actionError.set({ id: item.id, key: handoverErrorKey(error) });
    } finally {
      this.saving.set(null);
    }
  }
}
