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
