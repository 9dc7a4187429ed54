import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';

/** A list failed to load: say why and offer to try again. */
@Component({
  selector: 'bx-list-error',
  imports: [TranslocoPipe, NzAlertModule, NzButtonModule],
  template: `
    <nz-alert nzType="error" nzShowIcon [nzMessage]="errorKey() | transloco" [nzAction]="retryAction" />
    <ng-template #retryAction>
      <button nz-button nzSize="small" type="button" (click)="retry.emit()">
        {{ 'common.retry' | transloco }}
      </button>
    </ng-template>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListError {
  /** Translation key of the failure. */
  readonly errorKey = input.required<string>();
  readonly retry = output<void>();
}
