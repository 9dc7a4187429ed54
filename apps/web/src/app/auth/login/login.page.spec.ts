import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../../shared/ui/icons';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { LoginPage } from './login.page';

describe(LoginPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  async function fillAndSubmit(): Promise<{ element: HTMLElement; settle: () => Promise<void> }> {
    const fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const type = (testId: string, value: string): void => {
      const input = element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
      if (!input) throw new Error(`no ${testId}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('login-username', 'village.official');
    type('login-password', 'Wrong-password-1');
    element.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.click();
    await fixture.whenStable();
    const settle = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    };
    return { element, settle };
  }

  it('disables the button while signing in and shows the server’s refusal in Chinese', async () => {
    const { element, settle } = await fillAndSubmit();
    expect(element.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.disabled).toBe(true);

    backend.expectOne('/api/auth/login').flush(
      {
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Wrong username or password',
        code: 'auth.invalid_credentials',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    expect(element.querySelector('[data-testid="login-error"]')?.textContent).toContain('用户名或密码错误');
    expect(element.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.disabled).toBe(false);
  });

  it('maps a lock-out (429 auth.locked) to its own message', async () => {
    const { element, settle } = await fillAndSubmit();
    backend
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 429, error: 'Too Many Requests', message: 'Locked', code: 'auth.locked' },
        { status: 429, statusText: 'Too Many Requests' },
      );
    await settle();
    expect(element.querySelector('[data-testid="login-error"]')?.textContent).toContain('账号已暂时锁定');
  });

  it('goes home after signing in', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const { settle } = await fillAndSubmit();
    backend.expectOne('/api/auth/login').flush(aUser());
    await settle();
    expect(navigate).toHaveBeenCalledWith('/');
  });
});
