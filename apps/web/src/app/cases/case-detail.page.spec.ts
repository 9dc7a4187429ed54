import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CaseDetail } from '@baoxue/contracts';
import { LINE_LEVELS, TRANSITIONS, TransitionName } from '@baoxue/domain';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
import { CaseDetailPage } from './case-detail.page';

function aCase(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 'c-1',
    student: { id: 's-1', fullName: '张小明', idNumberMasked: '370829********0011' },
    type: 'suspected_dropout',
    source: 'school_attendance',
    primaryReason: 'learning_difficulty',
    state: 'verifying',
    closingRequested: false,
    school: { id: 'o-2', name: '疃里镇中心小学' },
    openedAt: '2026-09-01T08:00:00Z',
    closedAt: null,
    version: 3,
    updatedAt: '2026-09-02T08:00:00Z',
    otherReasons: ['family_hardship'],
    absentSince: null,
    reasonNote: null,
    whereabouts: '随父母在苏州',
    plan: '村校联合家访',
    monitoringStartedOn: null,
    exclusionReason: null,
    evidenceNote: null,
    returnSchool: null,
    returnDate: null,
    returnMode: null,
    placementType: null,
    placementDate: null,
    placementEvidence: null,
    assessmentNote: null,
    persuasionAttempts: 0,
    highestStep: null,
    nextFollowUpOn: null,
    overdue: false,
    responsibles: [
      {
        id: 'r-1',
        name: '李老师',
        party: 'school',
        line: 'education',
        level: 'class',
        userId: null,
        organisationId: null,
        phone: '13800000000',
        active: true,
        createdAt: '2026-09-01T08:00:00Z',
      },
    ],
    timeline: [
      {
        id: 'e-1',
        kind: 'opened',
        transition: null,
        fromState: null,
        toState: 'suspected',
        actorUserId: 'u-1',
        actorName: '王老师',
        at: '2026-09-01T08:00:00Z',
        payload: null,
        comment: null,
      },
      {
        id: 'e-2',
        kind: 'transition',
        transition: 'start_verification',
        fromState: 'suspected',
        toState: 'verifying',
        actorUserId: 'u-1',
        actorName: '张建国',
        at: '2026-09-02T08:00:00Z',
        payload: null,
        comment: null,
      },
    ],
    allowedTransitions: [
      { name: 'exclude', unmet: [] },
      {
        name: 'confirm_dropout',
        unmet: [
          {
            field: 'hasGovernmentLineResponsible',
            rule: 'government_line_responsible',
            message: 'a responsible person on the government line must be assigned',
          },
          { field: 'hasGuardian', rule: 'guardian_recorded', message: 'a guardian must be recorded' },
        ],
      },
    ],
    createdAt: '2026-09-01T08:00:00Z',
    ...overrides,
  };
}

describe(CaseDetailPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseDetailPage>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CaseDetailPage],
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

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  /** The case's sections load their own lists: interventions, referrals and transfers. */
  function flushSections(): void {
    for (const tail of ['interventions', 'referrals', 'transfers']) {
      backend.expectOne(`/api/cases/c-1/${tail}`).flush([]);
    }
  }

  async function render(detail: CaseDetail = aCase()): Promise<HTMLElement> {
    fixture = TestBed.createComponent(CaseDetailPage);
    fixture.componentRef.setInput('id', 'c-1');
    await fixture.whenStable();
    backend.expectOne('/api/cases/c-1').flush(detail);
    await settle();
    flushSections();
    await settle();
    return fixture.nativeElement as HTMLElement;
  }

  /** The dialog renders outside the page, so queries look at the whole document. */
  const byTestId = <T extends Element = HTMLElement>(testId: string): T | null =>
    document.querySelector<T>(`[data-testid="${testId}"]`);

  const transitionButtons = (element: HTMLElement): HTMLButtonElement[] =>
    Array.from(element.querySelectorAll<HTMLButtonElement>('[data-testid^="transition-"]')).filter(
      (b) => b.tagName === 'BUTTON',
    );

  const shownFields = (): string[] =>
    Array.from(document.querySelectorAll('[data-testid^="transition-field-"]')).map((e) =>
      (e.getAttribute('data-testid') ?? '').replace('transition-field-', ''),
    );

  async function openDialog(name: TransitionName): Promise<void> {
    byTestId<HTMLButtonElement>(`transition-${name}`)?.click();
    await settle();
  }

  async function type(field: string, value: string): Promise<void> {
    const input = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#tf-${field}`);
    if (!input) throw new Error(`no field ${field}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  it('shows the child, reasons, whereabouts, plan, responsibles by line and the timeline newest first', async () => {
    const element = await render();
    const text = (element.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('张小明');
    expect(text).toContain('370829********0011');
    expect(text).toContain('学习困难/厌学');
    expect(text).toContain('家庭经济困难');
    expect(text).toContain('随父母在苏州');
    expect(text).toContain('村校联合家访');
    expect(text).toContain('李老师');
    expect(element.querySelector('[data-testid="case-student-link"]')?.getAttribute('href')).toBe(
      '/students/s-1',
    );
    expect(element.querySelector('[data-testid="case-state"]')?.textContent?.trim()).toBe('核查中');
    const events = Array.from(element.querySelectorAll('[data-testid="case-event"]')).map(
      (e) => e.textContent ?? '',
    );
    expect(events[0]).toContain('开始核查');
    expect(events[1]).toContain('开案');
    expect(element.querySelector('[data-testid="case-referrals"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="case-transfer"]')).not.toBeNull();
  });

  it('shows the first day of absence, China-time dates and marks my own responsibilities', async () => {
    const element = await render(
      aCase({
        absentSince: '2026-08-28',
        openedAt: '2026-08-31T17:30:00Z',
        timeline: [aCase().timeline[1]],
        responsibles: [
          {
            id: 'r-2',
            name: '张建国',
            party: 'village',
            line: 'government',
            level: 'village',
            userId: 'u-1',
            organisationId: 'o-1',
            phone: null,
            active: true,
            createdAt: '2026-08-31T17:30:00Z',
          },
        ],
      }),
    );
    expect(element.querySelector('[data-testid="case-absent-since"]')?.textContent).toContain('2026-08-28');
    const text = (element.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('2026-09-01');
    expect(text).toContain('2026-09-02 16:00');
    const mine = element.querySelectorAll('[data-testid="responsible-me"]');
    expect(mine).toHaveLength(1);
    expect(mine[0].closest('[data-testid="responsible"]')?.textContent).toContain('张建国');
  });

  it('links to the written report to the township while the case is open, not once closed', async () => {
    let element = await render(aCase({ state: 'persuading' }));
    expect(element.querySelector('[data-testid="notice-township-report-link"]')?.getAttribute('href')).toBe(
      '/cases/c-1/notices/township-report',
    );
    fixture.destroy();
    element = await render(aCase({ state: 'closed', allowedTransitions: [] }));
    expect(element.querySelector('[data-testid="notice-township-report-link"]')).toBeNull();
  });

  it('shows who looked at the record, paged, to a user who may read the audit log', async () => {
    TestBed.inject(AuthStore).user.set(aUser({ role: 'bureau_officer' }));
    fixture = TestBed.createComponent(CaseDetailPage);
    fixture.componentRef.setInput('id', 'c-1');
    await fixture.whenStable();
    backend.expectOne('/api/cases/c-1').flush(aCase());
    await settle();
    flushSections();
    const log = backend.expectOne((r) => r.url === '/api/cases/c-1/access-log');
    expect(log.request.params.get('page')).toBe('1');
    expect(log.request.params.get('pageSize')).toBe('10');
    log.flush({
      items: [
        {
          id: 'a-2',
          at: '2026-09-02T01:05:00Z',
          actorName: '刘专干',
          actorRole: 'bureau_officer',
          action: 'student.reveal',
          reason: '核实户籍',
          clientAddress: '10.0.0.8',
        },
        {
          id: 'a-1',
          at: '2026-09-01T08:00:00Z',
          actorName: '王老师',
          actorRole: 'school_staff',
          action: 'case.export_ledger',
          reason: null,
          clientAddress: null,
        },
      ],
      total: 25,
      page: 1,
      pageSize: 10,
    });
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    const entries = Array.from(element.querySelectorAll('[data-testid="case-access-entry"]')).map((e) =>
      (e.textContent ?? '').replace(/\s+/g, ' '),
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]).toContain('查看完整个人信息');
    expect(entries[0]).toContain('2026-09-02 09:05');
    expect(entries[0]).toContain('刘专干 · 控辍保学专干 · 10.0.0.8');
    expect(entries[0]).toContain('核实户籍');
    expect(entries[1]).toContain('case.export_ledger');
    expect(element.querySelector('[data-testid="case-access-log"] nz-pagination')).not.toBeNull();
  });

  it('hides who looked at the record from a user without the audit log', async () => {
    const element = await render();
    expect(element.querySelector('[data-testid="case-access-log"]')).toBeNull();
    backend.expectNone((r) => r.url.endsWith('/access-log'));
  });

  it('shows one action per allowed transition, disabled with the unmet guards explained', async () => {
    const element = await render();
    const buttons = transitionButtons(element);
    expect(buttons.map((b) => b.getAttribute('data-testid'))).toEqual([
      'transition-exclude',
      'transition-confirm_dropout',
    ]);
    expect(buttons[0].disabled).toBe(false);
    expect(buttons[0].textContent?.trim()).toBe('核查排除');
    expect(buttons[1].disabled).toBe(true);
    const unmet =
      element.querySelector('[data-testid="transition-unmet-confirm_dropout"]')?.textContent ?? '';
    expect(unmet).toContain('政府线');
    expect(unmet).toContain('监护人');
    expect(element.querySelector('[data-testid="transition-unmet-exclude"]')).toBeNull();
  });

  it('shows no actions when none is allowed', async () => {
    const element = await render(aCase({ allowedTransitions: [] }));
    expect(transitionButtons(element)).toEqual([]);
    expect(element.textContent).toContain('当前没有您可进行的操作');
  });

  it.each<TransitionName>(['exclude', 'relapse', 'request_closing', 'reject_closing', 'reopen'])(
    'renders exactly the fields the domain requires for %s',
    async (name) => {
      await render(aCase({ allowedTransitions: [{ name, unmet: [] }] }));
      await openDialog(name);
      expect(shownFields()).toEqual(TRANSITIONS[name].fields.filter((f) => !f.when).map((f) => f.field));
      expect(byTestId('transition-confirm')).not.toBeNull();
    },
  );

  it('offers the schools in scope for the return school and limits dates to today', async () => {
    await render(aCase({ state: 'persuading', allowedTransitions: [{ name: 'record_return', unmet: [] }] }));
    await openDialog('record_return');
    const schools = backend.expectOne((r) => r.url === '/api/organisations');
    expect(schools.request.params.get('type')).toBe('school');
    schools.flush({ items: [], total: 0, page: 1, pageSize: 100 });
    await settle();
    expect(shownFields()).toEqual(['returnSchoolId', 'returnDate', 'returnMode']);
    expect(document.querySelector('#tf-returnDate')?.getAttribute('type')).toBe('date');
    expect(document.querySelector('#tf-returnDate')?.getAttribute('max')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('shows the assessment only for placements that need one', async () => {
    await render(
      aCase({ state: 'persuading', allowedTransitions: [{ name: 'record_placement', unmet: [] }] }),
    );
    await openDialog('record_placement');
    expect(shownFields()).toEqual(['placementType', 'placementDate', 'placementEvidence']);
    const page = fixture.componentInstance as unknown as {
      transitionForm: () => { controls: Record<string, { setValue(v: string): void }> };
    };
    page.transitionForm().controls['placementType'].setValue('home_teaching');
    fixture.changeDetectorRef.markForCheck();
    await settle();
    expect(shownFields()).toEqual(['placementType', 'placementDate', 'placementEvidence', 'assessmentNote']);
  });

  it('sends the version read with the fields, then reloads the case', async () => {
    const element = await render(
      aCase({ state: 'monitoring', allowedTransitions: [{ name: 'relapse', unmet: [] }] }),
    );
    await openDialog('relapse');
    await type('note', '  又外出打工 ');
    byTestId<HTMLButtonElement>('transition-confirm')?.click();
    await settle();
    const request = backend.expectOne('/api/cases/c-1/transitions/relapse');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ version: 3, note: '又外出打工' });
    request.flush(aCase({ state: 'persuading', version: 4 }));
    await settle();
    backend
      .expectOne('/api/cases/c-1')
      .flush(aCase({ state: 'persuading', version: 4, allowedTransitions: [] }));
    await settle();
    expect(element.querySelector('[data-testid="case-state"]')?.textContent?.trim()).toBe('劝返中');
    expect((fixture.componentInstance as unknown as { transition: () => unknown }).transition()).toBeNull();
  });

  it('does not send a transition with a required field left empty', async () => {
    await render(aCase({ state: 'monitoring', allowedTransitions: [{ name: 'relapse', unmet: [] }] }));
    await openDialog('relapse');
    byTestId<HTMLButtonElement>('transition-confirm')?.click();
    await settle();
    backend.expectNone('/api/cases/c-1/transitions/relapse');
  });

  it('says someone else changed the case on a stale version, and reloads it', async () => {
    const element = await render(aCase({ allowedTransitions: [{ name: 'start_verification', unmet: [] }] }));
    await openDialog('start_verification');
    expect(shownFields()).toEqual([]);
    byTestId<HTMLButtonElement>('transition-confirm')?.click();
    await settle();
    const request = backend.expectOne('/api/cases/c-1/transitions/start_verification');
    expect(request.request.body).toEqual({ version: 3 });
    request.flush(
      { statusCode: 409, error: 'Conflict', code: 'case.stale_version', message: 'stale' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    const alert = element.querySelector('[data-testid="conflict-alert"]');
    expect(alert?.textContent).toContain('已被他人修改，请刷新后重试');
    expect(transitionButtons(element).every((b) => b.disabled)).toBe(true);

    alert?.querySelector('button')?.click();
    await settle();
    backend.expectOne('/api/cases/c-1').flush(aCase({ version: 4 }));
    await settle();
    expect(element.querySelector('[data-testid="conflict-alert"]')).toBeNull();
  });

  it('shows the server field errors next to the fields', async () => {
    await render(aCase({ state: 'monitoring', allowedTransitions: [{ name: 'relapse', unmet: [] }] }));
    await openDialog('relapse');
    await type('note', '说明');
    byTestId<HTMLButtonElement>('transition-confirm')?.click();
    await settle();
    backend.expectOne('/api/cases/c-1/transitions/relapse').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        code: 'validation',
        message: 'note is required',
        details: [{ field: 'note', rule: 'required', message: 'note is required' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(byTestId('transition-field-note')?.textContent).toContain('note is required');
  });

  it('explains a blocked transition refused by the server', async () => {
    await render(aCase({ allowedTransitions: [{ name: 'exclude', unmet: [] }] }));
    await openDialog('exclude');
    const page = fixture.componentInstance as unknown as {
      transitionForm: () => { controls: Record<string, { setValue(v: string): void }> };
    };
    page.transitionForm().controls['exclusionReason'].setValue('deceased');
    await type('evidenceNote', '派出所证明');
    byTestId<HTMLButtonElement>('transition-confirm')?.click();
    await settle();
    const request = backend.expectOne('/api/cases/c-1/transitions/exclude');
    expect(request.request.body).toEqual({
      version: 3,
      exclusionReason: 'deceased',
      evidenceNote: '派出所证明',
    });
    request.flush(
      { statusCode: 409, error: 'Conflict', code: 'case.transition_illegal', message: 'x', allowed: [] },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(document.body.textContent).toContain('此操作不再可用');
  });

  it('adds a responsible person with a level of the chosen line', async () => {
    const element = await render();
    element.querySelector<HTMLButtonElement>('[data-testid="add-responsible"]')?.click();
    await settle();
    const page = fixture.componentInstance as unknown as {
      responsibleForm: { patchValue(v: object): void; controls: { level: { value: unknown } } };
      levels: () => readonly string[];
    };
    page.responsibleForm.patchValue({
      name: '赵书记',
      party: 'village',
      line: 'government',
      level: 'village',
    });
    expect(page.levels()).toEqual(LINE_LEVELS.government);
    page.responsibleForm.patchValue({ line: 'education' });
    expect(page.responsibleForm.controls.level.value).toBeNull();
    page.responsibleForm.patchValue({ line: 'government', level: 'village', phone: '0537-1234567' });
    fixture.changeDetectorRef.markForCheck();
    await settle();
    element.querySelector<HTMLButtonElement>('[data-testid="responsible-submit"]')?.click();
    await settle();
    const request = backend.expectOne('/api/cases/c-1/responsibles');
    expect(request.request.body).toEqual({
      name: '赵书记',
      party: 'village',
      line: 'government',
      level: 'village',
      phone: '0537-1234567',
    });
    request.flush({});
    await settle();
    backend.expectOne('/api/cases/c-1').flush(aCase());
    await settle();
  });
});
