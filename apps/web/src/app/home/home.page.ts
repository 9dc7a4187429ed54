import { DashboardOutline } from '@ant-design/icons-angular/icons';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ORGANISATION_TYPE_LABELS, ROLE_LABELS } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzIconModule, provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { RegionChain } from '../shared/ui/region-chain';
import { HOME_LINKS } from './home-links';
import { TodayLink } from './today-link';

@Component({
  selector: 'bx-home-page',
  imports: [RouterLink, TranslocoPipe, NzIconModule, LabelPipe, RegionChain, TodayLink],
  templateUrl: './home.page.html',
  styleUrl: './home.page.css',
  providers: [provideNzIconsPatch([DashboardOutline])],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePage {
  protected readonly user = inject(AuthStore).user;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly organisationTypeLabels = ORGANISATION_TYPE_LABELS;

  protected readonly greetingKey = computed(() => {
    const hour = new Date().getHours();
    if (hour < 11) return 'home.greeting.morning';
    if (hour < 13) return 'home.greeting.noon';
    if (hour < 18) return 'home.greeting.afternoon';
    return 'home.greeting.evening';
  });

  protected readonly links = computed(() => {
    const user = this.user();
    if (!user) return [];
    return HOME_LINKS.filter((link) => !link.permission || user.permissions.includes(link.permission));
  });

  protected readonly schoolName = computed(() => {
    const scope = this.user()?.scope;
    return scope?.kind === 'school' ? scope.school.name : null;
  });
}
