import { inject, Pipe, PipeTransform } from '@angular/core';
import type { ApiErrorDetail } from '@baoxue/contracts';
import { TranslocoService } from '@jsverse/transloco';
import { LanguageService } from '../i18n/language.service';
import { KNOWN_FIELD_RULES } from './api-error';

/** Wording for a server field error in the current language; without one, `fallback`. */
@Pipe({ name: 'bxFieldError', pure: false })
export class FieldErrorPipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService).language;

  transform(detail: ApiErrorDetail | null | undefined, fallback = ''): string {
    if (!detail) return fallback;
    this.language();
    if ((KNOWN_FIELD_RULES as readonly string[]).includes(detail.rule)) {
      return this.transloco.translate(`validation.${detail.rule}`);
    }
    return detail.message;
  }
}
