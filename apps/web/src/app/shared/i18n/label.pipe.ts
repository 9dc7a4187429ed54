import { inject, Pipe, PipeTransform } from '@angular/core';
import type { Label } from '@baoxue/domain';
import { LanguageService } from './language.service';

/**
 * Picks the current language from a `{ zh, en }` label (the domain's label tables).
 * Impure on purpose: it reads the language signal, so a switch re-renders the label.
 */
@Pipe({ name: 'bxLabel', pure: false })
export class LabelPipe implements PipeTransform {
  private readonly language = inject(LanguageService).language;

  transform(label: Label | null | undefined): string {
    if (!label) return '';
    return this.language() === 'en' ? label.en : label.zh;
  }
}
