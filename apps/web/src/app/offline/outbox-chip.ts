import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { OFFLINE_TEXTS, waitingCount } from './offline-texts';
import { Outbox } from './outbox';

/**
 * The header's network chip: "离线" when the phone has no network, "N 条等待发送" while writes
 * wait; hidden when online with nothing waiting. Tapping it opens the outbox list.
 */
@Component({
  selector: 'bx-outbox-chip',
  imports: [LabelPipe],
  template: `@if (visible()) {
    <button
      type="button"
      class="chip"
      [class.offline]="!outbox.online()"
      [class.attention]="attention() > 0"
      [attr.aria-expanded]="expanded()"
      data-testid="outbox-chip"
      [attr.data-waiting]="waiting()"
      [attr.data-online]="outbox.online()"
      (click)="toggled.emit()"
    >
      @if (!outbox.online()) {
        <span class="dot" aria-hidden="true"></span>
        <span data-testid="outbox-offline">{{ texts.offline | bxLabel }}</span>
      }
      @if (waiting() > 0) {
        <span data-testid="outbox-waiting">{{ waitingLabel() | bxLabel }}</span>
      } @else if (attention() > 0) {
        <span data-testid="outbox-attention-count">{{ texts.attention | bxLabel }} {{ attention() }}</span>
      }
    </button>
  }`,
  styles: `
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-height: 44px;
      padding: 0 10px;
      border: 0;
      border-radius: 22px;
      background: var(--bx-primary-soft);
      color: var(--bx-primary);
      font-size: 13px;
      white-space: nowrap;
      cursor: pointer;
    }
    .chip.offline {
      background: #fff4e5;
      color: #ad4e00;
    }
    .chip.attention {
      background: #fff1f0;
      color: #cf1322;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: currentColor;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OutboxChip {
  protected readonly outbox = inject(Outbox);
  protected readonly texts = OFFLINE_TEXTS;

  readonly expanded = input(false);
  readonly toggled = output<void>();

  protected readonly waiting = computed(() => this.outbox.pending().length);
  protected readonly attention = computed(() => this.outbox.needsAttention().length);
  protected readonly waitingLabel = computed(() => waitingCount(this.waiting()));
  protected readonly visible = computed(
    () => !this.outbox.online() || this.waiting() > 0 || this.attention() > 0,
  );
}
