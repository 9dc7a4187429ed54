import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideTestI18n } from '../testing/i18n-testing';
import { UnreadBadge } from './unread-badge';
import { UNREAD_POLL_MS } from './unread-notifications';

@Component({ template: '' })
class Blank {}

const COUNT_URL = '/api/notifications/unread-count';

describe(UnreadBadge.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<UnreadBadge>;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const link = (): HTMLAnchorElement =>
    (fixture.nativeElement as HTMLElement).querySelector('[data-testid="inbox-bell"]') as HTMLAnchorElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [UnreadBadge],
      providers: [
        provideRouter([
          { path: 'inbox', component: Blank },
          { path: 'cases', component: Blank },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  it('shows the unread count from the API on a bell that opens the inbox', async () => {
    fixture = TestBed.createComponent(UnreadBadge);
    await settle();
    backend.expectOne(COUNT_URL).flush({ unread: 3 });
    await settle();
    expect(link().getAttribute('href')).toBe('/inbox');
    expect(link().getAttribute('data-unread')).toBe('3');
    expect(link().getAttribute('aria-label')).toBe('收件箱 3 条未读');
    expect(link().querySelector('.ant-badge-count')?.textContent?.replace(/\s/g, '')).toContain('3');
  });

  it('shows no count when nothing is unread', async () => {
    fixture = TestBed.createComponent(UnreadBadge);
    await settle();
    backend.expectOne(COUNT_URL).flush({ unread: 0 });
    await settle();
    expect(link().getAttribute('data-unread')).toBe('0');
    expect(link().querySelector('.ant-badge-count')).toBeNull();
    expect(link().getAttribute('aria-label')).toBe('收件箱');
  });

  it('asks again after every navigation', async () => {
    fixture = TestBed.createComponent(UnreadBadge);
    await settle();
    backend.expectOne(COUNT_URL).flush({ unread: 1 });
    await TestBed.inject(Router).navigateByUrl('/cases');
    await settle();
    backend.expectOne(COUNT_URL).flush({ unread: 2 });
    await settle();
    expect(link().getAttribute('data-unread')).toBe('2');
  });

  it('polls every minute, and keeps the last count when a poll fails', async () => {
    jest.useFakeTimers();
    fixture = TestBed.createComponent(UnreadBadge);
    fixture.detectChanges();
    jest.advanceTimersByTime(0);
    backend.expectOne(COUNT_URL).flush({ unread: 4 });
    await Promise.resolve();

    jest.advanceTimersByTime(UNREAD_POLL_MS - 1);
    backend.expectNone(COUNT_URL);
    jest.advanceTimersByTime(1);
    backend.expectOne(COUNT_URL).flush({}, { status: 502, statusText: 'Bad Gateway' });
    await Promise.resolve();
    await Promise.resolve();
    fixture.detectChanges();
    expect(link().getAttribute('data-unread')).toBe('4');

    jest.advanceTimersByTime(UNREAD_POLL_MS);
    backend.expectOne(COUNT_URL).flush({ unread: 5 });
    await Promise.resolve();
    await Promise.resolve();
    fixture.detectChanges();
    expect(link().getAttribute('data-unread')).toBe('5');
  });
});
