import { ChangeDetectionStrategy, Component, output } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';

/** Someone else saved first (409): say so and offer to load their version. */
@Component({
  selector: 'bx-conflict-alert',
  imports: [TranslocoPipe, NzAlertModule, NzButtonModule],
  template: `
    <nz-alert
      nzType="warning"
      nzShowIcon
      [nzMessage]="'errors.conflict' | transloco"
      [nzAction]="action"
      role="alert"
      data-testid="conflict-alert"
    />
    <ng-template #action>
      <button nz-button nzSize="small" nzType="primary" type="button" (click)="reload.emit()">
        {{ 'common.reload' | transloco }}
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
export class ConflictAlert {
  readonly reload = output<void>();
}
