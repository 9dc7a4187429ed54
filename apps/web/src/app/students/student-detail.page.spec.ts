import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { RevealedStudentData, StudentDetail } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';
import { StudentDetailPage } from './student-detail.page';

const DETAIL: StudentDetail = {
  id: 's-1',
  fullName: '张小明',
  sex: 'male',
  birthDate: '2015-09-01',
  idNumberMasked: '370829********0011',
  studentNumberMasked: 'G370829********0011',
  hukouRegion: { id: 'r-village', code: '370829104201', name: '进士张村', kind: 'village' },
  school: { id: 'o-2', name: '疃里镇中心小学', type: 'school' },
  grade: 3,
  className: '2班',
  enrolmentStatus: 'enrolled',
  flags: ['left_behind'],
  ethnicity: '汉族',
  hukouAddressMasked: '山东省济宁市嘉祥县疃里镇进士张村***',
  currentAddressMasked: null,
  guardians: [
    {
      id: 'g-1',
      fullName: '张建军',
      relation: 'father',
      phoneMasked: '138****5678',
      worksAway: true,
      worksAwayPlace: '江苏省苏州市',
    },
  ],
  flagPeriods: [{ flag: 'left_behind', fromDate: '2024-03-01', toDate: null, hasDetail: false }],
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  mergedIntoId: null,
  openDuplicates: [],
};

const WITH_DUPLICATE: StudentDetail = {
  ...DETAIL,
  openDuplicates: [
    {
      duplicateId: 'd-1',
      reason: 'same_id_number',
      other: {
        id: 's-2',
        maskedName: '张**',
        birthDate: '2015-09-01',
        idNumberMasked: '370829********0011',
        matchedBy: 'id_number',
      },
    },
  ],
};

const REVEALED: RevealedStudentData = {
  id: 's-1',
  idNumber: '370829201509010011',
  studentNumber: 'G370829201509010011',
  hukouAddress: '山东省济宁市嘉祥县疃里镇进士张村 18 号',
  currentAddress: null,
  guardians: [{ id: 'g-1', fullName: '张建军', phone: '13812345678' }],
  flagDetails: [],
};

describe(StudentDetailPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<StudentDetailPage>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [StudentDetailPage],
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

  /** The page, loaded; the dialog renders outside it, so queries look at the whole document. */
  async function render(
    role: 'village_official' | 'bureau_officer' | 'bureau_leader',
    detail: StudentDetail = DETAIL,
  ): Promise<HTMLElement> {
    TestBed.inject(AuthStore).user.set(aUser({ role }));
    fixture = TestBed.createComponent(StudentDetailPage);
    fixture.componentRef.setInput('id', 's-1');
    await fixture.whenStable();
    backend.expectOne('/api/students/s-1').flush(detail);
    await settle();
    return fixture.nativeElement as HTMLElement;
  }

  const byTestId = <T extends Element = HTMLElement>(testId: string): T | null =>
    document.querySelector<T>(`[data-testid="${testId}"]`);

  async function openAndType(reason: string): Promise<void> {
    byTestId<HTMLButtonElement>('reveal-button')?.click();
    await settle();
    const textarea = byTestId<HTMLTextAreaElement>('reveal-reason');
    if (!textarea) throw new Error('no reason field');
    textarea.value = reason;
    textarea.dispatchEvent(new Event('input'));
    byTestId<HTMLButtonElement>('reveal-confirm')?.click();
    await settle();
  }

  it('shows the masked record: facts, school, village, guardians and flags', async () => {
    const element = await render('village_official');
    expect(element.querySelector('[data-testid="student-name"]')?.textContent?.trim()).toBe('张小明');
    const text = (element.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('370829********0011');
    expect(text).toContain('疃里镇中心小学');
    expect(text).toContain('进士张村');
    expect(text).toContain('山东省济宁市嘉祥县疃里镇进士张村***');
    expect(text).toContain('父亲');
    expect(text).toContain('138****5678');
    expect(text).toContain('外出务工 · 江苏省苏州市');
    expect(text).toContain('留守儿童');
    expect(text).toContain('2024-03-01 – 至今');
  });

  it('offers no reveal without the personal_data.reveal permission', async () => {
    const element = await render('village_official');
    expect(element.querySelector('[data-testid="reveal-button"]')).toBeNull();
  });

  it('reveals the full ID number, phones and addresses for a stated reason', async () => {
    const element = await render('bureau_officer');
    expect(element.querySelector('[data-testid="reveal-button"]')).not.toBeNull();

    await openAndType('  核实身份后联系监护人 ');
    expect(document.body.textContent).toContain('审计日志');
    const request = backend.expectOne('/api/students/s-1/reveal');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ reason: '核实身份后联系监护人' });
    request.flush(REVEALED);
    await settle();

    expect(element.querySelector('[data-testid="revealed-id-number"]')?.textContent?.trim()).toBe(
      '370829201509010011',
    );
    expect(element.querySelector('[data-testid="revealed-phone"]')?.getAttribute('href')).toBe(
      'tel:13812345678',
    );
    expect(element.textContent).toContain('进士张村 18 号');
    expect(element.querySelector('[data-testid="reveal-button"]')).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it('refuses a reason shorter than 4 characters without asking the server', async () => {
    const element = await render('bureau_officer');
    await openAndType('看看');
    backend.expectNone('/api/students/s-1/reveal');
    expect(document.body.textContent).toContain('请填写查看原因（4–200 个字）');
    expect(element.querySelector('[data-testid="revealed-id-number"]')).toBeNull();
  });

  it('offers to open a case to the roles that may open one', async () => {
    const element = await render('village_official');
    expect(element.querySelector('[data-testid="open-case-button"]')?.getAttribute('href')).toBe(
      '/cases/new?studentId=s-1',
    );
  });

  it('offers no case opening to a bureau leader', async () => {
    const element = await render('bureau_leader');
    expect(element.querySelector('[data-testid="open-case-button"]')).toBeNull();
  });

  it('warns of open duplicate candidates, with a review link for the bureau only', async () => {
    let element = await render('bureau_officer', WITH_DUPLICATE);
    const warning = element.querySelector('[data-testid="student-duplicate-warning"]');
    expect(warning?.textContent).toContain('可能与 1 条记录重复');
    expect(warning?.textContent).toContain('张**');
    expect(warning?.textContent).toContain('身份证号相同');
    expect(element.querySelector('[data-testid="student-duplicate-link"]')?.getAttribute('href')).toBe(
      '/students/duplicates',
    );
    fixture.destroy();

    element = await render('village_official', WITH_DUPLICATE);
    expect(element.querySelector('[data-testid="student-duplicate-warning"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="student-duplicate-link"]')).toBeNull();
  });

  it('shows no warning without open candidates', async () => {
    const element = await render('bureau_officer');
    expect(element.querySelector('[data-testid="student-duplicate-warning"]')).toBeNull();
    expect(element.querySelector('[data-testid="student-merged-note"]')).toBeNull();
  });

  it('shows a merged record as a pointer to the record kept, with no case to open', async () => {
    const element = await render('village_official', { ...DETAIL, mergedIntoId: 's-9' });
    expect(element.querySelector('[data-testid="student-merged-note"]')?.textContent).toContain('已合并');
    expect(element.querySelector('[data-testid="student-merged-link"]')?.getAttribute('href')).toBe(
      '/students/s-9',
    );
    expect(element.querySelector('[data-testid="open-case-button"]')).toBeNull();
  });
});
