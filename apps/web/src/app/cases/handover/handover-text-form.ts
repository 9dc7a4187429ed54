import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { InlineFormButtons } from '../../shared/ui/form-actions';

/**
 * One required text and a confirm button: a decline's reason, a department's answer. Emits
 * the trimmed text; the parent sends it and shows any failure.
 */
@Component({
  selector: 'bx-handover-text-form',
  imports: [InlineFormButtons, ReactiveFormsModule, TranslocoPipe, NzFormModule, NzInputModule],
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
      <bx-inline-form-buttons
        [saving]="saving()"
        submitLabel="common.confirm"
        [submitTestId]="testId() + '-confirm'"
        (cancelled)="cancelled.emit()"
      />
    </form>
  `,
  styles: `
    :host {
      display: block;
      margin-top: 8px;
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
