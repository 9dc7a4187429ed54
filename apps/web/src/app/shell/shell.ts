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

  protected readonly user = this.auth.user;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly drawerOpen = signal(false);
  protected readonly signingOut = signal(false);

  protected readonly navItems = computed(() => visibleNavItems(this.auth.user()));

  protected openDrawer(): void {
    this.drawerOpen.set(true);
  }

  protected closeDrawer(): void {
    this.drawerOpen.set(false);
  }

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    this.drawerOpen.set(false);
    try {
      await this.auth.logout();
    } finally {
      this.signingOut.set(false);
      await this.router.navigateByUrl('/login');
    }
  }
}
