import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { CaseSummary, Page } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
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

  it('opens with the filters a link carried (the dashboard’s figures), ignoring unknown codes', async () => {
    await TestBed.inject(Router).navigateByUrl(
      '/?state=closed&regionId=r-town&reason=not-a-reason&overdue=true&householdRegionId=r-village' +
        '&took=approve_closing,close_excluded&tookFrom=2026-09-01&tookTo=2026-12-02&overdueItems=true',
    );
    TestBed.inject(AuthStore).user.set(aUser({ role: 'bureau_leader' }));
    fixture = TestBed.createComponent(CaseListPage);
    await fixture.whenStable();
    const params = expectList().request.params;
    expect(params.get('state')).toBe('closed');
    expect(params.get('regionId')).toBe('r-town');
    expect(params.get('overdue')).toBe('true');
    expect(params.get('householdRegionId')).toBe('r-village');
    expect(params.get('took')).toBe('approve_closing,close_excluded');
    expect(params.get('tookFrom')).toBe('2026-09-01');
    expect(params.get('tookTo')).toBe('2026-12-02');
    expect(params.get('overdueItems')).toBe('true');
    expect(params.has('reason')).toBe(false);
    // The region filter shows the region the link picked (its chain is asked for).
    backend
      .match((request) => request.url.startsWith('/api/regions'))
      .forEach((request) => request.flush([]));
    await settle();
    backend
      .match((request) => request.url.startsWith('/api/regions'))
      .forEach((request) => request.flush([]));
  });

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

  type Filters = {
    filter<T>(target: unknown, value: T): void;
    state: unknown;
    type: unknown;
    reason: unknown;
    flag: unknown;
    overdue: unknown;
    openedFrom: unknown;
    openedTo: unknown;
    sort: unknown;
    list: { q: { set(q: string): void }; search(): void };
  };
  const filters = (): Filters => fixture.componentInstance as unknown as Filters;

  it('filters by state and type and searches by name', async () => {
    (await render()).flush(page([A_CASE]));
    await settle();
    const list = filters();
    list.filter(list.state, 'monitoring');
    let request = expectList();
    expect(request.request.params.get('state')).toBe('monitoring');
    request.flush(page([]));
    list.filter(list.type, 'never_enrolled');
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

  it('filters by reason, flag, overdue and opened dates, and sorts', async () => {
    (await render()).flush(page([A_CASE]));
    await settle();
    const list = filters();
    list.filter(list.reason, 'working_away');
    list.filter(list.flag, 'left_behind');
    list.filter(list.openedFrom, '2026-09-01');
    list.filter(list.openedTo, '2026-09-30');
    list.filter(list.sort, 'nextFollowUpOn:asc');
    // Each change searched again; only the latest answer counts.
    const superseded = backend.match((r) => r.url === '/api/cases');
    expect(superseded).toHaveLength(5);
    superseded.slice(0, 4).forEach((r) => r.flush(page([])));
    const params = superseded[4].request.params;
    expect(params.get('reason')).toBe('working_away');
    expect(params.get('flag')).toBe('left_behind');
    expect(params.get('openedFrom')).toBe('2026-09-01');
    expect(params.get('openedTo')).toBe('2026-09-30');
    expect(params.get('sort')).toBe('nextFollowUpOn');
    expect(params.get('order')).toBe('asc');
    expect(params.has('overdue')).toBe(false);
    superseded[4].flush(page([]));

    const overdue = element.querySelector<HTMLInputElement>('[data-testid="case-overdue-filter"]');
    overdue?.click();
    const request = expectList();
    expect(request.request.params.get('overdue')).toBe('true');
    request.flush(page([]));
    overdue?.click();
    expect(expectList().request.params.has('overdue')).toBe(false);
  });

  it('searches a full ID number exactly as typed, upper-casing its check character', async () => {
    (await render()).flush(page([]));
    const list = filters();
    list.list.q.set(' 37082920130502001x ');
    list.list.search();
    const request = expectList();
    expect(request.request.params.get('q')).toBe('37082920130502001X');
    request.flush(page([]));
  });

  it('shows the persuasion count and the next follow-up, marking overdue cases', async () => {
    (await render()).flush(
      page([
        { ...A_CASE, persuasionAttempts: 3, nextFollowUpOn: '2026-09-05', overdue: true },
        { ...A_CASE, id: 'c-2', nextFollowUpOn: null },
      ]),
    );
    await settle();
    const rows = element.querySelectorAll('[data-testid="case-row"]');
    expect(rows[0].classList).toContain('flagged');
    expect(rows[0].textContent).toContain('3');
    expect(rows[0].querySelector('[data-testid="case-follow-up"]')?.textContent).toContain('2026-09-05');
    expect(rows[0].querySelector('[data-testid="case-overdue"]')?.textContent?.trim()).toBe('已逾期');
    expect(rows[1].classList).not.toContain('flagged');
    expect(rows[1].querySelector('[data-testid="case-overdue"]')).toBeNull();
  });

  it('offers region and school filters to a user whose scope is a region, fetching schools when opened', async () => {
    TestBed.inject(AuthStore).user.set(aUser({ role: 'bureau_officer' }));
    (await render()).flush(page([]));
    await settle();
    // The picker asks for the scope's root regions (the cascader may ask more than once).
    const zone = {
      id: 'r-z',
      code: 'Z370801',
      name: '济宁经济技术开发区',
      kind: 'zone',
      parentId: null,
      path: 'z',
      childCount: 2,
    };
    for (const request of backend.match((r) => r.url === '/api/regions')) request.flush([zone]);
    await settle();
    for (const request of backend.match((r) => r.url === '/api/regions')) request.flush([zone]);
    await settle();
    expect(element.querySelector('[data-testid="case-region-filter"]')).not.toBeNull();
    backend.expectNone((r) => r.url === '/api/organisations');
    const page_ = fixture.componentInstance as unknown as { schools: { load(): Promise<void> } };
    void page_.schools.load();
    backend
      .expectOne((r) => r.url === '/api/organisations')
      .flush({ items: [{ id: 'o-2', name: '进士张小学' }], total: 1, page: 1, pageSize: 100 });
    await settle();
    const list = filters() as unknown as {
      filter(t: unknown, v: string): void;
      schoolId: unknown;
      regionId: unknown;
    };
    list.filter(list.schoolId, 'o-2');
    expect(expectList().request.params.get('schoolId')).toBe('o-2');
  });

  it('offers no region or school filter to school staff', async () => {
    TestBed.inject(AuthStore).user.set(
      aUser({
        role: 'school_staff',
        scope: { kind: 'school', school: { id: 'o-2', name: '进士张小学', type: 'school' }, regionChain: [] },
      }),
    );
    (await render()).flush(page([]));
    await settle();
    expect(element.querySelector('[data-testid="case-region-filter"]')).toBeNull();
    expect(element.querySelector('[data-testid="case-school-filter"]')).toBeNull();
  });

  it("shows one child's cases when given a student", async () => {
    const request = await render('s-1');
    expect(request.request.params.get('studentId')).toBe('s-1');
    request.flush(page([A_CASE]));
    await settle();
    expect(element.querySelector('[data-testid="case-clear-student"]')).not.toBeNull();
  });
});
