import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CaseIntervention, RecordInterventionRequest } from '@baoxue/contracts';
import { chinaToday, InterventionKind } from '@baoxue/domain';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
import { CaseInterventions } from './case-interventions';
import { interventionForm, interventionRequest } from './intervention-form';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function anIntervention(overrides: Partial<CaseIntervention> = {}): CaseIntervention {
  return {
    id: 'i-1',
    caseId: 'c-1',
    clientId: '11111111-1111-4111-8111-111111111111',
    kind: 'home_visit',
    occurredOn: '2026-09-05',
    party: 'village',
    peoplePresent: '赵书记、李老师、学生父亲',
    outcome: null,
    notes: '家长同意下周一送孩子返校',
    nextFollowUpOn: '2026-09-12',
    orderNumber: null,
    servedOn: null,
    deadlineOn: null,
    recordedByUserId: 'u-1',
    recordedByName: '张建国',
    recordedAt: '2026-09-05T10:00:00Z',
    createdAt: '2026-09-05T10:00:00Z',
    photos: [],
    ...overrides,
  };
}

describe(CaseInterventions.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseInterventions>;
  let element: HTMLElement;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  const byTestId = <T extends Element = HTMLElement>(testId: string): T | null =>
    element.querySelector<T>(`[data-testid="${testId}"]`);

  type Page = {
    form: ReturnType<typeof interventionForm>;
  };
  const page = (): Page => fixture.componentInstance as unknown as Page;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CaseInterventions],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthStore).user.set(aUser({ role: 'village_official' }));
  });

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  async function render(items: CaseIntervention[] = [], state: 'persuading' | 'closed' = 'persuading') {
    fixture = TestBed.createComponent(CaseInterventions);
    fixture.componentRef.setInput('caseId', 'c-1');
    fixture.componentRef.setInput('state', state);
    fixture.componentRef.setInput('persuasionAttempts', items.length);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/cases/c-1/interventions').flush(items);
    await settle();
  }

  async function openForm(): Promise<void> {
    byTestId<HTMLButtonElement>('record-intervention')?.click();
    await settle();
  }

  async function typeNotes(value: string): Promise<void> {
    const notes = byTestId<HTMLTextAreaElement>('intervention-notes');
    if (!notes) throw new Error('no notes');
    notes.value = value;
    notes.dispatchEvent(new Event('input'));
    await settle();
  }

  async function submit(): Promise<void> {
    byTestId<HTMLButtonElement>('intervention-submit')?.click();
    await settle();
  }

  it('lists the interventions newest first as the API gives them', async () => {
    await render([
      anIntervention({ id: 'i-2', kind: 'phone_call', occurredOn: '2026-09-08', nextFollowUpOn: null }),
      anIntervention(),
    ]);
    const rows = Array.from(element.querySelectorAll('[data-testid="intervention-row"]')).map((r) =>
      (r.textContent ?? '').replace(/\s+/g, ' '),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('电话劝返');
    expect(rows[0]).toContain('2026-09-08');
    expect(rows[1]).toContain('家访');
    expect(rows[1]).toContain('赵书记、李老师、学生父亲');
    expect(rows[1]).toContain('家长同意下周一送孩子返校');
    expect(rows[1]).toContain('2026-09-12');
    expect(rows[1]).toContain('张建国');
  });

  it("shows an intervention's outcome in words", async () => {
    await render([anIntervention({ outcome: 'willing_to_return' })]);
    expect(byTestId('intervention-row')?.textContent).toContain('结果：同意返校');
  });

  it('links each written order, and only those, to its printable notice', async () => {
    await render([
      anIntervention({ id: 'i-3', kind: 'written_order', orderNumber: '3', servedOn: '2026-09-10' }),
      anIntervention(),
    ]);
    const links = element.querySelectorAll('[data-testid="notice-written-order-link"]');
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute('href')).toBe('/cases/c-1/notices/written-order/i-3');
    expect(links[0].closest('[data-testid="intervention-row"]')?.textContent).toContain('限期返校通知书');
  });

  it('opens a form defaulting to a home visit today, with a generous notes box', async () => {
    await render();
    expect(byTestId('intervention-form')).toBeNull();
    await openForm();
    expect(page().form.controls.kind.value).toBe<InterventionKind>('home_visit');
    const date = byTestId<HTMLInputElement>('intervention-date');
    expect(date?.type).toBe('date');
    expect(date?.value).toBe(chinaToday(new Date()));
    expect(date?.getAttribute('max')).toBe(chinaToday(new Date()));
    expect(Number(byTestId('intervention-notes')?.getAttribute('rows'))).toBeGreaterThanOrEqual(6);
    expect(byTestId('intervention-kind')).not.toBeNull();
  });

  it('shows the written order fields only for a written order', async () => {
    await render();
    await openForm();
    expect(byTestId('written-order-fields')).toBeNull();
    page().form.controls.kind.setValue('written_order');
    fixture.changeDetectorRef.markForCheck();
    await settle();
    expect(byTestId('written-order-fields')).not.toBeNull();
    expect(byTestId('intervention-order-number')).not.toBeNull();
    page().form.controls.kind.setValue('phone_call');
    fixture.changeDetectorRef.markForCheck();
    await settle();
    expect(byTestId('written-order-fields')).toBeNull();
  });

  it('sends a client id and resends the same one after a failure, then shows the new record', async () => {
    await render();
    await openForm();
    await typeNotes('  与家长面谈，家长同意返校  ');
    await submit();
    const first = backend.expectOne('/api/cases/c-1/interventions');
    expect(first.request.method).toBe('POST');
    const body = first.request.body as RecordInterventionRequest;
    expect(body.clientId).toMatch(UUID);
    expect(body).toEqual({
      clientId: body.clientId,
      kind: 'home_visit',
      occurredOn: chinaToday(new Date()),
      notes: '与家长面谈，家长同意返校',
    });
    first.error(new ProgressEvent('error'));
    await settle();
    expect(element.textContent).toContain('网络连接失败');
    expect(byTestId('intervention-form')).not.toBeNull();

    await submit();
    const retry = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/cases/c-1/interventions');
    expect((retry.request.body as RecordInterventionRequest).clientId).toBe(body.clientId);
    const recorded = anIntervention({ clientId: body.clientId, notes: '与家长面谈，家长同意返校' });
    const emitted: CaseIntervention[] = [];
    fixture.componentInstance.recorded.subscribe((i) => emitted.push(i));
    retry.flush(recorded, { status: 201, statusText: 'Created' });
    await settle();
    expect(emitted).toEqual([recorded]);
    backend
      .expectOne((r) => r.method === 'GET' && r.url === '/api/cases/c-1/interventions')
      .flush([recorded]);
    await settle();
    expect(byTestId('intervention-form')).toBeNull();
    const rows = element.querySelectorAll('[data-testid="intervention-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('与家长面谈，家长同意返校');

    // A new record gets a new id.
    await openForm();
    await submit();
    const next = backend.expectOne((r) => r.method === 'POST');
    expect((next.request.body as RecordInterventionRequest).clientId).not.toBe(body.clientId);
    next.flush(anIntervention({ id: 'i-9' }));
    await settle();
    backend.expectOne((r) => r.method === 'GET').flush([]);
    await settle();
  });

  it('does not send a date in the future or a follow-up before the date', async () => {
    await render();
    await openForm();
    page().form.patchValue({ occurredOn: '2999-01-01' });
    await submit();
    backend.expectNone((r) => r.method === 'POST');
    page().form.patchValue({ occurredOn: '2026-09-05', nextFollowUpOn: '2026-09-01' });
    expect(page().form.controls.nextFollowUpOn.errors).toEqual({ beforeDate: true });
    await submit();
    backend.expectNone((r) => r.method === 'POST');
  });

  it('offers no recording on a closed case or to a role that cannot act', async () => {
    await render([], 'closed');
    expect(byTestId('record-intervention')).toBeNull();
    fixture.destroy();
    TestBed.inject(AuthStore).user.set(aUser({ role: 'admin' }));
    await render();
    expect(byTestId('record-intervention')).toBeNull();
  });

  it("shows each intervention's party and sends a chosen one (none chosen: the role's default)", async () => {
    await render([anIntervention({ party: 'parent' })]);
    expect(byTestId('intervention-row-party')?.textContent).toContain('家长防');
    await openForm();
    expect(byTestId('intervention-party')).not.toBeNull();
    expect(byTestId('intervention-party')?.textContent).toContain('乡村找');
    expect(page().form.controls.party.value).toBeNull();
    page().form.controls.party.setValue('department');
    await submit();
    const post = backend.expectOne((r) => r.method === 'POST');
    expect((post.request.body as RecordInterventionRequest).party).toBe('department');
    post.flush(anIntervention({ party: 'department' }));
    await settle();
    backend.expectOne((r) => r.method === 'GET').flush([]);
    await settle();
  });

  describe('photos', () => {
    const created: string[] = [];
    const revoked: string[] = [];
    beforeEach(() => {
      created.length = 0;
      revoked.length = 0;
      URL.createObjectURL = (() => {
        const url = `blob:photo-${created.length}`;
        created.push(url);
        return url;
      }) as typeof URL.createObjectURL;
      URL.revokeObjectURL = (url: string) => revoked.push(url);
    });

    async function choose(...names: string[]): Promise<void> {
      const input = byTestId<HTMLInputElement>('intervention-photo-input');
      if (!input) throw new Error('no photo input');
      const files = names.map(
        (name) => new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: 'image/jpeg' }),
      );
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      input.dispatchEvent(new Event('change'));
      await settle();
    }

    it('offers the camera and uploads each photo with its own id after recording, retrying with the same id', async () => {
      await render();
      await openForm();
      const input = byTestId<HTMLInputElement>('intervention-photo-input');
      expect(input?.type).toBe('file');
      expect(input?.getAttribute('accept')).toBe('image/*');
      expect(input?.getAttribute('capture')).toBe('environment');
      expect(input?.multiple).toBe(true);
      await choose('a.jpg', 'b.jpg');
      expect(element.querySelectorAll('[data-testid="intervention-pending-photo"]')).toHaveLength(2);

      await submit();
      backend
        .expectOne((r) => r.method === 'POST')
        .flush(anIntervention({ id: 'i-5' }), { status: 201, statusText: 'Created' });
      await settle();
      const first = backend.expectOne((r) => r.method === 'PUT');
      const firstId = first.request.url.split('/').pop();
      expect(first.request.url).toMatch(/^\/api\/cases\/c-1\/interventions\/i-5\/photos\//);
      expect(firstId).toMatch(UUID);
      expect(first.request.headers.get('Content-Type')).toBe('image/jpeg');
      expect(first.request.body).toBeInstanceOf(Blob);
      first.flush({
        id: 'p-1',
        clientId: firstId,
        contentType: 'image/jpeg',
        size: 3,
        uploadedAt: '2026-09-05T10:00:00Z',
      });
      await settle();
      const second = backend.expectOne((r) => r.method === 'PUT');
      const secondId = second.request.url.split('/').pop();
      expect(secondId).not.toBe(firstId);
      second.error(new ProgressEvent('error'));
      await settle();
      backend.expectOne((r) => r.method === 'GET').flush([anIntervention({ id: 'i-5' })]);
      await settle();
      expect(byTestId('intervention-photo-failed')?.textContent).toContain('1 张照片未上传成功');

      byTestId<HTMLButtonElement>('intervention-photo-retry')?.click();
      await settle();
      const retry = backend.expectOne((r) => r.method === 'PUT');
      expect(retry.request.url.split('/').pop()).toBe(secondId);
      retry.flush({
        id: 'p-2',
        clientId: secondId,
        contentType: 'image/jpeg',
        size: 3,
        uploadedAt: '2026-09-05T10:00:00Z',
      });
      await settle();
      backend.expectOne((r) => r.method === 'GET').flush([anIntervention({ id: 'i-5' })]);
      await settle();
      expect(byTestId('intervention-photo-failed')).toBeNull();
    });

    it('shows thumbnails fetched with the session and releases them when gone', async () => {
      const photo = {
        id: 'p-1',
        clientId: 'x',
        contentType: 'image/jpeg',
        size: 3,
        uploadedAt: '2026-09-05T10:00:00Z',
      };
      await render([anIntervention({ photos: [photo] })]);
      const request = backend.expectOne('/api/cases/c-1/interventions/i-1/photos/p-1');
      expect(request.request.withCredentials).toBe(true);
      expect(request.request.responseType).toBe('blob');
      request.flush(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }));
      await settle();
      expect(byTestId<HTMLImageElement>('intervention-photo')?.getAttribute('src')).toBe('blob:photo-0');
      fixture.destroy();
      expect(revoked).toEqual(['blob:photo-0']);
    });
  });
});

describe(interventionRequest.name, () => {
  it('sends the written order fields only for a written order', () => {
    const form = interventionForm(new Date('2026-09-10T04:00:00Z'));
    form.patchValue({ orderNumber: '疃教〔2026〕1号', deadlineOn: '2026-09-20' });
    expect(interventionRequest(form, 'id')).toEqual({
      clientId: 'id',
      kind: 'home_visit',
      occurredOn: '2026-09-10',
    });
    form.patchValue({ kind: 'written_order', orderNumber: ' 疃教〔2026〕1号 ', deadlineOn: '2026-09-20' });
    expect(interventionRequest(form, 'id')).toEqual({
      clientId: 'id',
      kind: 'written_order',
      occurredOn: '2026-09-10',
      orderNumber: '疃教〔2026〕1号',
      deadlineOn: '2026-09-20',
    });
  });

  it('sends the party only when one is chosen', () => {
    const form = interventionForm(new Date('2026-09-10T04:00:00Z'));
    expect(interventionRequest(form, 'id')).not.toHaveProperty('party');
    form.patchValue({ party: 'school' });
    expect(interventionRequest(form, 'id')).toMatchObject({ party: 'school' });
  });

  it('sends the outcome code only when one is chosen', () => {
    const form = interventionForm(new Date('2026-09-10T04:00:00Z'));
    expect(interventionRequest(form, 'id')).not.toHaveProperty('outcome');
    form.patchValue({ outcome: 'refuses' });
    expect(interventionRequest(form, 'id')).toEqual({
      clientId: 'id',
      kind: 'home_visit',
      occurredOn: '2026-09-10',
      outcome: 'refuses',
    });
  });
});
