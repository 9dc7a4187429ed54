import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import type { InboxNotification } from '@baoxue/contracts';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzSwitchModule } from 'ng-zorro-antd/switch';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageService } from '../shared/i18n/language.service';
import { CardPagination } from '../shared/ui/card-pagination';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { INBOX_TEXTS, NOTIFICATION_KIND_COLORS, NOTIFICATION_KIND_LABELS } from './notification-texts';
import { NotificationsApi } from './notifications.api';
import { UnreadNotifications } from './unread-notifications';

/** 收件箱: the user's reminders, escalations and digests, newest first, unread ones marked. */
@Component({
  selector: 'bx-inbox-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzSpinModule,
    NzSwitchModule,
    NzTagModule,
    LabelPipe,
    CardPagination,
    ChinaTimePipe,
  ],
  templateUrl: './inbox.page.html',
  styleUrls: ['../admin/admin-list.css', './inbox.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InboxPage implements OnInit {
  private readonly api = inject(NotificationsApi);
  private readonly unreadCount = inject(UnreadNotifications);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly language = inject(LanguageService).language;

  protected readonly texts = INBOX_TEXTS;
  protected readonly kindLabels = NOTIFICATION_KIND_LABELS;
  protected readonly kindColors = NOTIFICATION_KIND_COLORS;
  protected readonly unreadOnly = signal(false);
  protected readonly markingAll = signal(false);

  protected readonly list = new PagedList<InboxNotification>(({ page, pageSize }) =>
    this.api.list({ page, pageSize, unread: this.unreadOnly() || undefined }),
  );

  ngOnInit(): void {
    void this.list.load();
  }

  protected setUnreadOnly(value: boolean): void {
    this.unreadOnly.set(value);
    this.list.search();
  }

  /** Marks the message read (if it is not yet) and opens where it leads. */
  protected async open(item: InboxNotification): Promise<void> {
    if (!item.readAt) await this.markRead(item);
    if (item.link) await this.router.navigateByUrl(item.link);
  }

  protected async markRead(item: InboxNotification): Promise<void> {
    try {
      const read = await this.api.markRead(item.id);
      this.list.items.update((items) => items.map((i) => (i.id === item.id ? read : i)));
    } catch {
      this.failed();
    }
    void this.unreadCount.refresh();
  }

  protected async markAllRead(): Promise<void> {
    this.markingAll.set(true);
    try {
      await this.api.markAllRead();
      await this.list.load();
    } catch {
      this.failed();
    } finally {
      this.markingAll.set(false);
      void this.unreadCount.refresh();
    }
  }

  private failed(): void {
    const text = this.texts.actionFailed;
    this.message.error(this.language() === 'en' ? text.en : text.zh);
  }
}
