import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CurrentUser, Page, WatchListEntry } from '@baoxue/contracts';
import { AuthStore } from '../../auth/auth.store';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { WatchListPage } from './watch-list.page';

function watched(id: string, name: string, score: number, openCaseId: string | null = null): WatchListEntry {
  return {
    studentId: id,
    fullName: name,
    grade: 3,
    className: '1班',
    schoolId: 'school-1',
    schoolName: '进士张小学',
    score,
    reasons: [
      {
        code: 'attendance_rate',
        weight: 30,
        zh: '近20个教学日缺勤6天',
        en: 'Absent 6 of the last 20 school days',
      },
      { code: 'flag', weight: 10, zh: '留守儿童', en: 'Left-behind child' },
    ],
    summaryZh: '近20个教学日缺勤6天；留守儿童',
    assessedAt: '2026-12-01T10:00:00.000Z',
    openCaseId,
  };
}

function page(items: WatchListEntry[]): Page<WatchListEntry> {
  return { items, total: items.length, page: 1, pageSize: 20 };
}

describe(WatchListPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<WatchListPage>;
  let element: HTMLElement;

  const { settle, byTestId, all } = pageQueries(() => fixture);
  const listRequest = (): TestRequest => backend.expectOne((r) => r.url === '/api/attendance/watch-list');

  function signInAs(role: CurrentUser['role']): void {
    TestBed.inject(AuthStore).user.set({ role, permissions: ['children.read'] } as unknown as CurrentUser);
  }

  function create(): void {
    fixture = TestBed.createComponent(WatchListPage);
    element = fixture.nativeElement as HTMLElement;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [WatchListPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('lists the watched children in the order given, each with score, reasons, class, school and links', async () => {
    signInAs('bureau_officer');
    create();
    await settle();
    const request = listRequest();
    expect(request.request.params.get('page')).toBe('1');
    request.flush(page([watched('s1', '赵四', 55, 'case-1'), watched('s2', '钱五', 30)]));
    await settle();

    const entries = all('watch-entry');
    expect(entries.map((e) => byTestId('watch-score', e)?.textContent?.trim())).toEqual(['55', '30']);
    const first = entries[0];
    expect(byTestId('watch-student-link', first)?.textContent).toContain('赵四');
    expect(byTestId('watch-student-link', first)?.getAttribute('href')).toBe('/students/s1');
    expect(byTestId('watch-reasons', first)?.textContent).toContain('近20个教学日缺勤6天；留守儿童');
    expect(first.textContent).toContain('三年级1班');
    expect(first.textContent).toContain('进士张小学');
    expect(byTestId('watch-case-link', first)?.getAttribute('href')).toBe('/cases/case-1');
    expect(byTestId('watch-case-link', entries[1])).toBeNull();
    // Bureau staff see every school: no class filter.
    expect(byTestId('watch-class')).toBeNull();
  });

  it('lets school staff narrow the list to one class', async () => {
    signInAs('school_staff');
    create();
    await settle();
    backend.expectOne('/api/attendance/classes').flush([{ grade: 3, className: '1班', studentCount: 40 }]);
    listRequest().flush(page([]));
    await settle();
    expect(byTestId('watch-empty')?.textContent).toContain('暂无重点关注学生');
    expect(byTestId('watch-class')).not.toBeNull();

    (fixture.componentInstance as unknown as { filterByClass(key: string): void }).filterByClass('3|1班');
    const request = listRequest();
    expect(request.request.params.get('grade')).toBe('3');
    expect(request.request.params.get('className')).toBe('1班');
    request.flush(page([watched('s1', '赵四', 55)]));
    await settle();
    expect(all('watch-entry')).toHaveLength(1);
  });

  it('offers a retry when the list fails', async () => {
    signInAs('bureau_leader');
    create();
    await settle();
    listRequest().flush({}, { status: 500, statusText: 'Server Error' });
    await settle();
    expect(element.querySelector('bx-list-error')).not.toBeNull();
  });
});
