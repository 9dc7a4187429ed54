import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Page, StudentSummary } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
import { StudentListPage } from './student-list.page';

const A_STUDENT: StudentSummary = {
  id: 's-1',
  fullName: '张小明',
  sex: 'male',
  birthDate: '2015-09-01',
  idNumberMasked: '370829********0011',
  studentNumberMasked: null,
  hukouRegion: { id: 'r-village', code: '370829104201', name: '进士张村', kind: 'village' },
  school: { id: 'o-2', name: '疃里镇中心小学', type: 'school' },
  grade: 3,
  className: '2班',
  enrolmentStatus: 'enrolled',
  flags: ['left_behind'],
};

const page = (items: StudentSummary[]): Page<StudentSummary> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 20,
});

describe(StudentListPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<StudentListPage>;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [StudentListPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StudentListPage);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    await answer(expectList(), [A_STUDENT]);
  });

  afterEach(() => backend.verify());

  it('offers registering a child to the roles the API lets register', async () => {
    const button = (): HTMLElement | null => element.querySelector('[data-testid="register-student"]');
    const auth = TestBed.inject(AuthStore);
    auth.user.set(aUser({ role: 'school_staff' }));
    await fixture.whenStable();
    expect(button()?.getAttribute('href')).toBe('/students/new');
    auth.user.set(aUser({ role: 'department_liaison' }));
    await fixture.whenStable();
    expect(button()).toBeNull();
  });

  function expectList(): TestRequest {
    return backend.expectOne((request) => request.url === '/api/students');
  }

  async function answer(request: TestRequest, items: StudentSummary[]): Promise<void> {
    request.flush(page(items));
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function type(testId: string, value: string): void {
    const input = element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
    if (!input) throw new Error(`no ${testId}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    element.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('shows each child with name, sex, masked ID number, school, grade and class, and flags', () => {
    const rows = element.querySelectorAll('[data-testid="student-row"]');
    expect(rows).toHaveLength(1);
    const text = (rows[0].textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('张小明');
    expect(text).toContain('男');
    expect(text).toContain('370829********0011');
    expect(text).toContain('疃里镇中心小学');
    expect(text).toContain('三年级 2班');
    expect(text).toContain('留守儿童');
  });

  it('searches by name with q, without an ID number', async () => {
    type('student-search', ' 张 ');
    await submit();
    const request = expectList();
    expect(request.request.params.get('q')).toBe('张');
    expect(request.request.params.has('idNumber')).toBe(false);
    expect(request.request.params.get('page')).toBe('1');
    await answer(request, [A_STUDENT]);
  });

  it('finds by a full ID number, normalised, without a name', async () => {
    type('student-id-search', '110105 19491231002x');
    await submit();
    const request = expectList();
    expect(request.request.params.get('idNumber')).toBe('11010519491231002X');
    expect(request.request.params.has('q')).toBe(false);
    await answer(request, []);
    expect(element.textContent).toContain('暂无数据');
  });

  it('refuses an invalid ID number without asking the server', async () => {
    type('student-id-search', '110105194912310021');
    await submit();
    backend.expectNone((request) => request.url === '/api/students');
    expect(element.querySelector('[data-testid="student-id-error"]')?.textContent).toContain('校验位');

    type('student-id-search', '12345');
    await submit();
    backend.expectNone((request) => request.url === '/api/students');
    expect(element.querySelector('[data-testid="student-id-error"]')?.textContent).toContain('18 位');
  });
});
