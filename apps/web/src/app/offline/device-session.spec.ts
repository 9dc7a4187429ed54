import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../auth/auth.store';
import { aUser } from '../testing/users';
import { DeviceSession, serverUnreachable } from './device-session';

describe(DeviceSession.name, () => {
  let backend: HttpTestingController;
  let auth: AuthStore;
  let session: DeviceSession;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    session = TestBed.inject(DeviceSession);
  });

  async function start(unreachable: boolean, me: 'user' | 'offline' | 401): Promise<void> {
    const started = session.start(async () => unreachable);
    const request = backend.expectOne('/api/auth/me');
    if (me === 'user') request.flush(aUser());
    else if (me === 401) request.flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    else request.error(new ProgressEvent('error'), { status: 504, statusText: 'Gateway Timeout' });
    await started;
    TestBed.tick();
  }

  it('remembers the signed-in user and starts with them when the server cannot be reached', async () => {
    await start(false, 'user');
    expect(JSON.parse(localStorage.getItem('bx-session') ?? 'null')).toMatchObject({ id: 'u-1' });

    auth.user.set(null);
    TestBed.tick();
    // The session ended: forgotten.
    expect(localStorage.getItem('bx-session')).toBeNull();

    localStorage.setItem('bx-session', JSON.stringify(aUser()));
    await start(true, 'offline');
    expect(auth.user()?.id).toBe('u-1');
  });

  it('never stands in for a server that answers', async () => {
    localStorage.setItem('bx-session', JSON.stringify(aUser()));
    await start(false, 401);
    expect(auth.user()).toBeNull();
  });

  it('starts signed out offline when nobody was remembered', async () => {
    await start(true, 'offline');
    expect(auth.user()).toBeNull();
  });
});

describe(serverUnreachable.name, () => {
  const answer = (status: number) => () => Promise.resolve({ status } as Response);
  it.each([
    {
      label: 'a rejected fetch',
      probe: () => Promise.reject(new TypeError('Failed to fetch')),
      expected: true,
    },
    { label: 'the service worker’s 504', probe: answer(504), expected: true },
    { label: 'a healthy answer', probe: answer(200), expected: false },
    { label: 'a 401', probe: answer(401), expected: false },
  ])('$label → $expected', async ({ probe, expected }) => {
    expect(await serverUnreachable(probe)).toBe(expected);
  });
});
