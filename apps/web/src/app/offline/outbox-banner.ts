import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageService } from '../shared/i18n/language.service';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { OFFLINE_TEXTS } from './offline-texts';
import { Outbox, OutboxEntry } from './outbox';
import type { CaseChangeNotice } from './outbox-model';

/**
 * Under the header, on every page: what the user must know about their writes. Case changes
 * met while sending ("发送时个案已有变化"), until dismissed; writes the server refused, with
 * their reason and 删除; edits in conflict, with a link to choose. `expanded` also lists what
 * is waiting to be sent.
 */
@Component({
  selector: 'bx-outbox-banner',
  imports: [LabelPipe, RouterLink, ChinaTimePipe],
  template: `
    @for (notice of outbox.notices(); track notice.id) {
      <div class="item notice" role="status" data-testid="outbox-notice" [attr.data-case]="notice.caseId">
        <div class="text">
          @if (notice.childName) {
            <strong>{{ notice.childName }}：</strong>
          }
          {{ texts.changedWhileAway | bxLabel }}{{ changesText(notice) }}。{{ texts.visitKept | bxLabel }}
        </div>
        <button
          type="button"
          class="action"
          data-testid="outbox-notice-dismiss"
          (click)="outbox.dismissNotice(notice.id)"
        >
          {{ texts.dismiss | bxLabel }}
        </button>
      </div>
    }
    @for (entry of outbox.needsAttention(); track entry.clientId) {
      <div
        class="item attention"
        role="alert"
        data-testid="outbox-attention"
        [attr.data-status]="entry.status"
      >
        <div class="text">
          <strong>{{ entry.childName ?? '' }} {{ kindLabel(entry) | bxLabel }}</strong>
          @if (entry.status === 'failed') {
            {{ texts.failed | bxLabel }}：<span data-testid="outbox-error">{{ entry.lastError }}</span>
          } @else {
            {{ texts.conflict | bxLabel }}
          }
        </div>
        @if (entry.status === 'conflict') {
          <a
            class="action"
            [routerLink]="['/field/cases', entry.caseId, 'edit']"
            data-testid="outbox-resolve"
          >
            {{ texts.resolve | bxLabel }}
          </a>
        } @else {
          <button type="button" class="action danger" data-testid="outbox-discard" (click)="discard(entry)">
            {{ texts.discard | bxLabel }}
          </button>
        }
      </div>
    }
    @if (expanded()) {
      <section class="list" data-testid="outbox-list">
        <h2 class="list-title">{{ texts.outbox | bxLabel }}</h2>
        @for (entry of outbox.pending(); track entry.clientId) {
          <div
            class="item"
            data-testid="outbox-entry"
            [attr.data-status]="entry.status"
            [attr.data-case]="entry.caseId"
          >
            <div class="text">
              <strong>{{ entry.childName ?? '' }} {{ kindLabel(entry) | bxLabel }}</strong>
              <span class="meta">
                {{ texts.queuedAt | bxLabel }} {{ entry.queuedAt | bxChinaTime }}
                @if (entry.photoCount > 0) {
                  · {{ entry.photoCount }} {{ texts.photos | bxLabel }}
                }
              </span>
            </div>
            <span class="badge" data-testid="outbox-entry-state">{{
              (outbox.syncing() ? texts.sending : texts.waiting) | bxLabel
            }}</span>
          </div>
        } @empty {
          <p class="empty">{{ texts.empty | bxLabel }}</p>
        }
        @if (outbox.pending().length > 0 && outbox.online()) {
          <button type="button" class="action" (click)="outbox.syncNow()">
            {{ texts.sendNow | bxLabel }}
          </button>
        }
      </section>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .item {
      display: flex;
      align-items: center;
      gap: 12px;
      margin: 8px 12px 0;
      padding: 10px 12px;
      border-radius: 8px;
      background: #fff;
      border: 1px solid var(--bx-border);
      font-size: 14px;
    }
    .notice {
      background: #fffbe6;
      border-color: #ffe58f;
    }
    .attention {
      background: #fff1f0;
      border-color: #ffccc7;
    }
    .text {
      flex: 1;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .meta {
      display: block;
      color: var(--bx-text-secondary);
      font-size: 13px;
    }
    .action {
      flex: none;
      display: inline-flex;
      align-items: center;
      justify-content: center;
      min-width: 64px;
      min-height: 44px;
      padding: 0 12px;
      border: 1px solid var(--bx-primary);
      border-radius: 8px;
      background: #fff;
      color: var(--bx-primary);
      font-size: 14px;
      cursor: pointer;
    }
    .action.danger {
      border-color: #cf1322;
      color: #cf1322;
    }
    .badge {
      flex: none;
      padding: 2px 8px;
      border-radius: 10px;
      background: var(--bx-primary-soft);
      color: var(--bx-primary);
      font-size: 12px;
    }
    .list {
      padding-bottom: 8px;
      border-bottom: 1px solid var(--bx-border);
      background: var(--bx-bg);
    }
    .list > .action {
      margin: 8px 12px 0;
    }
    .list-title {
      margin: 12px 12px 0;
      font-size: 15px;
      font-weight: 600;
    }
    .empty {
      margin: 8px 12px 0;
      color: var(--bx-text-secondary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxBanner {
  protected readonly outbox = inject(Outbox);
  private readonly language = inject(LanguageService).language;
  protected readonly texts = OFFLINE_TEXTS;

  readonly expanded = input(false);

  protected kindLabel(entry: OutboxEntry) {
    return entry.kind === 'visit' ? this.texts.visit : this.texts.caseEdit;
  }

  protected changesText(notice: CaseChangeNotice): string {
    const en = this.language() === 'en';
    return notice.changes.map((c) => (en ? c.en : c.zh)).join(en ? '; ' : '；');
  }

  protected async discard(entry: OutboxEntry): Promise<void> {
    const en = this.language() === 'en';
    if (!confirm(en ? this.texts.discardConfirm.en : this.texts.discardConfirm.zh)) return;
    await this.outbox.discard(entry.clientId);
  }
}
