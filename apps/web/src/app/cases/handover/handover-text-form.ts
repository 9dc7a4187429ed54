import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';

/**
 * One required text and a confirm button: a decline's reason, a department's answer. Emits
 * the trimmed text; the parent sends it and shows any failure.
 */
@Component({
  selector: 'bx-handover-text-form',
  imports: [ReactiveFormsModule, TranslocoPipe, NzButtonModule, NzFormModule, NzInputModule],
  template: `
    <form nz-form nzLayout="vertical" [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <nz-form-item>
        <nz-form-label [nzFor]="inputId()" nzRequired>{{ labelKey() | transloco }}</nz-form-label>
        <nz-form-control [nzErrorTip]="'validation.required' | transloco">
          <textarea
            nz-input
            rows="4"
            maxlength="2000"
            [id]="inputId()"
            formControlName="text"
            [attr.data-testid]="testId() + '-text'"
          ></textarea>
        </nz-form-control>
      </nz-form-item>
      <div class="form-buttons">
        <button nz-button nzSize="large" type="button" [disabled]="saving()" (click)="cancelled.emit()">
          {{ 'common.cancel' | transloco }}
        </button>
        <button
          nz-button
          nzType="primary"
          nzSize="large"
          type="submit"
          [nzLoading]="saving()"
          [attr.data-testid]="testId() + '-confirm'"
        >
          {{ 'common.confirm' | transloco }}
        </button>
      </div>
    </form>
  `,
  styles: `
    :host {
      display: block;
      margin-top: 8px;
    }
    .form-buttons {
      display: flex;
      gap: 12px;
    }
    .form-buttons > * {
      flex: 1 1 0;
      min-height: 44px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HandoverTextForm {
  readonly labelKey = input.required<string>();
  readonly testId = input.required<string>();
  readonly inputId = input('handover-text');
  readonly saving = input(false);
  readonly confirmed = output<string>();
  readonly cancelled = output<void>();

  protected readonly text = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly form = new FormGroup({ text: this.text });

  protected submit(): void {
    const value = this.text.value.trim();
    if (!value) {
      this.text.setValue('');
      this.text.markAsTouched();
      this.text.markAsDirty();
      this.text.updateValueAndValidity();
      return;
    }
    this.confirmed.emit(value);
  }
}
