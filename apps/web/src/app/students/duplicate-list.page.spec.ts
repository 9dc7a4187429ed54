import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Page, StudentDuplicate } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
import { DuplicateListPage } from './duplicate-list.page';
import { aDuplicate, aSide } from './duplicate.fixtures';

const page = (items: StudentDuplicate[]): Page<StudentDuplicate> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 20,
});

describe(DuplicateListPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<DuplicateListPage>;
  let element: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [DuplicateListPage],
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

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  const expectList = (): TestRequest =>
    backend.expectOne((request) => request.url === '/api/students/duplicates');

  async function render(role: 'bureau_officer' | 'bureau_leader', items: StudentDuplicate[]): Promise<void> {
    TestBed.inject(AuthStore).user.set(aUser({ role }));
    fixture = TestBed.createComponent(DuplicateListPage);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const request = expectList();
    expect(request.request.params.get('status')).toBe('open');
    request.flush(page(items));
    await settle();
  }

  const byTestId = <T extends Element = HTMLElement>(testId: string): T | null =>
    document.querySelector<T>(`[data-testid="${testId}"]`);

  function type(testId: string, value: string): void {
    const field = byTestId<HTMLTextAreaElement>(testId);
    if (!field) throw new Error(`no ${testId}`);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  it('lists each pair masked, with the reason, the differences and both records', async () => {
    await render('bureau_officer', [aDuplicate()]);
    const rows = element.querySelectorAll('[data-testid="duplicate-row"]');
    expect(rows).toHaveLength(1);
    const text = (rows[0].textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('身份证号相同');
    expect(text).toContain('不一致：年级');
    expect(text).toContain('张**');
    expect(text).toContain('370829********0011');
    expect(text).toContain('进士张村');
    expect(element.querySelector('[data-testid="duplicate-merge"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="duplicate-dismiss"]')).not.toBeNull();
  });

  it('lets a bureau leader look but not merge or dismiss', async () => {
    await render('bureau_leader', [aDuplicate()]);
    expect(element.querySelectorAll('[data-testid="duplicate-row"]')).toHaveLength(1);
    expect(element.querySelector('[data-testid="duplicate-merge"]')).toBeNull();
    expect(element.querySelector('[data-testid="duplicate-dismiss"]')).toBeNull();
  });

  it('blocks a merge when both children have an open case, saying why', async () => {
    const both = aDuplicate({
      first: aSide({ hasOpenCase: true, caseCount: 1 }),
      second: aSide({ id: 's-2', hasOpenCase: true, caseCount: 1 }),
      bothHaveOpenCases: true,
    });
    await render('bureau_officer', [both]);
    expect(element.querySelector<HTMLButtonElement>('[data-testid="duplicate-merge"]')?.disabled).toBe(true);
    expect(element.textContent).toContain('两名儿童都有未结个案');
  });

  it('compares side by side and merges into the record chosen, taking the chosen fields', async () => {
    await render('bureau_officer', [aDuplicate()]);
    byTestId<HTMLButtonElement>('duplicate-merge')?.click();
    await settle();
    const compare = byTestId('duplicate-compare');
    expect(compare?.textContent).toContain('三年级');
    expect(compare?.textContent).toContain('四年级');

    // A reason is required before anything is sent.
    byTestId<HTMLButtonElement>('duplicate-merge-confirm')?.click();
    await settle();
    backend.expectNone('/api/students/s-1/merge');
    expect(document.body.textContent).toContain('请填写原因');

    byTestId<HTMLInputElement>('duplicate-take-grade')?.click();
    type('duplicate-merge-reason', ' 同一儿童重复登记 ');
    await settle();
    byTestId<HTMLButtonElement>('duplicate-merge-confirm')?.click();
    await settle();
    const request = backend.expectOne('/api/students/s-1/merge');
    expect(request.request.body).toEqual({
      duplicateId: 'd-1',
      version: 1,
      otherVersion: 3,
      takeFromOther: ['grade'],
      reason: '同一儿童重复登记',
    });
    request.flush({ survivor: {}, mergedId: 's-2', movedGuardians: 0, movedFlags: 0, movedCases: 0 });
    await settle();
    expectList().flush(page([]));
    await settle();
    expect(byTestId('duplicate-compare')).toBeNull();
    expect(element.textContent).toContain('没有待处理的疑似重复记录');
  });

  it('keeps the other record when chosen, and shows why a merge was refused', async () => {
    await render('bureau_officer', [aDuplicate()]);
    byTestId<HTMLButtonElement>('duplicate-merge')?.click();
    await settle();
    byTestId<HTMLInputElement>('duplicate-keep-second')?.click();
    type('duplicate-merge-reason', '同一儿童重复登记');
    await settle();
    byTestId<HTMLButtonElement>('duplicate-merge-confirm')?.click();
    await settle();
    const request = backend.expectOne('/api/students/s-2/merge');
    expect(request.request.body).toMatchObject({ version: 3, otherVersion: 1, takeFromOther: [] });
    request.flush(
      { statusCode: 409, error: 'Conflict', code: 'student.merge_two_open_cases', message: 'x' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expectList().flush(page([aDuplicate({ second: aSide({ id: 's-2', grade: 4, version: 4 }) })]));
    await settle();
    expect(document.body.textContent).toContain('两名儿童都有未结个案，不能合并');
    expect(byTestId('duplicate-compare')).not.toBeNull();

    // A retry sends the versions of the reloaded pair.
    byTestId<HTMLButtonElement>('duplicate-merge-confirm')?.click();
    await settle();
    const retry = backend.expectOne('/api/students/s-2/merge');
    expect(retry.request.body).toMatchObject({ version: 4, otherVersion: 1 });
    retry.flush({ survivor: {}, mergedId: 's-1', movedGuardians: 0, movedFlags: 0, movedCases: 0 });
    await settle();
    expectList().flush(page([]));
    await settle();
  });

  it('dismisses a pair as not the same child, with a reason', async () => {
    await render('bureau_officer', [aDuplicate()]);
    byTestId<HTMLButtonElement>('duplicate-dismiss')?.click();
    await settle();
    type('duplicate-dismiss-reason', '双胞胎，不是同一人');
    await settle();
    byTestId<HTMLButtonElement>('duplicate-dismiss-confirm')?.click();
    await settle();
    const request = backend.expectOne('/api/students/duplicates/d-1/dismiss');
    expect(request.request.body).toEqual({ version: 1, reason: '双胞胎，不是同一人' });
    request.flush(aDuplicate({ status: 'dismissed', version: 2 }));
    await settle();
    expectList().flush(page([]));
    await settle();
    expect(byTestId('duplicate-dismiss-reason')).toBeNull();
  });
});
