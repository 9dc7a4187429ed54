import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Label } from '@baoxue/domain';
import { LabelPipe } from '../shared/i18n/label.pipe';

export const TODAY_LINK_TEXTS = {
  title: { zh: '今日工作', en: 'Today’s work' },
  description: {
    zh: '到期的家访与核查、个案卡、记录家访；没有网络也能用。',
    en: 'Visits and verifications due, case cards, recording a visit; works offline.',
  },
} as const satisfies Record<string, Label>;

/** The village official's way in: one big button to today's work, first thing on the home page. */
@Component({
  selector: 'bx-today-link',
  imports: [RouterLink, LabelPipe],
  template: `
    <a class="today" routerLink="/field" data-testid="home-today">
      <span class="today-title">{{ texts.title | bxLabel }}</span>
      <span class="today-description">{{ texts.description | bxLabel }}</span>
      <span class="today-go" aria-hidden="true">›</span>
    </a>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }

    .today {
      position: relative;
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-height: 88px;
      padding: 16px 48px 16px 18px;
      border-radius: 12px;
      background: #fff;
      border: 2px solid var(--bx-primary);
      color: var(--bx-text);
    }

    .today:focus-visible {
      outline: 2px solid var(--bx-primary);
      outline-offset: 2px;
    }

    .today-title {
      font-size: 20px;
      font-weight: 600;
      color: var(--bx-primary);
    }

    .today-description {
      font-size: 14px;
      color: var(--bx-text-secondary);
    }

    .today-go {
      position: absolute;
      right: 18px;
      top: 50%;
      transform: translateY(-50%);
      font-size: 28px;
      color: var(--bx-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TodayLink {
  protected readonly texts = TODAY_LINK_TEXTS;
}
