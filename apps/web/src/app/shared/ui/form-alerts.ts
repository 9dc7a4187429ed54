import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { FormStatus } from '../api/form-status';
import { ConflictAlert } from './conflict-alert';

/** Above a record's form: the conflict to reload, or what went wrong loading or saving. */
@Component({
  selector: 'bx-form-alerts',
  imports: [TranslocoPipe, NzAlertModule, ConflictAlert],
  template: `
    @if (status().conflict()) {
      <bx-conflict-alert (reload)="reload.emit()" />
    }
    @if (status().errorKey(); as key) {
      <nz-alert class="form-error" nzType="error" nzShowIcon [nzMessage]="key | transloco" role="alert" />
    }
  `,
  styles: `
    :host {
      display: contents;
    }

    .form-error {
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormAlerts {
  readonly status = input.required<FormStatus>();
  readonly reload = output<void>();
}
