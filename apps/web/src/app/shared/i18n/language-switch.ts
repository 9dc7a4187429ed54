import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from './language.service';
import { Language, LANGUAGES } from './languages';

/** 中文 / English: switches the UI language in place. */
@Component({
  selector: 'bx-language-switch',
  imports: [TranslocoPipe],
  template: `
    <div
      class="switch"
      role="group"
      [attr.aria-label]="'language.label' | transloco"
      data-testid="lang-switch"
    >
      @for (option of options; track option.value) {
        <button
          type="button"
          class="option"
          [class.active]="language() === option.value"
          [attr.aria-pressed]="language() === option.value"
          [attr.lang]="option.value"
          [attr.data-testid]="'lang-' + option.value"
          (click)="choose(option.value)"
        >
          {{ option.name }}
        </button>
      }
    </div>
  `,
  styles: `
    .switch {
      display: inline-flex;
      border: 1px solid var(--bx-border);
      border-radius: 16px;
      overflow: hidden;
      background: #fff;
    }
    .option {
      min-height: 32px;
      min-width: 52px;
      padding: 0 12px;
      border: 0;
      background: transparent;
      color: var(--bx-text-secondary);
      font: inherit;
      font-size: 13px;
      cursor: pointer;
    }
    .option.active {
      background: var(--bx-primary);
      color: #fff;
    }
    .option:focus-visible {
      outline: 2px solid var(--bx-primary);
      outline-offset: -2px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LanguageSwitch {
  private readonly languages = inject(LanguageService);
  protected readonly language = this.languages.language;
  protected readonly options: { value: Language; name: string }[] = LANGUAGES.map((value) => ({
    value,
    name: value === 'zh-CN' ? '中文' : 'English',
  }));

  protected choose(language: Language): void {
    this.languages.use(language);
  }
}
