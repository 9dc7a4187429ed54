import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { FieldCards } from '@baoxue/contracts';
import { AuthStore } from '../../auth/auth.store';
import { Outbox, OutboxEntry } from '../../offline/outbox';
import { LanguageService } from '../../shared/i18n/language.service';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { FIELD_CARD_STORE } from '../field-card-store';
import { aDueItem, aFieldCard, anOutboxEntry, MemoryFieldCardStore } from '../field-testing';
import { FieldWorkPage } from './field-work.page';

const DAY_MS = 24 * 60 * 60 * 1000;
/** YYYY-MM-DD in China, `days` from today (negative: in the past). */
const chinaDay = (days: number): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 + days * DAY_MS).toISOString().slice(0, 10);

describe(FieldWorkPage.name, () => {
  let backend: HttpTestingController;
  let store: MemoryFieldCardStore;
  let pending: ReturnType<typeof signal<readonly OutboxEntry[]>>;
  let fixture: ComponentFixture<FieldWorkPage>;

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  };
  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (testId: string, root: ParentNode = element()): HTMLElement[] =>
    Array.from(root.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));
  const text = (node: Element | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

  /** Three cards: one with a visit two days late, one due in three days and a verification due today. */
  const answer = (): FieldCards => ({
    at: new Date(Date.now() - 5 * 60 * 1000).toISOString(),
    cards: [
      aFieldCard('c-1', '李小红', {
        dueItems: [aDueItem('c-1', 'd-1', { kind: 'follow_up', dueOn: chinaDay(3) })],
      }),
      aFieldCard('c-2', '张小明', {
        state: 'verifying',
        dueItems: [aDueItem('c-2', 'd-2', { kind: 'verification', dueOn: chinaDay(0) })],
      }),
      aFieldCard('c-3', '王小刚', {
        overdue: true,
        student: { ...aFieldCard('c-3', '王小刚').student, villageName: '后营村' },
        dueItems: [aDueItem('c-3', 'd-3', { kind: 'follow_up', dueOn: chinaDay(-2), stage: 'next_level' })],
      }),
      aFieldCard('c-4', '赵小花'),
    ],
  });

  beforeEach(async () => {
    store = new MemoryFieldCardStore();
    pending = signal<readonly OutboxEntry[]>([]);
    TestBed.configureTestingModule({
      imports: [FieldWorkPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        { provide: FIELD_CARD_STORE, useValue: store },
        { provide: Outbox, useValue: { pending } },
      ],
    });
    TestBed.inject(AuthStore).user.set(aUser({ id: 'u-1' }));
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(): Promise<void> {
    fixture = TestBed.createComponent(FieldWorkPage);
    await fixture.whenStable();
  }

  it('lists what is due, nearest deadline first, the overdue one in red; each row leads to its card', async () => {
    await open();
    backend.expectOne('/api/field/cards').flush(answer());
    await settle();

    const rows = byTestId('field-due-item');
    expect(rows.map((row) => text(byTestId('field-child', row)[0]))).toEqual(['王小刚', '张小明', '李小红']);
    const [late, today, soon] = rows;
    expect(late.classList).toContain('overdue');
    expect(text(byTestId('field-when', late)[0])).toBe('逾期 2 天');
    expect(text(late)).toContain('后营村');
    expect(text(late)).toContain('已上报');
    expect(late.getAttribute('href')).toBe('/field/cases/c-3');
    expect(today.classList).not.toContain('overdue');
    expect(text(byTestId('field-kind', today)[0])).toBe('核查');
    expect(text(byTestId('field-when', today)[0])).toBe('今天到期');
    expect(text(today)).toContain('核查中');
    expect(text(byTestId('field-when', soon)[0])).toBe('3 天后到期');
    expect(text(soon)).not.toContain('已上报');

    // Every case the official is responsible for, due or not, is reachable too.
    expect(byTestId('field-case').map((row) => row.getAttribute('href'))).toEqual([
      '/field/cases/c-1',
      '/field/cases/c-2',
      '/field/cases/c-3',
      '/field/cases/c-4',
    ]);
    expect(byTestId('field-status')[0].getAttribute('data-offline')).toBe('false');
    expect(text(byTestId('field-status')[0])).toMatch(/^更新于 (\d\d-\d\d )?\d\d:\d\d$/);
    expect(byTestId('field-offline')).toHaveLength(0);
  });

  it('reads the kept cards offline and says they are offline data, and from when', async () => {
    const kept = answer();
    store.kept = { userId: 'u-1', at: '2026-09-01T00:30:00Z', cards: kept.cards };
    await open();
    backend.expectOne('/api/field/cards').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();

    expect(byTestId('field-due-item')).toHaveLength(3);
    // Counted from today, not from when the cards were kept.
    expect(text(byTestId('field-when', byTestId('field-due-item')[0])[0])).toBe('逾期 2 天');
    expect(byTestId('field-status')[0].getAttribute('data-offline')).toBe('true');
    expect(text(byTestId('field-status')[0])).toBe('离线数据 · 更新于 09-01 08:30');
    expect(text(byTestId('field-offline')[0])).toContain('暂时连不上网络');
  });

  it('refreshes on demand: back online, the offline line goes', async () => {
    store.kept = { userId: 'u-1', at: '2026-09-01T00:30:00Z', cards: answer().cards };
    await open();
    backend.expectOne('/api/field/cards').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(byTestId('field-offline')).toHaveLength(1);

    byTestId('field-refresh')[0].click();
    await fixture.whenStable();
    backend.expectOne('/api/field/cards').flush({ ...answer(), cards: answer().cards.slice(3) });
    await settle();
    expect(byTestId('field-offline')).toHaveLength(0);
    expect(byTestId('field-due-item')).toHaveLength(0);
    expect(text(byTestId('field-due')[0])).toContain('今天没有到期的家访或核查');
    expect(byTestId('field-case')).toHaveLength(1);
  });

  it('says when nothing was ever kept and the phone is offline', async () => {
    await open();
    backend.expectOne('/api/field/cards').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(text(byTestId('field-problem')[0])).toContain('手机上还没有保存的个案');
    expect(byTestId('field-due')).toHaveLength(0);
  });

  it('reads the cards again once waiting visits have been sent', async () => {
    pending.set([anOutboxEntry('c-1', 'x-1')]);
    await open();
    backend.expectOne('/api/field/cards').flush(answer());
    await settle();
    expect(byTestId('field-due-item')).toHaveLength(3);

    pending.set([]);
    await settle();
    backend.expectOne('/api/field/cards').flush({ ...answer(), cards: answer().cards.slice(1) });
    await settle();
    expect(byTestId('field-due-item')).toHaveLength(2);
    expect(byTestId('field-waiting')).toHaveLength(0);
  });

  it('counts what waits in the outbox, and speaks English after a switch', async () => {
    pending.set([anOutboxEntry('c-1', 'x-1'), anOutboxEntry('c-2', 'x-2')]);
    await open();
    backend.expectOne('/api/field/cards').flush(answer());
    await settle();
    expect(text(byTestId('field-waiting')[0])).toBe('2 条记录等待发送');

    TestBed.inject(LanguageService).use('en');
    await settle();
    expect(text(element().querySelector('h1') ?? undefined)).toBe('Today');
    expect(text(byTestId('field-when', byTestId('field-due-item')[0])[0])).toBe('2 days overdue');
    expect(text(byTestId('field-waiting')[0])).toBe('2 waiting to send');
  });
});
