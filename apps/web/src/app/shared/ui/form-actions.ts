import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { FormStatus } from '../api/form-status';

/** Cancel (back to the list) and save, at the foot of a record's form; save waits out a conflict. */
@Component({
  selector: 'bx-form-actions',
  imports: [RouterLink, TranslocoPipe, NzButtonModule],
  template: `
    <div class="form-actions">
      <a nz-button nzSize="large" [routerLink]="cancelLink()">{{ 'common.cancel' | transloco }}</a>
      <button
        nz-button
        nzType="primary"
        nzSize="large"
        type="submit"
        [nzLoading]="status().saving()"
        [disabled]="status().saving() || status().conflict()"
        [attr.data-testid]="saveTestId()"
      >
        {{ 'common.save' | transloco }}
      </button>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }

    .form-actions {
      display: flex;
      gap: 12px;
      justify-content: flex-end;
      margin-top: 8px;
    }

    .form-actions > * {
      flex: 1 1 0;
      max-width: 200px;
    }

    @media (max-width: 575px) {
      .form-actions > * {
        max-width: none;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormActions {
  readonly status = input.required<FormStatus>();
  /** Where cancel goes back to. */
  readonly cancelLink = input.required<string>();
  readonly saveTestId = input<string>();
}

/**
 * Cancel and submit at the foot of a form opened inside a page (a responsible person, an
 * intervention, a referral, a transfer, a reason): cancel closes it, and both wait while saving.
 */
@Component({
  selector: 'bx-inline-form-buttons',
  imports: [TranslocoPipe, NzButtonModule],
  template: `
    <button nz-button nzSize="large" type="button" [disabled]="saving()" (click)="cancelled.emit()">
      {{ 'common.cancel' | transloco }}
    </button>
    <button
      nz-button
      nzType="primary"
      nzSize="large"
      type="submit"
      [nzLoading]="saving()"
      [attr.data-testid]="submitTestId()"
    >
      {{ submitLabel() | transloco }}
    </button>
  `,
  styles: `
    :host {
      display: flex;
      gap: 12px;
    }

    :host > * {
      flex: 1 1 0;
      min-height: 44px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InlineFormButtons {
  readonly saving = input.required<boolean>();
  /** Translation key of the submit button. */
  readonly submitLabel = input('common.save');
  readonly submitTestId = input<string>();
  readonly cancelled = output<void>();
}
