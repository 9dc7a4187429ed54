import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { Page, StudentSummary } from '@baoxue/contracts';
import { Role } from '@baoxue/domain';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
import { CaseReportPage } from './case-report.page';

const CHILD = {
  id: 's-1',
  fullName: '张小明',
  idNumberMasked: '370829********0011',
  school: { id: 'o-2', name: '进士张小学' },
  className: '三(2)班',
} as StudentSummary;

const page = (items: StudentSummary[]): Page<StudentSummary> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 8,
});

interface ReportForm {
  form: { patchValue(value: object): void };
}

describe(CaseReportPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseReportPage>;
  let element: HTMLElement;
  let navigate: jest.SpyInstance;

  const settle = async (ms = 0): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await fixture.whenStable();
  };
  const byTestId = <T extends Element = HTMLElement>(id: string): T | null =>
    element.querySelector<T>(`[data-testid="${id}"]`);

  async function render(role: Role = 'school_staff'): Promise<void> {
    TestBed.inject(AuthStore).user.set(aUser({ role }));
    fixture = TestBed.createComponent(CaseReportPage);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  /** Types a name, waits out the pause and answers the lookup with `found`. */
  async function findChild(name: string, found: StudentSummary[] = [CHILD]): Promise<TestRequest> {
    const input = byTestId<HTMLInputElement>('report-student-search');
    if (!input) throw new Error('no search box');
    input.value = name;
    input.dispatchEvent(new Event('input'));
    await settle(350);
    const request = backend.expectOne((r) => r.url === '/api/students');
    request.flush(page(found));
    await settle();
    return request;
  }

  async function fill(values: object): Promise<void> {
    (fixture.componentInstance as unknown as ReportForm).form.patchValue(values);
    fixture.changeDetectorRef.markForCheck();
    await settle();
  }

  async function submit(): Promise<void> {
    byTestId<HTMLButtonElement>('report-submit')?.click();
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CaseReportPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  it('finds children in scope by name after a pause in typing, and picks one', async () => {
    await render();
    const request = await findChild(' 张小 ');
    expect(request.request.params.get('q')).toBe('张小');
    const options = element.querySelectorAll<HTMLButtonElement>('[data-testid="report-student-option"]');
    expect(options).toHaveLength(1);
    expect(options[0].textContent).toContain('370829********0011');
    options[0].click();
    await settle();
    expect(byTestId('report-student-chosen')?.textContent).toContain('张小明');
    expect(byTestId('report-student-search')).toBeNull();
  });

  it("starts with the child given in the link, e.g. from the child's page", async () => {
    TestBed.inject(AuthStore).user.set(aUser({ role: 'school_staff' }));
    fixture = TestBed.createComponent(CaseReportPage);
    fixture.componentRef.setInput('studentId', 's-1');
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/students/s-1').flush(CHILD);
    await settle();
    expect(byTestId('report-student-chosen')?.textContent).toContain('张小明');
    byTestId<HTMLButtonElement>('report-student-chosen')?.querySelector('button')?.click();
    await settle();
    expect(byTestId('report-student-search')).not.toBeNull();
  });

  it('says so when no child matches', async () => {
    await render();
    await findChild('王', []);
    expect(element.textContent).toContain('没有找到');
  });

  it('reports a school absence: enrolled but not attending, from attendance, with its first day', async () => {
    await render('school_staff');
    await findChild('张');
    byTestId<HTMLButtonElement>('report-student-option')?.click();
    await settle();
    const absentSince = byTestId<HTMLInputElement>('report-absent-since');
    expect(absentSince?.getAttribute('type')).toBe('date');
    expect(absentSince?.getAttribute('max')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (!absentSince) throw new Error('no absence date');
    absentSince.value = '2026-09-07';
    absentSince.dispatchEvent(new Event('input'));
    await fill({ primaryReason: 'learning_difficulty', reasonNote: '  连续三天未到校 ' });
    await submit();
    const request = backend.expectOne('/api/cases');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      studentId: 's-1',
      type: 'enrolled_not_attending',
      source: 'school_attendance',
      primaryReason: 'learning_difficulty',
      absentSince: '2026-09-07',
      reasonNote: '连续三天未到校',
    });
    request.flush({ id: 'c-9' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c-9']);
  });

  it("reports a village official's dropout as a suspected dropout found on patrol", async () => {
    await render('village_official');
    await findChild('张');
    byTestId<HTMLButtonElement>('report-student-option')?.click();
    await settle();
    byTestId<HTMLInputElement>('report-kind-dropped-out')?.click();
    await settle();
    await fill({ primaryReason: 'working_away' });
    await submit();
    const request = backend.expectOne('/api/cases');
    expect(request.request.body).toEqual({
      studentId: 's-1',
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'working_away',
    });
    request.flush({ id: 'c-10' });
    await settle();
  });

  it('sends nothing without a child, a reason and, for an absence, its first day', async () => {
    await render();
    await submit();
    backend.expectNone('/api/cases');
    await fill({ studentId: 's-1', primaryReason: 'distance' });
    await submit();
    backend.expectNone('/api/cases');
    expect(element.textContent).toContain('请填写不晚于今天的日期');
  });

  it("links to the child's open case on 409 case.already_open", async () => {
    await render();
    await fill({ studentId: 's-1', kind: 'dropped_out', primaryReason: 'distance' });
    await submit();
    backend.expectOne('/api/cases').flush(
      {
        statusCode: 409,
        error: 'Conflict',
        code: 'case.already_open',
        message: 'open',
        context: { openCaseId: 'c-3' },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(byTestId('case-already-open')?.textContent).toContain('已有未结案的个案');
    expect(byTestId('case-already-open-link')?.getAttribute('href')).toBe('/cases/c-3');
    expect(navigate).not.toHaveBeenCalled();
  });

  it("falls back to the child's cases when the open case is not named", async () => {
    await render();
    await fill({ studentId: 's-1', kind: 'dropped_out', primaryReason: 'distance' });
    await submit();
    backend
      .expectOne('/api/cases')
      .flush(
        { statusCode: 409, error: 'Conflict', code: 'case.already_open', message: 'open' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(byTestId('case-already-open-link')?.getAttribute('href')).toBe('/cases?studentId=s-1');
  });

  it('shows a server field error at its field', async () => {
    await render();
    await fill({ studentId: 's-1', absentSince: '2026-09-07', primaryReason: 'distance' });
    await submit();
    backend.expectOne('/api/cases').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        code: 'validation',
        message: 'x',
        details: [
          { field: 'absentSince', rule: 'notFuture', message: 'absentSince must not be in the future' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(element.textContent).toContain('absentSince must not be in the future');
  });
});
