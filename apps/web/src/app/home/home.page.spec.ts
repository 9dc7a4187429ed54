import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { LanguageService } from '../shared/i18n/language.service';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser, REGION_CHAIN } from '../testing/users';
import { HomePage } from './home.page';

describe(HomePage.name, () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [HomePage],
      providers: [provideRouter([]), provideHttpClient(), provideTestI18n(), provideNzIcons(APP_ICONS)],
    });
  });

  async function render(): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(HomePage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const text = (element: HTMLElement, testId: string): string =>
    (element.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();

  it('greets the user and shows their role, organisation and scope as a place chain', async () => {
    TestBed.inject(AuthStore).user.set(aUser());
    const element = await render();
    expect(text(element, 'user-name')).toBe('张建国');
    expect(text(element, 'user-role')).toBe('村干部');
    expect(text(element, 'user-organisation')).toContain('进士张村村民委员会');
    expect(text(element, 'user-scope')).toBe('山东省 › 济宁市 › 济宁经济技术开发区 › 疃里镇 › 进士张村');
  });

  it('ends a school user’s scope with the school', async () => {
    const school = { id: 'o-2', name: '疃里镇中心小学', type: 'school' as const };
    TestBed.inject(AuthStore).user.set(
      aUser({
        role: 'school_staff',
        organisation: school,
        scope: { kind: 'school', school, regionChain: REGION_CHAIN.slice(0, 4) },
      }),
    );
    const element = await render();
    expect(text(element, 'user-scope')).toBe(
      '山东省 › 济宁市 › 济宁经济技术开发区 › 疃里镇 › 疃里镇中心小学',
    );
  });

  it('links administrators to the admin screens and hides them from others', async () => {
    const auth = TestBed.inject(AuthStore);
    auth.user.set(aUser({ role: 'admin' }));
    let element = await render();
    let links = Array.from(element.querySelectorAll('a.link-card')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/admin/organisations', '/admin/users', '/account/password']);

    auth.user.set(aUser());
    element = await render();
    links = Array.from(element.querySelectorAll('a.link-card')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/dashboard', '/account/password']);
    expect(element.querySelector('a.link-card .link-title')?.textContent?.trim()).toBe('数据看板');
  });

  it('leads a village official straight to today’s work, first on the page; others see no such link', async () => {
    const auth = TestBed.inject(AuthStore);
    auth.user.set(aUser());
    let element = await render();
    const today = element.querySelector<HTMLAnchorElement>('[data-testid="home-today"]');
    expect(today?.getAttribute('href')).toBe('/field');
    expect(today?.textContent).toContain('今日工作');
    // Before the greeting: the first thing a village official sees.
    const welcome = element.querySelector('.welcome') as Element;
    expect(today?.compareDocumentPosition(welcome)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);

    for (const role of ['school_staff', 'bureau_officer', 'admin'] as const) {
      auth.user.set(aUser({ role }));
      element = await render();
      expect(element.querySelector('[data-testid="home-today"]')).toBeNull();
    }
  });

  it('shows the role in English after switching language', async () => {
    TestBed.inject(AuthStore).user.set(aUser());
    const fixture = TestBed.createComponent(HomePage);
    await fixture.whenStable();
    TestBed.inject(LanguageService).use('en');
    await fixture.whenStable();
    expect(text(fixture.nativeElement, 'user-role')).toBe('Village official');
  });
});
