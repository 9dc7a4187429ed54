import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { FieldData } from './field-data';
import { FIELD_TEXTS } from './field-texts';
import { updatedAtLabel } from './updated-at';

/** "离线数据 · 更新于 08:12": how fresh the cards shown are, and whether they came from the phone. */
@Component({
  selector: 'bx-field-status',
  imports: [LabelPipe],
  template: `
    @if (updated(); as at) {
      <p
        class="status"
        [class.stale]="fromDevice()"
        data-testid="field-status"
        [attr.data-offline]="fromDevice()"
      >
        @if (fromDevice()) {
          {{ texts.offlineData | bxLabel }} ·
        }
        {{ texts.updatedAt | bxLabel }} {{ at }}
      </p>
    }
  `,
  styles: `
    .status {
      margin: 0 0 12px;
      font-size: 13px;
      color: var(--bx-text-secondary);
    }

    .status.stale {
      color: #ad6800;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldStatus {
  private readonly data = inject(FieldData);

  protected readonly texts = FIELD_TEXTS;
  protected readonly fromDevice = this.data.fromDevice;
  protected readonly updated = computed(() => updatedAtLabel(this.data.fetchedAt(), new Date()));
}
