import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuthStore } from '../auth/auth.store';
import { aUser } from '../testing/users';
import { NetworkStatus } from './network-status';
import { Outbox } from './outbox';
import { MemoryOutboxStore, OUTBOX_STORE } from './outbox-store';
import { OUTBOX_TRANSPORT } from './outbox-transport';
import { FakeCaseServer } from './outbox-testing';

describe(Outbox.name, () => {
  let store: MemoryOutboxStore;
  let server: FakeCaseServer;
  let online: ReturnType<typeof signal<boolean>>;
  let auth: AuthStore;
  let outbox: Outbox;

  /** Lets effects, the store and the sync loop run. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  };

  beforeEach(async () => {
    store = new MemoryOutboxStore();
    server = new FakeCaseServer();
    online = signal(false);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: OUTBOX_STORE, useValue: store },
        { provide: OUTBOX_TRANSPORT, useValue: server },
        { provide: NetworkStatus, useValue: { online } },
      ],
    });
    auth = TestBed.inject(AuthStore);
    auth.user.set(aUser({ id: 'u-1' }));
    outbox = TestBed.inject(Outbox);
    await settle();
  });

  const visit = (clientId: string) => ({ clientId, kind: 'home_visit' as const, occurredOn: '2026-12-01' });

  it('keeps a visit recorded offline as waiting, and sends it with its photo when online', async () => {
    const photo = new Blob([new Uint8Array(1234)], { type: 'image/jpeg' });
    const entry = await outbox.enqueueVisit('case-1', 3, visit('v1'), [photo], { childName: '张小明' });
    await settle();

    expect(entry).toMatchObject({ clientId: 'v1', status: 'pending', photoCount: 1, photoBytes: 1234 });
    expect(outbox.pending().map((e) => e.clientId)).toEqual(['v1']);
    expect(outbox.entriesFor('case-1')).toHaveLength(1);
    expect(outbox.entriesFor('case-2')).toHaveLength(0);
    expect(server.calls).toBe(0);

    online.set(true);
    await settle();

    expect(server.interventions.map((i) => [i.request.clientId, i.photos.length])).toEqual([['v1', 1]]);
    expect(outbox.pending()).toEqual([]);
  });

  it('keeps the same user’s writes through a session end, drops them for another user', async () => {
    await outbox.enqueueVisit('case-1', 3, visit('v1'), []);
    auth.user.set(null);
    await settle();
    expect(outbox.entries()).toEqual([]);

    auth.user.set(aUser({ id: 'u-1' }));
    await settle();
    expect(outbox.pending().map((e) => e.clientId)).toEqual(['v1']);

    auth.user.set(aUser({ id: 'u-2', username: 'other.official' }));
    await settle();
    expect(outbox.entries()).toEqual([]);
    expect(await store.records()).toEqual([]);
  });

  it('lets the user delete a refused write, never a pending one', async () => {
    await outbox.enqueueVisit('case-1', 3, visit('v1'), []);
    await outbox.discard('v1');
    expect(outbox.pending()).toHaveLength(1);

    server.faults.push({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'notes too long' },
    });
    online.set(true);
    await settle();
    expect(outbox.needsAttention()).toMatchObject([
      { clientId: 'v1', status: 'failed', lastError: 'notes too long' },
    ]);

    await outbox.discard('v1');
    expect(outbox.entries()).toEqual([]);
  });

  it('resends a conflicting edit with the user’s choices at the server’s version', async () => {
    online.set(true);
    server.otherEdit('plan', '联系学校补课');
    await outbox.enqueueCaseEdit(
      'case-1',
      { version: 3, plan: '每周家访', whereabouts: '县城' },
      { fields: { plan: null, whereabouts: null, reasonNote: null } },
    );
    await settle();
    // The whereabouts were untouched on the server, the plan was not: the user decides the plan.
    const [held] = outbox.needsAttention();
    expect(held).toMatchObject({ status: 'conflict', conflict: { version: 4, plan: '联系学校补课' } });

    await outbox.resolveConflict(held.clientId, { plan: 'theirs' });
    await settle();
    expect(server.fields).toEqual({ whereabouts: '县城', plan: '联系学校补课', reasonNote: null });
    expect(outbox.entries()).toEqual([]);
  });

  it('shows the notice of a case that changed while the visit waited, until dismissed', async () => {
    await outbox.enqueueVisit('case-1', 3, visit('v1'), [], {
      childName: '张小明',
      state: 'persuading',
      readAt: new Date(Date.now() - 60_000).toISOString(),
    });
    server.otherTransition('李主任', 'monitoring');
    online.set(true);
    await settle();

    const [notice] = outbox.notices();
    expect(notice.childName).toBe('张小明');
    expect(notice.changes[0].zh).toMatch(/^状态已变为 巩固跟踪/);
    await outbox.dismissNotice(notice.id);
    expect(outbox.notices()).toEqual([]);
    expect(await store.notices()).toEqual([]);
  });
});
