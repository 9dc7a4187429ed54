import { DOCUMENT } from '@angular/common';
import { inject, Injectable, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { en_US, NzI18nService, zh_CN } from 'ng-zorro-antd/i18n';
import { firstValueFrom } from 'rxjs';
import { DEFAULT_LANGUAGE, isLanguage, Language } from './languages';

const STORAGE_KEY = 'baoxue.language';

/**
 * The UI language: drives the translations, ng-zorro's own texts and `<html lang>`,
 * and is remembered in this browser.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly nzI18n = inject(NzI18nService);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(DEFAULT_LANGUAGE);

  /** The active language. */
  readonly language = this.current.asReadonly();

  /** Restores the remembered language and loads its translations before the first render. */
  init(): Promise<unknown> {
    const stored = this.readStored();
    this.apply(stored ?? DEFAULT_LANGUAGE);
    return firstValueFrom(this.transloco.load(this.current())).catch(() => undefined);
  }

  use(language: Language): void {
    if (language === this.current()) return;
    this.apply(language);
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this visit.
    }
  }

  private apply(language: Language): void {
    this.current.set(language);
    this.transloco.setActiveLang(language);
    this.nzI18n.setLocale(language === 'en' ? en_US : zh_CN);
    this.document.documentElement.lang = language;
  }

  private readStored(): Language | null {
    try {
      const value = this.document.defaultView?.localStorage.getItem(STORAGE_KEY);
      return isLanguage(value) ? value : null;
    } catch {
      return null;
    }
  }
}
