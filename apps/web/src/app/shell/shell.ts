import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { AuthStore } from '../auth/auth.store';
import { ROLE_LABELS } from '@baoxue/domain';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageSwitch } from '../shared/i18n/language-switch';
import {
  AlertOutline,
  BarChartOutline,
  CarryOutOutline,
  CheckSquareOutline,
  DashboardOutline,
  SettingOutline,
} from '@ant-design/icons-angular/icons';
import { NzIconModule, provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { UnreadBadge } from '../notifications/unread-badge';
import { DeviceData } from '../offline/device-data';
import { OFFLINE_TEXTS } from '../offline/offline-texts';
import { OutboxBanner } from '../offline/outbox-banner';
import { OutboxChip } from '../offline/outbox-chip';
import { visibleNavItems } from './nav-items';

/** The signed-in frame: top bar, side menu on wide screens, a drawer on phones. */
@Component({
  selector: 'bx-shell',
  imports: [
    NgTemplateOutlet,
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    TranslocoPipe,
    NzButtonModule,
    NzDrawerModule,
    NzIconModule,
    LabelPipe,
    LanguageSwitch,
    UnreadBadge,
    OutboxChip,
    OutboxBanner,
  ],
  // The reminders' menu icons, beside the app's own set.
  providers: [
    provideNzIconsPatch([
      AlertOutline,
      BarChartOutline,
      CarryOutOutline,
      CheckSquareOutline,
      DashboardOutline,
      SettingOutline,
    ]),
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly deviceData = inject(DeviceData);

  protected readonly user = this.auth.user;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly drawerOpen = signal(false);
  protected readonly signingOut = signal(false);
  protected readonly outboxOpen = signal(false);
  protected readonly confirmingSignOut = signal(false);
  protected readonly offlineTexts = OFFLINE_TEXTS;

  protected readonly navItems = computed(() => visibleNavItems(this.auth.user()));

  protected openDrawer(): void {
    this.drawerOpen.set(true);
  }

  protected closeDrawer(): void {
    this.drawerOpen.set(false);
  }

  protected toggleOutbox(): void {
    this.outboxOpen.update((open) => !open);
  }

  /**
   * Signs out and clears what the phone keeps about children (field cards, outbox). Unsent
   * writes would be lost with it, so the user confirms first (`anyway`).
   */
  protected async signOut(anyway = false): Promise<void> {
    this.drawerOpen.set(false);
    if (!anyway && this.deviceData.unsentCount() > 0) {
      this.confirmingSignOut.set(true);
      return;
    }
    this.confirmingSignOut.set(false);
    this.signingOut.set(true);
    try {
      await this.auth.logout();
    } finally {
      await this.deviceData.clear();
      this.signingOut.set(false);
      await this.router.navigateByUrl('/login');
    }
  }
}
