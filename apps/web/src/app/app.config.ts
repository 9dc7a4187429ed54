import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { provideRouter, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { provideTransloco } from '@jsverse/transloco';
import { provideNzConfig } from 'ng-zorro-antd/core/config';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { appRoutes } from './app.routes';
import { authInterceptor } from './auth/auth.interceptor';
import { DeviceSession } from './offline/device-session';
import { APP_ICONS } from './shared/ui/icons';
import { LANGUAGES } from './shared/i18n/languages';
import { LanguageService } from './shared/i18n/language.service';
import { TranslatedTitleStrategy } from './shared/i18n/translated-title.strategy';
import { TranslationFilesLoader } from './shared/i18n/translation-files.loader';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding()),
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideHttpClient(withInterceptors([authInterceptor])),
    provideTransloco({
      config: {
        availableLangs: [...LANGUAGES],
        defaultLang: 'zh-CN',
        fallbackLang: 'zh-CN',
        reRenderOnLangChange: true,
        prodMode: !isDevMode(),
        missingHandler: { logMissingKey: isDevMode() },
      },
      loader: TranslationFilesLoader,
    }),
    provideNzI18n(zh_CN),
    provideNzIcons(APP_ICONS),
    provideNzConfig({ message: { nzTop: 64, nzMaxStack: 3 } }),
    provideAppInitializer(() => inject(LanguageService).init()),
    // The session, or the one remembered on the phone when the server cannot be reached.
    provideAppInitializer(() => inject(DeviceSession).start()),
    // Installable and usable offline (production builds): the shell and every chunk are cached.
    provideServiceWorker('ngsw-worker.js', {
      enabled: !isDevMode(),
      registrationStrategy: 'registerWhenStable:30000',
    }),
  ],
};
