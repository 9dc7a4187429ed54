import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AuthStore } from '../auth/auth.store';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { REGISTER_TEXTS } from './registers-texts';

/** 导入记录 | 比对结果: the comparisons only for those who may run them. */
@Component({
  selector: 'bx-registers-tabs',
  imports: [RouterLink, RouterLinkActive, LabelPipe],
  template: `
    <nav class="tabs" [attr.aria-label]="texts.title | bxLabel">
      <a
        routerLink="/registers"
        routerLinkActive="active"
        [routerLinkActiveOptions]="{ exact: true }"
        data-testid="registers-tab-imports"
        >{{ texts.importsTab | bxLabel }}</a
      >
      @if (canCompare) {
        <a
          routerLink="/registers/comparisons"
          routerLinkActive="active"
          data-testid="registers-tab-comparisons"
          >{{ texts.comparisonsTab | bxLabel }}</a
        >
      }
    </nav>
  `,
  styleUrl: './registers.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegistersTabs {
  protected readonly texts = REGISTER_TEXTS;
  protected readonly canCompare = inject(AuthStore).can('registers.compare');
}
