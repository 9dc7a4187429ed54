import fc from 'fast-check';
import type { OutboxRecord } from './outbox-model';
import { MemoryOutboxStore } from './outbox-store';
import { classifyFailure, OutboxSync } from './outbox-sync';
import { Fault, FakeCaseServer, networkError } from './outbox-testing';
import { HttpErrorResponse } from '@angular/common/http';

const USER = 'u-village';
const CASE = 'case-1';
const READ_AT = '2026-12-01T00:00:00.000Z';

let seq = 0;
let ids = 0;

function visit(clientId: string, photos = 0, extra: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    clientId,
    kind: 'visit',
    caseId: CASE,
    userId: USER,
    seq: ++seq,
    queuedAt: READ_AT,
    status: 'pending',
    attempts: 0,
    lastError: null,
    childName: '张小明',
    base: { version: 3, state: 'persuading', readAt: READ_AT },
    visit: { clientId, kind: 'home_visit', occurredOn: '2026-12-01' },
    photos: Array.from({ length: photos }, (_, i) => ({
      clientId: `${clientId}-p${i}`,
      blob: new Blob(['x'.repeat(10 + i)], { type: 'image/jpeg' }),
      size: 10 + i,
      sent: false,
    })),
    ...extra,
  };
}

function edit(
  clientId: string,
  fields: Partial<Record<'whereabouts' | 'plan' | 'reasonNote', string | null>>,
  version = 3,
): OutboxRecord {
  return {
    ...visit(clientId),
    kind: 'case_edit',
    visit: undefined,
    photos: undefined,
    edit: { version, ...fields },
    base: {
      version,
      state: 'persuading',
      readAt: READ_AT,
      fields: { whereabouts: null, plan: null, reasonNote: null },
    },
  };
}

describe(OutboxSync.name, () => {
  let store: MemoryOutboxStore;
  let server: FakeCaseServer;
  let sync: OutboxSync;
  let now: Date;

  beforeEach(() => {
    now = new Date('2026-12-01T02:00:00.000Z');
    store = new MemoryOutboxStore();
    server = new FakeCaseServer(() => now);
    sync = new OutboxSync(
      store,
      server,
      () => now,
      () => `n${++ids}`,
    );
  });

  it('sends visits oldest first, then each photo with its own id, and empties the outbox', async () => {
    await store.putRecord(visit('v2', 0, { seq: 20 }));
    await store.putRecord(visit('v1', 2, { seq: 10 }));

    expect(await sync.run(USER)).toEqual({ sent: 2, stoppedBy: null });

    expect(server.interventions.map((i) => i.request.clientId)).toEqual(['v1', 'v2']);
    expect(server.interventions[0].photos).toEqual(['v1-p0', 'v1-p1']);
    expect(await store.records()).toEqual([]);
    expect(await store.sentInterventionIds()).toEqual(['i1', 'i2']);
  });

  it('keeps everything and stops on no network; the next run sends each once', async () => {
    await store.putRecord(visit('v1'));
    await store.putRecord(visit('v2'));
    server.faults.push('lost-request');

    expect(await sync.run(USER)).toEqual({ sent: 0, stoppedBy: 'retry' });
    const kept = await store.records();
    expect(kept.map((r) => [r.clientId, r.status, r.attempts, r.lastError])).toEqual([
      ['v1', 'pending', 1, 'network'],
      ['v2', 'pending', 0, null],
    ]);

    expect(await sync.run(USER)).toEqual({ sent: 2, stoppedBy: null });
    expect(server.interventions).toHaveLength(2);
  });

  it('a resend after a lost answer is stored once (the client id is reused)', async () => {
    await store.putRecord(visit('v1', 1));
    server.faults.push('lost-response');

    expect((await sync.run(USER)).stoppedBy).toBe('retry');
    expect(server.interventions).toHaveLength(1);
    expect(await sync.run(USER)).toEqual({ sent: 1, stoppedBy: null });
    expect(server.interventions).toHaveLength(1);
    expect(server.interventions[0].photos).toEqual(['v1-p0']);
  });

  it('after the visit is stored, a failed photo is retried alone', async () => {
    await store.putRecord(visit('v1', 2));
    // The visit and the first photo go through; the second photo meets a gateway timeout.
    const calls: string[] = [];
    const original = server.uploadPhoto.bind(server);
    let failPhoto = true;
    server.uploadPhoto = async (caseId, interventionId, photoClientId, photo) => {
      calls.push(photoClientId);
      if (photoClientId === 'v1-p1' && failPhoto) {
        failPhoto = false;
        throw new HttpErrorResponse({ status: 504 });
      }
      return original(caseId, interventionId, photoClientId, photo);
    };
    const record = server.recordVisit.bind(server);
    let posts = 0;
    server.recordVisit = async (caseId, request) => {
      posts++;
      return record(caseId, request);
    };

    expect((await sync.run(USER)).stoppedBy).toBe('retry');
    const [kept] = await store.records();
    expect(kept.interventionId).toBe('i1');
    expect(kept.photos?.map((p) => p.sent)).toEqual([true, false]);

    expect((await sync.run(USER)).sent).toBe(1);
    expect(posts).toBe(1);
    expect(calls).toEqual(['v1-p0', 'v1-p1', 'v1-p1']);
    expect(server.interventions[0].photos).toEqual(['v1-p0', 'v1-p1']);
  });

  it.each([500, 502, 503, 504, 408, 429])('retries on HTTP %i', async (status) => {
    await store.putRecord(visit('v1'));
    server.faults.push({ status });
    expect((await sync.run(USER)).stoppedBy).toBe('retry');
    expect((await store.records())[0].status).toBe('pending');
    expect((await sync.run(USER)).sent).toBe(1);
  });

  it('marks a refused write failed with the server’s message and goes on with the next', async () => {
    await store.putRecord(visit('v1'));
    await store.putRecord(visit('v2'));
    server.faults.push({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'occurredOn must not be in the future' },
    });

    expect(await sync.run(USER)).toEqual({ sent: 1, stoppedBy: null });
    const [failed] = await store.records();
    expect(failed).toMatchObject({
      clientId: 'v1',
      status: 'failed',
      lastError: 'occurredOn must not be in the future',
    });
    // A failed entry waits for the user: later runs leave it alone.
    expect(await sync.run(USER)).toEqual({ sent: 0, stoppedBy: null });
    expect(await store.records()).toHaveLength(1);
  });

  it('words known refusals in Chinese', async () => {
    await store.putRecord(visit('v1'));
    server.faults.push({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'x', code: 'case.not_open' },
    });
    await sync.run(USER);
    expect((await store.records())[0].lastError).toBe('个案已结案或已排除，不能再记录');
  });

  it('stops without marking anything on 401 (the session ended: wait for sign-in)', async () => {
    await store.putRecord(visit('v1'));
    server.faults.push({ status: 401 });
    expect(await sync.run(USER)).toEqual({ sent: 0, stoppedBy: 'session' });
    expect((await store.records())[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('sends only the signed-in user’s writes', async () => {
    await store.putRecord(visit('v1', 0, { userId: 'someone-else' }));
    expect(await sync.run(USER)).toEqual({ sent: 0, stoppedBy: null });
    expect(server.calls).toBe(0);
  });

  it('keeps the visit when the case changed meanwhile, and leaves a notice saying what changed', async () => {
    await store.putRecord(visit('v1'));
    now = new Date('2026-12-01T03:00:00.000Z');
    server.otherIntervention('王老师', 'phone_call');
    server.otherTransition('李主任', 'monitoring');

    expect((await sync.run(USER)).sent).toBe(1);
    expect(server.interventions).toHaveLength(1);
    const [notice] = await store.notices();
    expect(notice.caseId).toBe(CASE);
    expect(notice.childName).toBe('张小明');
    expect(notice.changes.map((c) => c.zh)).toEqual([
      '王老师 12-01 记录了一次电话劝返',
      '状态已变为 巩固跟踪（李主任 12-01）',
    ]);
  });

  it('tells a change once when several waiting visits meet it', async () => {
    await store.putRecord(visit('v1'));
    await store.putRecord(visit('v2'));
    now = new Date('2026-12-01T03:00:00.000Z');
    server.otherIntervention('王老师', 'phone_call');

    expect((await sync.run(USER)).sent).toBe(2);
    const notices = await store.notices();
    expect(notices.flatMap((n) => n.changes.map((c) => c.zh))).toEqual(['王老师 12-01 记录了一次电话劝返']);
  });

  it('is quiet when nothing but the device’s own visits happened', async () => {
    await store.putRecord(visit('v1'));
    await store.putRecord(visit('v2'));
    expect((await sync.run(USER)).sent).toBe(2);
    expect(await store.notices()).toEqual([]);
  });

  it('rebases an edit on a newer version when the server did not touch the edited field', async () => {
    await store.putRecord(edit('e1', { plan: '每周家访一次' }));
    server.otherEdit('whereabouts', '在县城打工');

    expect((await sync.run(USER)).sent).toBe(1);
    expect(server.fields).toEqual({ whereabouts: '在县城打工', plan: '每周家访一次', reasonNote: null });
  });

  it('holds an edit in conflict with both sides when the server changed the same field', async () => {
    await store.putRecord(edit('e1', { plan: '每周家访一次' }));
    server.otherEdit('plan', '联系学校安排补课');

    expect(await sync.run(USER)).toEqual({ sent: 0, stoppedBy: null });
    const [held] = await store.records();
    expect(held.status).toBe('conflict');
    expect(held.edit?.plan).toBe('每周家访一次');
    expect(held.conflict).toMatchObject({ version: 4, plan: '联系学校安排补课' });
    expect(server.fields.plan).toBe('联系学校安排补课');
  });

  it('drops nothing and sends nothing when the server already holds the user’s values', async () => {
    await store.putRecord(edit('e1', { plan: '同样的计划' }));
    server.otherEdit('plan', '同样的计划');
    expect((await sync.run(USER)).sent).toBe(1);
    expect(await store.records()).toEqual([]);
  });

  it('whatever the network does, every visit and photo reaches the server exactly once, in order', async () => {
    const faultArb = fc.constantFrom<Fault | null>(
      null,
      null,
      'lost-request',
      'lost-response',
      { status: 503 },
      { status: 504 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
        fc.array(faultArb, { maxLength: 40 }),
        async (photoCounts, faults) => {
          const s = new MemoryOutboxStore();
          const srv = new FakeCaseServer(() => now);
          const engine = new OutboxSync(
            s,
            srv,
            () => now,
            () => `n${++ids}`,
          );
          const records = photoCounts.map((n, i) => visit(`v${i}`, n, { seq: i }));
          for (const r of records) await s.putRecord(r);
          srv.faults.push(...faults);
          let runs = 0;
          while ((await s.records()).length > 0 && runs < 100) {
            await engine.run(USER);
            runs++;
          }
          expect(await s.records()).toEqual([]);
          expect(srv.interventions.map((i) => i.request.clientId)).toEqual(records.map((r) => r.clientId));
          srv.interventions.forEach((stored, i) =>
            expect(stored.photos).toEqual(records[i].photos?.map((p) => p.clientId)),
          );
        },
      ),
      { numRuns: 150, seed: 20261201 },
    );
  });
});

describe(classifyFailure.name, () => {
  it.each([
    { label: 'no network', error: networkError(), kind: 'retry' },
    { label: '504 from the service worker', error: new HttpErrorResponse({ status: 504 }), kind: 'retry' },
    { label: '401', error: new HttpErrorResponse({ status: 401 }), kind: 'session' },
    { label: '403', error: new HttpErrorResponse({ status: 403 }), kind: 'refused' },
    { label: '404', error: new HttpErrorResponse({ status: 404 }), kind: 'refused' },
    { label: '413', error: new HttpErrorResponse({ status: 413 }), kind: 'refused' },
    {
      label: 'a timeout',
      error: Object.assign(new Error('Timeout has occurred'), { name: 'TimeoutError' }),
      kind: 'retry',
    },
  ])('$label → $kind', ({ error, kind }) => {
    expect(classifyFailure(error).kind).toBe(kind);
  });

  it('reads the current values of an edit conflict', () => {
    const current = {
      version: 7,
      updatedAt: '2026-12-01T00:00:00Z',
      whereabouts: null,
      plan: 'p',
      reasonNote: null,
    };
    const failure = classifyFailure(
      new HttpErrorResponse({
        status: 409,
        error: { statusCode: 409, error: 'Conflict', message: 'm', current },
      }),
    );
    expect(failure).toEqual({ kind: 'conflict', current });
  });
});
