import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { ReferralInboxItem } from '@baoxue/contracts';
import {
  REFERRAL_NEED_LABELS,
  REFERRAL_STATUS_LABELS,
  REFERRAL_STATUSES,
  ReferralStatus,
} from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { HandoverChild } from '../cases/handover/handover-child';
import { HandoverTextForm } from '../cases/handover/handover-text-form';
import { ReferralsApi } from '../cases/handover/handover.api';
import { handoverErrorKey, REFERRAL_STATUS_COLORS } from '../cases/handover/handover-rules';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { CardPagination } from '../shared/ui/card-pagination';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { ListError } from '../shared/ui/list-error';

type TextAction = 'decline' | 'respond';

/**
 * A department liaison's inbox (部门转介): referrals to their department, awaiting ones first.
 * Open one to accept it, decline it with a reason, or — once accepted — record what the
 * department found. The child shows masked: the liaison holds no other access to children.
 */
@Component({
  selector: 'bx-referral-inbox-page',
  imports: [
    FormsModule,
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
  templateUrl: './referral-inbox.page.html',
  styleUrl: './handover-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReferralInboxPage implements OnInit {
  private readonly api = inject(ReferralsApi);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  protected readonly statuses = REFERRAL_STATUSES;
  protected readonly statusLabels = REFERRAL_STATUS_LABELS;
  protected readonly statusColors = REFERRAL_STATUS_COLORS;
  protected readonly needLabels = REFERRAL_NEED_LABELS;

  protected readonly status = signal<ReferralStatus | ''>('');
  protected readonly list = new PagedList<ReferralInboxItem>(({ page, pageSize }) =>
    this.api.inbox({ page, pageSize, status: this.status() || undefined }),
  );
  protected readonly open = signal<string | null>(null);
  protected readonly textAction = signal<TextAction | null>(null);
  protected readonly saving = signal(false);
  protected readonly actionError = signal<string | null>(null);

  ngOnInit(): void {
    void this.list.load();
  }

  protected filter(status: ReferralStatus | ''): void {
    this.status.set(status);
    this.open.set(null);
    this.list.search();
  }

  protected toggle(item: ReferralInboxItem): void {
    this.open.set(this.open() === item.id ? null : item.id);
    this.textAction.set(null);
    this.actionError.set(null);
  }

  protected accept(item: ReferralInboxItem): Promise<void> {
    return this.act(item, 'accept', { version: item.version }, 'referrals.inbox.accepted');
  }

  protected submitText(item: ReferralInboxItem, action: TextAction, text: string): Promise<void> {
    return action === 'decline'
      ? this.act(item, 'decline', { version: item.version, reason: text }, 'referrals.inbox.declined')
      : this.act(item, 'respond', { version: item.version, response: text }, 'referrals.inbox.responded');
  }

  private async act(
    item: ReferralInboxItem,
    action: 'accept' | TextAction,
    body: { version: number; reason?: string; response?: string },
    doneKey: string,
  ): Promise<void> {
    this.saving.set(true);
    this.actionError.set(null);
    try {
      const updated = await this.api.act(item.id, action, body);
      this.list.items.update((items) => items.map((i) => (i.id === updated.id ? updated : i)));
      this.textAction.set(null);
      this.message.success(this.transloco.translate(doneKey));
    } catch (error) {
      this.actionError.set(handoverErrorKey(error));
    } finally {
      this.saving.set(false);
    }
  }
}
