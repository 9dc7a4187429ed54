import { ChangeDetectionStrategy, Component, inject, ViewEncapsulation } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink } from '@angular/router';
import { BellOutline } from '@ant-design/icons-angular/icons';
import { NzBadgeModule } from 'ng-zorro-antd/badge';
import { NzIconModule, provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { filter, merge, timer } from 'rxjs';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { INBOX_TEXTS } from './notification-texts';
import { UNREAD_POLL_MS, UnreadNotifications } from './unread-notifications';

/** The header's bell: the unread count, polled and refreshed on every navigation; opens the inbox. */
@Component({
  selector: 'bx-unread-badge',
  imports: [RouterLink, NzBadgeModule, NzIconModule, LabelPipe],
  providers: [provideNzIconsPatch([BellOutline])],
  template: `
    <a
      class="bell"
      routerLink="/inbox"
      data-testid="inbox-bell"
      [attr.data-unread]="unread()"
      [attr.aria-label]="
        (texts.bell | bxLabel) + (unread() ? ' ' + unread() + ' ' + (texts.unreadCount | bxLabel) : '')
      "
    >
      <nz-badge [nzCount]="unread()" [nzOverflowCount]="99">
        <span nz-icon nzType="bell" class="bell-icon"></span>
      </nz-badge>
    </a>
  `,
  styleUrl: './unread-badge.less',
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnreadBadge {
  private readonly store = inject(UnreadNotifications);

  protected readonly texts = INBOX_TEXTS;
  protected readonly unread = this.store.unread;

  constructor() {
    const navigated = inject(Router).events.pipe(filter((event) => event instanceof NavigationEnd));
    merge(timer(0, UNREAD_POLL_MS), navigated)
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.store.refresh());
  }
}
