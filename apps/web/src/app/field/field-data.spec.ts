import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { FieldCaseCard } from '@baoxue/contracts';
import { AuthStore } from '../auth/auth.store';
import { aUser } from '../testing/users';
import { FIELD_CARD_STORE } from './field-card-store';
import { FIELD_FETCH_TIMEOUT_MS, FieldData } from './field-data';
import { aFieldCard, MemoryFieldCardStore } from './field-testing';

describe(FieldData.name, () => {
  let backend: HttpTestingController;
  let store: MemoryFieldCardStore;
  let data: FieldData;

  const names = (cards: readonly FieldCaseCard[] | null | undefined): string[] =>
    (cards ?? []).map((c) => c.student.fullName);
  /** Lets the service reach its next request (store reads are promises). */
  const settle = () => new Promise((resolve) => setTimeout(resolve));
  const offline = { status: 0, statusText: 'Unknown Error' };

  beforeEach(() => {
    store = new MemoryFieldCardStore();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FIELD_CARD_STORE, useValue: store },
      ],
    });
    TestBed.inject(AuthStore).user.set(aUser({ id: 'u-1' }));
    backend = TestBed.inject(HttpTestingController);
    data = TestBed.inject(FieldData);
  });

  afterEach(() => backend.verify());

  it('fetches the cards, keeps them for this user and says they are fresh', async () => {
    const cards = data.cards();
    backend.expectOne('/api/field/cards').flush({
      cards: [aFieldCard('c-1', '张小明'), aFieldCard('c-2', '李小红')],
      at: '2026-09-10T01:30:00Z',
    });
    expect(names(await cards)).toEqual(['张小明', '李小红']);
    expect(data.fromDevice()).toBe(false);
    expect(data.fetchedAt()).toBe('2026-09-10T01:30:00Z');
    expect(store.kept?.userId).toBe('u-1');
    expect(store.kept?.at).toBe('2026-09-10T01:30:00Z');
    expect(names(store.kept?.cards)).toEqual(['张小明', '李小红']);
  });

  it('shows the kept cards, marked as from the device, when there is no network', async () => {
    store.kept = { userId: 'u-1', at: '2026-09-09T23:00:00Z', cards: [aFieldCard('c-1', '张小明')] };
    const cards = data.cards();
    backend.expectOne('/api/field/cards').flush(null, offline);
    expect(names(await cards)).toEqual(['张小明']);
    expect(data.fromDevice()).toBe(true);
    expect(data.fetchedAt()).toBe('2026-09-09T23:00:00Z');
  });

  it('falls back to the kept cards after the timeout when the server does not answer', async () => {
    jest.useFakeTimers();
    try {
      store.kept = { userId: 'u-1', at: '2026-09-09T23:00:00Z', cards: [aFieldCard('c-1', '张小明')] };
      let shown: FieldCaseCard[] | undefined;
      void data.cards().then((cards) => (shown = cards));
      const request = backend.expectOne('/api/field/cards');
      await jest.advanceTimersByTimeAsync(FIELD_FETCH_TIMEOUT_MS - 100);
      expect(shown).toBeUndefined();
      await jest.advanceTimersByTimeAsync(200);
      expect(request.cancelled).toBe(true);
      expect(names(shown)).toEqual(['张小明']);
      expect(data.fromDevice()).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('falls back when the server or its gateway is down, but not when the session has ended', async () => {
    store.kept = { userId: 'u-1', at: '2026-09-09T23:00:00Z', cards: [aFieldCard('c-1', '张小明')] };
    let cards = data.cards();
    backend.expectOne('/api/field/cards').flush(null, { status: 502, statusText: 'Bad Gateway' });
    expect(names(await cards)).toEqual(['张小明']);

    cards = data.cards();
    backend.expectOne('/api/field/cards').flush(null, { status: 401, statusText: 'Unauthorized' });
    await expect(cards).rejects.toMatchObject({ status: 401 });
  });

  it('never shows another user’s kept cards, and forgets them', async () => {
    store.kept = { userId: 'someone-else', at: '2026-09-09T23:00:00Z', cards: [aFieldCard('c-9', '王某')] };
    const cards = data.cards();
    backend.expectOne('/api/field/cards').flush(null, offline);
    await expect(cards).rejects.toMatchObject({ status: 0 });
    expect(store.kept).toBeNull();
    expect(data.fromDevice()).toBe(false);
  });

  it('fails offline when nothing was ever kept', async () => {
    const cards = data.cards();
    backend.expectOne('/api/field/cards').flush(null, offline);
    await expect(cards).rejects.toMatchObject({ status: 0 });
  });

  it('still shows what the server answered when the device cannot keep it', async () => {
    store.failSaves = true;
    const cards = data.cards();
    backend
      .expectOne('/api/field/cards')
      .flush({ cards: [aFieldCard('c-1', '张小明')], at: '2026-09-10T01:30:00Z' });
    expect(names(await cards)).toEqual(['张小明']);
  });

  describe('one card', () => {
    beforeEach(() => {
      store.kept = {
        userId: 'u-1',
        at: '2026-09-09T23:00:00Z',
        cards: [aFieldCard('c-1', '张小明'), aFieldCard('c-2', '李小红')],
      };
    });

    it('fetches it and updates the kept copy in place', async () => {
      const card = data.card('c-2');
      await settle();
      backend.expectOne('/api/field/cards/c-2').flush({ ...aFieldCard('c-2', '李小红'), version: 7 });
      expect((await card)?.version).toBe(7);
      expect(data.fromDevice()).toBe(false);
      expect(store.kept?.cards.map((c) => [c.caseId, c.version])).toEqual([
        ['c-1', 1],
        ['c-2', 7],
      ]);
      // The set's own fetch time stays: the other cards are no fresher than before.
      expect(store.kept?.at).toBe('2026-09-09T23:00:00Z');
    });

    it('reads the kept copy offline, and knows no card it never kept', async () => {
      let card = data.card('c-1');
      backend.expectOne('/api/field/cards/c-1').flush(null, offline);
      expect((await card)?.student.fullName).toBe('张小明');
      expect(data.fromDevice()).toBe(true);

      card = data.card('c-3');
      backend.expectOne('/api/field/cards/c-3').flush(null, offline);
      expect(await card).toBeNull();
      expect(data.fromDevice()).toBe(true);
    });

    it('drops a card that is no longer the caller’s', async () => {
      const card = data.card('c-1');
      backend.expectOne('/api/field/cards/c-1').flush(null, { status: 404, statusText: 'Not Found' });
      expect(await card).toBeNull();
      expect(data.fromDevice()).toBe(false);
      expect(names(store.kept?.cards)).toEqual(['李小红']);
    });
  });

  it('forgets everything at sign-out', async () => {
    store.kept = { userId: 'u-1', at: '2026-09-09T23:00:00Z', cards: [aFieldCard('c-1', '张小明')] };
    data.fetchedAt.set('2026-09-09T23:00:00Z');
    data.fromDevice.set(true);
    await data.clear();
    expect(store.kept).toBeNull();
    expect(data.fetchedAt()).toBeNull();
    expect(data.fromDevice()).toBe(false);
  });
});
