import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { aUser } from '../testing/users';
import { authInterceptor } from './auth.interceptor';
import { AuthStore } from './auth.store';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;
  let auth: AuthStore;
  let navigate: jest.SpyInstance;
  let navigateByUrl: jest.SpyInstance;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    auth = TestBed.inject(AuthStore);
    auth.user.set(aUser());
    navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    navigateByUrl = jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    jest.spyOn(router, 'url', 'get').mockReturnValue('/admin/users');
  });

  afterEach(() => backend.verify());

  async function fail(url: string, status: number, body: object): Promise<unknown> {
    const request = firstValueFrom(http.get(url)).catch((error: unknown) => error);
    backend.expectOne(url).flush(body, { status, statusText: 'Error' });
    return request;
  }

  it('on 401 forgets the session and sends the user to /login with where they were', async () => {
    const error = await fail('/api/users', 401, {
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Sign in first',
      code: 'auth.required',
    });
    expect(error).toMatchObject({ status: 401 });
    expect(auth.user()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/admin/users' } });
  });

  it('leaves a 401 from the login request to the login page', async () => {
    const request = firstValueFrom(http.post('/api/auth/login', {})).catch((error: unknown) => error);
    backend
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Wrong', code: 'auth.invalid_credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await request;
    expect(navigate).not.toHaveBeenCalled();
    expect(auth.user()).not.toBeNull();
  });

  it('on 403 auth.password_change_required sends the user to change their password', async () => {
    await fail('/api/organisations', 403, {
      statusCode: 403,
      error: 'Forbidden',
      message: 'Change your password first',
      code: 'auth.password_change_required',
    });
    expect(navigateByUrl).toHaveBeenCalledWith('/account/password');
    expect(auth.user()?.mustChangePassword).toBe(true);
  });

  it('passes other 403s to the caller without navigating', async () => {
    await fail('/api/users', 403, {
      statusCode: 403,
      error: 'Forbidden',
      message: 'No',
      code: 'auth.permission',
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(navigateByUrl).not.toHaveBeenCalled();
  });
});
