import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CaseSummary, Page } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { CaseListPage } from './case-list.page';

const A_CASE: CaseSummary = {
  id: 'c-1',
  student: { id: 's-1', fullName: '张小明', idNumberMasked: '370829********0011' },
  type: 'enrolled_not_attending',
  source: 'school_attendance',
  primaryReason: 'learning_difficulty',
  state: 'persuading',
  closingRequested: false,
  school: { id: 'o-2', name: '疃里镇中心小学' },
  openedAt: '2026-09-01T08:00:00Z',
  closedAt: null,
  version: 2,
  updatedAt: '2026-09-01T08:00:00Z',
  persuasionAttempts: 0,
  highestStep: null,
  nextFollowUpOn: null,
  overdue: false,
};

const page = (items: CaseSummary[]): Page<CaseSummary> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 20,
});

describe(CaseListPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseListPage>;
  let element: HTMLElement;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  const expectList = (): TestRequest => backend.expectOne((request) => request.url === '/api/cases');

  async function render(studentId?: string): Promise<TestRequest> {
    fixture = TestBed.createComponent(CaseListPage);
    if (studentId) fixture.componentRef.setInput('studentId', studentId);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    return expectList();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CaseListPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('lists the cases in scope: child, masked ID, state, type and opened date', async () => {
    const request = await render();
    expect(request.request.params.keys()).toEqual(['page', 'pageSize']);
    request.flush(page([A_CASE]));
    await settle();
    const rows = element.querySelectorAll('[data-testid="case-row"]');
    expect(rows).toHaveLength(1);
    const text = rows[0].textContent ?? '';
    expect(text).toContain('张小明');
    expect(text).toContain('370829********0011');
    expect(text).toContain('在籍不在校');
    expect(text).toContain('2026-09-01');
    expect(rows[0].querySelector('[data-testid="case-state"]')?.textContent?.trim()).toBe('劝返中');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/cases/c-1');
  });

  it('filters by state and type and searches by name', async () => {
    (await render()).flush(page([A_CASE]));
    await settle();
    const list = fixture.componentInstance as unknown as {
      setState(s: string | null): void;
      setType(t: string | null): void;
      list: { q: { set(q: string): void }; search(): void };
    };
    list.setState('monitoring');
    let request = expectList();
    expect(request.request.params.get('state')).toBe('monitoring');
    request.flush(page([]));
    list.setType('never_enrolled');
    request = expectList();
    expect(request.request.params.get('type')).toBe('never_enrolled');
    request.flush(page([]));
    list.list.q.set(' 张 ');
    list.list.search();
    request = expectList();
    expect(request.request.params.get('q')).toBe('张');
    expect(request.request.params.get('state')).toBe('monitoring');
    request.flush(page([]));
    await settle();
    expect(element.textContent).toContain('暂无数据');
  });

  it("shows one child's cases when given a student", async () => {
    const request = await render('s-1');
    expect(request.request.params.get('studentId')).toBe('s-1');
    request.flush(page([A_CASE]));
    await settle();
    expect(element.querySelector('[data-testid="case-clear-student"]')).not.toBeNull();
  });
});
