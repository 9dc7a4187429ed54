import { EnvironmentProviders, importProvidersFrom, Provider } from '@angular/core';
import { TranslocoTestingModule } from '@jsverse/transloco';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import en from '../../../public/i18n/en.json';
import zhCN from '../../../public/i18n/zh-CN.json';

/** The real translation files, loaded synchronously for tests. */
export function provideTestI18n(): (Provider | EnvironmentProviders)[] {
  return [
    importProvidersFrom(
      TranslocoTestingModule.forRoot({
        langs: { 'zh-CN': zhCN, en },
        translocoConfig: {
          availableLangs: ['zh-CN', 'en'],
          defaultLang: 'zh-CN',
          reRenderOnLangChange: true,
        },
        preloadLangs: true,
      }),
    ),
    provideNzI18n(zh_CN),
  ];
}
