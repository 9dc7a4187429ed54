import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { InboxNotification, Page } from '@baoxue/contracts';
import { provideTestI18n } from '../testing/i18n-testing';
import { InboxPage } from './inbox.page';
import { UnreadNotifications } from './unread-notifications';

@Component({ template: '' })
class Blank {}

function aNotification(id: string, overrides: Partial<InboxNotification> = {}): InboxNotification {
  return {
    id,
    kind: 'reminder',
    stage: 'due',
    dueKind: 'follow_up',
    title: '劝返跟进到期：张*',
    body: '张* 的劝返跟进今天到期。',
    link: `/cases/c-${id}`,
    createdAt: '2026-09-10T00:00:00Z',
    readAt: null,
    ...overrides,
  };
}

const page = (items: InboxNotification[]): Page<InboxNotification> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 20,
});

describe(InboxPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<InboxPage>;
  let refreshes: number;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const items = (): HTMLElement[] =>
    Array.from(element().querySelectorAll<HTMLElement>('[data-testid="inbox-item"]'));
  const listRequest = () => backend.expectOne((r) => r.url === '/api/notifications');

  beforeEach(async () => {
    refreshes = 0;
    TestBed.configureTestingModule({
      imports: [InboxPage],
      providers: [
        provideRouter([{ path: 'cases/:id', component: Blank }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        {
          provide: UnreadNotifications,
          useValue: { refresh: async () => void refreshes++ },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(InboxPage);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('lists the messages with their kind, time and body, unread ones marked', async () => {
    const request = listRequest();
    expect(request.request.params.get('page')).toBe('1');
    expect(request.request.params.has('unread')).toBe(false);
    request.flush(
      page([
        aNotification('1', { kind: 'escalation', stage: 'next_level', title: '逾期上报：张*' }),
        aNotification('2', { readAt: '2026-09-10T01:00:00Z' }),
        aNotification('3', { kind: 'digest', stage: null, link: '/work', title: '今日待办' }),
      ]),
    );
    await settle();
    const [escalation, read, digest] = items();
    expect(items()).toHaveLength(3);
    expect(escalation.querySelector('[data-testid="inbox-kind"]')?.textContent?.trim()).toBe('逾期上报');
    expect(escalation.classList).toContain('unread');
    expect(escalation.textContent).toContain('逾期上报：张*');
    expect(escalation.textContent).toContain('2026-09-10 08:00');
    expect(escalation.textContent).toContain('张* 的劝返跟进今天到期。');
    expect(read.classList).not.toContain('unread');
    expect(read.querySelector('[data-testid="inbox-kind"]')?.textContent?.trim()).toBe('提醒');
    expect(digest.querySelector('[data-testid="inbox-kind"]')?.textContent?.trim()).toBe('每日待办');
  });

  it('查看 marks the message read, then opens its link, and refreshes the badge', async () => {
    listRequest().flush(page([aNotification('1')]));
    await settle();
    const router = TestBed.inject(Router);
    (items()[0].querySelector('[data-testid="inbox-view"]') as HTMLButtonElement).click();
    const read = backend.expectOne('/api/notifications/1/read');
    expect(read.request.method).toBe('POST');
    expect(router.url).toBe('/');
    read.flush(aNotification('1', { readAt: '2026-09-10T02:00:00Z' }));
    await settle();
    expect(router.url).toBe('/cases/c-1');
    expect(items()[0].classList).not.toContain('unread');
    expect(refreshes).toBe(1);
  });

  it('opens a message already read without marking it again', async () => {
    listRequest().flush(page([aNotification('1', { readAt: '2026-09-10T02:00:00Z' })]));
    await settle();
    (items()[0].querySelector('[data-testid="inbox-view"]') as HTMLButtonElement).click();
    await settle();
    backend.expectNone('/api/notifications/1/read');
    expect(TestBed.inject(Router).url).toBe('/cases/c-1');
  });

  it('全部已读 marks every message read, reloads the list and refreshes the badge', async () => {
    listRequest().flush(page([aNotification('1'), aNotification('2')]));
    await settle();
    (element().querySelector('[data-testid="inbox-read-all"]') as HTMLButtonElement).click();
    const readAll = backend.expectOne('/api/notifications/read-all');
    expect(readAll.request.method).toBe('POST');
    readAll.flush({ unread: 0 });
    await settle();
    listRequest().flush(
      page([
        aNotification('1', { readAt: '2026-09-10T02:00:00Z' }),
        aNotification('2', { readAt: '2026-09-10T02:00:00Z' }),
      ]),
    );
    await settle();
    expect(items().filter((i) => i.classList.contains('unread'))).toHaveLength(0);
    expect(refreshes).toBe(1);
  });

  it('asks for unread messages only when the switch is on, and says when there are none', async () => {
    listRequest().flush(page([aNotification('1', { readAt: '2026-09-10T02:00:00Z' })]));
    await settle();
    (element().querySelector('[data-testid="inbox-unread-only"] button') as HTMLButtonElement).click();
    await settle();
    const request = listRequest();
    expect(request.request.params.get('unread')).toBe('true');
    request.flush(page([]));
    await settle();
    expect(element().textContent).toContain('没有未读消息');
  });
});
