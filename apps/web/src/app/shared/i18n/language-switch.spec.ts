import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ROLE_LABELS } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzI18nService } from 'ng-zorro-antd/i18n';
import { provideTestI18n } from '../../testing/i18n-testing';
import { LabelPipe } from './label.pipe';
import { LanguageSwitch } from './language-switch';

@Component({
  imports: [LanguageSwitch, TranslocoPipe, LabelPipe],
  template: `
    <bx-language-switch />
    <h1>{{ 'nav.users' | transloco }}</h1>
    <p>{{ label | bxLabel }}</p>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  protected readonly label = ROLE_LABELS.village_official;
}

describe(LanguageSwitch.name, () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.lang = 'zh-CN';
    TestBed.configureTestingModule({ imports: [Host], providers: [provideTestI18n()] });
  });

  it('switches the rendered text, ng-zorro locale and <html lang> to English and remembers it', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('h1')?.textContent).toBe('用户管理');
    expect(element.querySelector('p')?.textContent).toBe('村干部');

    const english = element.querySelector<HTMLButtonElement>('[data-testid="lang-en"]');
    english?.click();
    await fixture.whenStable();

    expect(element.querySelector('h1')?.textContent).toBe('Users');
    expect(element.querySelector('p')?.textContent).toBe('Village official');
    expect(document.documentElement.lang).toBe('en');
    expect(TestBed.inject(NzI18nService).getLocaleId()).toBe('en');
    expect(localStorage.getItem('baoxue.language')).toBe('en');
    expect(english?.getAttribute('aria-pressed')).toBe('true');

    element.querySelector<HTMLButtonElement>('[data-testid="lang-zh-CN"]')?.click();
    await fixture.whenStable();
    expect(element.querySelector('h1')?.textContent).toBe('用户管理');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
