import { ChangeDetectionStrategy, Component, input, model, signal } from '@angular/core';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { isRegisterFileName, REGISTER_TEXTS } from '../registers-texts';

/** A .csv/.xlsx file chosen with the file dialog or dropped on the zone. */
@Component({
  selector: 'bx-register-file-picker',
  imports: [LabelPipe],
  template: `
    <label
      class="zone"
      [class.over]="over()"
      (dragover)="$event.preventDefault(); over.set(true)"
      (dragleave)="over.set(false)"
      (drop)="dropped($event)"
    >
      <span class="zone-button">{{ texts.chooseFile | bxLabel }}</span>
      <span class="zone-hint">{{ texts.dropHint | bxLabel }}</span>
      <input
        #input
        type="file"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        (change)="take(input.files?.item(0) ?? null)"
        [attr.data-testid]="testId()"
      />
      @if (file(); as f) {
        <span class="zone-name" [attr.data-testid]="testId() + '-name'">{{ f.name }}</span>
      }
    </label>
    @if (wrongType()) {
      <p class="wrong" [attr.data-testid]="testId() + '-wrong-type'">{{ texts.wrongType | bxLabel }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }

    .zone {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      padding: 12px;
      border: 1px dashed var(--bx-primary);
      border-radius: 8px;
      background: #fff;
      cursor: pointer;
    }

    .zone.over {
      background: var(--bx-primary-soft);
    }

    .zone:focus-within {
      box-shadow: 0 0 0 2px var(--bx-primary-soft);
    }

    .zone input {
      position: absolute;
      width: 1px;
      height: 1px;
      opacity: 0;
    }

    .zone-button {
      display: inline-flex;
      align-items: center;
      min-height: 36px;
      padding: 0 16px;
      border-radius: 6px;
      background: var(--bx-primary);
      color: #fff;
    }

    .zone-hint {
      color: var(--bx-text-secondary);
      font-size: 13px;
    }

    .zone-name {
      flex-basis: 100%;
      overflow-wrap: anywhere;
    }

    .wrong {
      margin: 4px 0 0;
      color: #cf1322;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegisterFilePicker {
  /** The accepted file, null while none or a wrong type is chosen. */
  readonly file = model<File | null>(null);
  readonly testId = input('register-file');

  protected readonly texts = REGISTER_TEXTS;
  protected readonly over = signal(false);
  protected readonly wrongType = signal(false);

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.over.set(false);
    this.take(event.dataTransfer?.files.item(0) ?? null);
  }

  protected take(file: File | null): void {
    const accepted = file !== null && isRegisterFileName(file.name);
    this.wrongType.set(file !== null && !accepted);
    this.file.set(accepted ? file : null);
  }
}
