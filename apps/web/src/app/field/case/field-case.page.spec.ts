import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { FieldCaseCard } from '@baoxue/contracts';
import { ageOn, chinaToday } from '@baoxue/domain';
import { AuthStore } from '../../auth/auth.store';
import { Outbox, OutboxEntry } from '../../offline/outbox';
import { LanguageService } from '../../shared/i18n/language.service';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { FIELD_CARD_STORE } from '../field-card-store';
import { aDueItem, aFieldCard, anIntervention, anOutboxEntry, MemoryFieldCardStore } from '../field-testing';
import { FieldCasePage, telLink } from './field-case.page';

const DAY_MS = 24 * 60 * 60 * 1000;
const chinaDay = (days: number): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 + days * DAY_MS).toISOString().slice(0, 10);

function theCard(): FieldCaseCard {
  const base = aFieldCard('c-1', '张小明');
  return {
    ...base,
    whereabouts: '随父亲在青岛打工',
    plan: '每周电话联系父亲，开学前再家访一次',
    student: { ...base.student, flags: ['left_behind', 'poverty_monitoring'] },
    guardians: [
      {
        id: 'g-1',
        fullName: '张大山',
        relation: 'father',
        phone: '138 0537 1234',
        worksAway: true,
        worksAwayPlace: '青岛',
      },
      {
        id: 'g-2',
        fullName: '刘桂兰',
        relation: 'grandparent',
        phone: null,
        worksAway: false,
        worksAwayPlace: null,
      },
    ],
    lastIntervention: anIntervention('c-1', { notes: '父亲说下周回来\n再商量', photos: [] }),
    dueItems: [aDueItem('c-1', 'd-1', { kind: 'follow_up', dueOn: chinaDay(-1) })],
  };
}

describe(FieldCasePage.name, () => {
  let backend: HttpTestingController;
  let store: MemoryFieldCardStore;
  let pending: ReturnType<typeof signal<readonly OutboxEntry[]>>;
  let fixture: ComponentFixture<FieldCasePage>;

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  };
  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const all = (testId: string): HTMLElement[] =>
    Array.from(element().querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));
  const text = (testId: string): string => (all(testId)[0]?.textContent ?? '').replace(/\s+/g, ' ').trim();

  beforeEach(() => {
    store = new MemoryFieldCardStore();
    pending = signal<readonly OutboxEntry[]>([]);
    TestBed.configureTestingModule({
      imports: [FieldCasePage],
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

  async function open(caseId: string): Promise<void> {
    fixture = TestBed.createComponent(FieldCasePage);
    fixture.componentRef.setInput('id', caseId);
    await fixture.whenStable();
  }

  it('shows the child, guardians to call, the address, plan, last visit and what is due', async () => {
    await open('c-1');
    backend.expectOne('/api/field/cards/c-1').flush(theCard());
    await settle();

    expect(text('field-card-name')).toBe('张小明');
    const age = ageOn('2013-03-15', chinaToday(new Date()));
    expect(text('field-card-facts')).toBe(`男 · ${age} 岁 · 六年级2班 · 疃里镇中心小学`);
    expect(text('field-card-state')).toBe('劝返中');
    expect(all('field-card-flag').map((tag) => tag.textContent?.trim())).toEqual([
      '留守儿童',
      '防止返贫监测对象',
    ]);

    const [father, grandmother] = all('field-guardian');
    expect(father.textContent).toContain('张大山');
    expect(father.querySelector('[data-testid="field-guardian-note"]')?.textContent?.trim()).toBe(
      '父亲 · 外出务工（青岛）',
    );
    const call = father.querySelector<HTMLAnchorElement>('[data-testid="field-call"]');
    expect(call?.getAttribute('href')).toBe('tel:13805371234');
    expect(call?.textContent).toContain('138 0537 1234');
    expect(grandmother.querySelector('[data-testid="field-call"]')).toBeNull();
    expect(grandmother.textContent).toContain('无电话');

    expect(text('field-card-address')).toBe('疃里镇进士张村三组 12 号');
    expect(text('field-card-whereabouts')).toBe('随父亲在青岛打工');
    expect(text('field-card-plan')).toBe('每周电话联系父亲，开学前再家访一次');
    const last = text('field-card-last');
    expect(last).toContain('2026-09-03');
    expect(last).toContain('家访');
    expect(text('field-card-last-outcome')).toBe('仍在考虑');
    expect(last).toContain('父亲说下周回来 再商量');
    expect(all('field-card-due')[0].classList).toContain('overdue');
    expect(all('field-card-due')[0].textContent).toContain('逾期 1 天');

    expect(all('field-record-visit')[0].getAttribute('href')).toBe('/field/cases/c-1/visit');
    expect(all('field-edit-plan')[0].getAttribute('href')).toBe('/field/cases/c-1/edit');
    expect(all('field-card-pending')).toHaveLength(0);
  });

  it('lists this case’s writes still waiting in the outbox, not other cases’', async () => {
    pending.set([
      anOutboxEntry('c-1', 'x-1', { photoCount: 2 }),
      anOutboxEntry('c-2', 'x-2', { queuedAt: '2026-09-05T01:01:00Z' }),
      anOutboxEntry('c-1', 'x-3', {
        kind: 'case_edit',
        queuedAt: '2026-09-05T01:02:00Z',
        lastError: 'network',
      }),
    ]);
    await open('c-1');
    backend.expectOne('/api/field/cards/c-1').flush(theCard());
    await settle();

    const entries = all('field-pending-entry');
    expect(entries.map((e) => e.getAttribute('data-client-id'))).toEqual(['x-1', 'x-3']);
    expect(entries[0].textContent).toContain('家访记录');
    expect(entries[0].textContent).toContain('等待发送');
    expect(entries[0].textContent).toContain('2026-09-05 09:00');
    expect(entries[0].textContent).toContain('2 张照片');
    expect(entries[1].textContent).toContain('去向与计划修改');
    expect(entries[1].textContent).toContain('发送失败，联网后自动重试');

    // Once sent, it leaves the card, and the card is read again: the visit is on the server now.
    pending.set([]);
    await settle();
    expect(all('field-card-pending')).toHaveLength(0);
    backend.expectOne('/api/field/cards/c-1').flush({
      ...theCard(),
      lastIntervention: anIntervention('c-1', { occurredOn: '2026-09-05', outcome: 'willing_to_return' }),
    });
    await settle();
    expect(text('field-card-last')).toContain('2026-09-05');
    expect(text('field-card-last-outcome')).toBe('同意返校');
  });

  it('reads the kept card offline, and says when the phone never kept one', async () => {
    store.kept = { userId: 'u-1', at: '2026-09-05T00:10:00Z', cards: [theCard()] };
    await open('c-1');
    backend.expectOne('/api/field/cards/c-1').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(text('field-card-name')).toBe('张小明');
    expect(text('field-status')).toBe('离线数据 · 更新于 09-05 08:10');

    fixture.componentRef.setInput('id', 'c-7');
    await fixture.whenStable();
    backend.expectOne('/api/field/cards/c-7').flush(null, { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(all('field-card-name')).toHaveLength(0);
    expect(text('field-card-problem')).toContain('这个个案没有保存在手机上');
  });

  it('says so when the case is not, or no longer, the caller’s', async () => {
    await open('c-9');
    backend.expectOne('/api/field/cards/c-9').flush(null, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(text('field-card-problem')).toContain('未找到该个案');
  });

  it('speaks English after a switch', async () => {
    await open('c-1');
    backend.expectOne('/api/field/cards/c-1').flush(theCard());
    await settle();
    TestBed.inject(LanguageService).use('en');
    await settle();
    expect(all('field-call')[0].textContent).toContain('Call');
    expect(text('field-record-visit')).toBe('Record a visit');
    expect(text('field-card-state')).toBe('Persuading');
  });

  it('dials digits only', () => {
    expect(telLink('138 0537-1234')).toBe('tel:13805371234');
    expect(telLink('+86 138 0537 1234')).toBe('tel:+8613805371234');
  });
});
