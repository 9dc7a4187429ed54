import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { Label } from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { LabelPipe } from '../i18n/label.pipe';

/** An alert with one small button to act on it (retry, back to the top, …). */
@Component({
  selector: 'bx-action-alert',
  imports: [NzAlertModule, NzButtonModule, LabelPipe],
  template: `
    <nz-alert [nzType]="type()" nzShowIcon [nzMessage]="message() | bxLabel" [nzAction]="actionButton" />
    <ng-template #actionButton>
      <button nz-button nzSize="small" type="button" (click)="act.emit()">{{ action() | bxLabel }}</button>
    </ng-template>
  `,
  styles: `
    :host {
      display: block;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActionAlert {
  readonly type = input<'error' | 'warning'>('error');
  readonly message = input.required<Label>();
  /** The button's text. */
  readonly action = input.required<Label>();
  readonly act = output<void>();
}
