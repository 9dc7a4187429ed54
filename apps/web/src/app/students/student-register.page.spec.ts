import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { CreatedStudent, CurrentUser } from '@baoxue/contracts';
import { composeIdNumber } from '@baoxue/domain';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser, REGION_CHAIN } from '../testing/users';
import { StudentRegisterPage } from './student-register.page';

const ID_NUMBER = composeIdNumber('370829', '2015-03-04', 123);
const SCHOOL = { id: 'o-school', name: '进士张小学', type: 'school' as const };

interface RegisterInternals {
  form: {
    patchValue(value: object): void;
    controls: {
      idNumber: { setValue(value: string): void };
      birthDate: { value: string };
      sex: { value: string | null };
      outOfSchool: { setValue(value: boolean): void };
      guardians: { at(i: number): { patchValue(value: object): void } };
    };
  };
}

function created(overrides: Partial<CreatedStudent> = {}): CreatedStudent {
  return { id: 's-new', fullName: '李小明', possibleDuplicates: [], ...overrides } as CreatedStudent;
}

describe(StudentRegisterPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<StudentRegisterPage>;
  let element: HTMLElement;
  let navigate: jest.SpyInstance;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const internals = (): RegisterInternals['form'] =>
    (fixture.componentInstance as unknown as RegisterInternals).form;
  const byTestId = (id: string): HTMLElement | null => element.querySelector(`[data-testid="${id}"]`);
  /** The region picker asks for the scope's roots; answer however often it asks. */
  const answerRegions = (): void => {
    for (const request of backend.match((r) => r.url === '/api/regions')) request.flush([REGION_CHAIN[3]]);
    for (const request of backend.match((r) => r.url.endsWith('/chain'))) request.flush(REGION_CHAIN);
  };

  async function open(user: CurrentUser): Promise<void> {
    TestBed.inject(AuthStore).user.set(user);
    fixture = TestBed.createComponent(StudentRegisterPage);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    await settle();
    answerRegions();
    await settle();
  }

  async function fill(value: object): Promise<void> {
    internals().patchValue(value);
    fixture.changeDetectorRef.markForCheck();
    await settle();
    answerRegions();
    await settle();
  }

  async function submit(): Promise<void> {
    byTestId('student-submit')?.click();
    await settle();
  }

  const child = {
    fullName: ' 李小明 ',
    sex: 'male',
    birthDate: '2015-03-04',
    idNumber: ID_NUMBER.toLowerCase(),
    hukouRegionId: 'r-village',
    hukouAddress: '进士张村12号',
    guardians: [
      {
        fullName: '李大明',
        relation: 'father',
        phone: '13812345678',
        worksAway: true,
        worksAwayPlace: '浙江宁波',
      },
    ],
  };

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [StudentRegisterPage],
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
    answerRegions();
    backend.verify();
  });

  describe('for a region-scoped user', () => {
    beforeEach(async () => {
      await open(aUser({ role: 'village_official' }));
      backend
        .expectOne((r) => r.url === '/api/organisations' && r.params.get('type') === 'school')
        .flush({ items: [SCHOOL], total: 1, page: 1, pageSize: 100 });
      await settle();
    });

    it('sends the child with a guardian and goes to the new record', async () => {
      await fill({ ...child, schoolId: SCHOOL.id, grade: 4, className: ' 2班 ', ethnicity: '' });
      await submit();
      const request = backend.expectOne('/api/students');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({
        fullName: '李小明',
        sex: 'male',
        birthDate: '2015-03-04',
        idNumber: ID_NUMBER,
        hukouRegionId: 'r-village',
        hukouAddress: '进士张村12号',
        schoolId: SCHOOL.id,
        grade: 4,
        className: '2班',
        guardians: [
          {
            fullName: '李大明',
            relation: 'father',
            phone: '13812345678',
            worksAway: true,
            worksAwayPlace: '浙江宁波',
          },
        ],
      });
      request.flush(created());
      await settle();
      expect(navigate).toHaveBeenCalledWith(['/students', 's-new']);
    });

    it('fills birth date and sex from a valid ID number, leaving typed ones alone', async () => {
      internals().controls.idNumber.setValue(composeIdNumber('370829', '2013-07-08', 222));
      expect(internals().controls.birthDate.value).toBe('2013-07-08');
      expect(internals().controls.sex.value).toBe('female');
      internals().controls.idNumber.setValue(ID_NUMBER);
      expect(internals().controls.birthDate.value).toBe('2013-07-08');
    });

    it('refuses a wrong check digit before sending, saying why', async () => {
      const wrong = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '0' ? '1' : '0');
      await fill({ ...child, idNumber: wrong, schoolId: SCHOOL.id });
      await submit();
      backend.expectNone('/api/students');
      expect(element.textContent).toContain('身份证号校验位不正确');
    });

    it('registers an out-of-school child without school, grade or class', async () => {
      await fill({ ...child, idNumber: '', schoolId: SCHOOL.id, grade: 4 });
      internals().controls.outOfSchool.setValue(true);
      fixture.changeDetectorRef.markForCheck();
      await settle();
      expect(byTestId('student-school')).toBeNull();
      await submit();
      const body = backend.expectOne('/api/students').request.body;
      expect(body).not.toHaveProperty('schoolId');
      expect(body).not.toHaveProperty('grade');
      expect(body).not.toHaveProperty('idNumber');
    });

    it('adds and removes guardians; none is allowed, with a note', async () => {
      byTestId('guardian-add')?.click();
      await settle();
      expect(element.querySelectorAll('[data-testid="guardian-row"]')).toHaveLength(2);
      for (let i = 0; i < 2; i++) {
        byTestId('guardian-remove')?.click();
        await settle();
      }
      expect(element.querySelectorAll('[data-testid="guardian-row"]')).toHaveLength(0);
      expect(byTestId('guardian-recommended')).not.toBeNull();
      await fill({ ...child, guardians: [], schoolId: SCHOOL.id });
      await submit();
      expect(backend.expectOne('/api/students').request.body).not.toHaveProperty('guardians');
    });

    it("shows the API's errors at the fields and at the guardian's row, in Chinese", async () => {
      await fill({ ...child, schoolId: SCHOOL.id });
      await submit();
      backend.expectOne('/api/students').flush(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'invalid',
          details: [
            {
              field: 'hukouRegionId',
              rule: 'withinScope',
              message: 'hukouRegionId must be a village within your scope',
            },
            {
              field: 'guardians.0.phone',
              rule: 'matches',
              message: 'phone must be an 11-digit mobile number',
            },
            { field: 'ethnicity', rule: 'someNewRule', message: 'ethnicity is odd' },
          ],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();
      expect(element.textContent).toContain('户籍村不在您的管辖范围内');
      expect(element.querySelector('[data-testid="guardian-row"]')?.textContent).toContain(
        '请填写 11 位手机号',
      );
      // A rule the form does not know keeps the server's message.
      expect(element.textContent).toContain('ethnicity is odd');
      expect(navigate).not.toHaveBeenCalled();
    });

    it('shows a taken student number at its field', async () => {
      await fill({ ...child, schoolId: SCHOOL.id, studentNumber: 'j370829000001' });
      await submit();
      const request = backend.expectOne('/api/students');
      expect(request.request.body.studentNumber).toBe('J370829000001');
      request.flush(
        { statusCode: 409, error: 'Conflict', code: 'student.student_number_taken', message: 'taken' },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(element.textContent).toContain('已存在，请换一个');
      expect(navigate).not.toHaveBeenCalled();
    });

    it('sends special-status periods, refusing one that ends before it starts', async () => {
      byTestId('flag-add')?.click();
      await settle();
      await fill({
        ...child,
        schoolId: SCHOOL.id,
        flags: [{ flag: 'left_behind', fromDate: '2024-09-01', toDate: '2024-08-31' }],
      });
      await submit();
      backend.expectNone('/api/students');
      expect(byTestId('flag-row')?.textContent).toContain('结束日期不能早于开始日期');

      await fill({ flags: [{ flag: 'left_behind', fromDate: '2024-09-01', toDate: '' }] });
      await submit();
      expect(backend.expectOne('/api/students').request.body.flags).toEqual([
        { flag: 'left_behind', fromDate: '2024-09-01' },
      ]);
    });

    it('lists possible duplicates, masked, with a way on to the new record', async () => {
      await fill({ ...child, schoolId: SCHOOL.id });
      await submit();
      backend.expectOne('/api/students').flush(
        created({
          possibleDuplicates: [
            {
              id: 's-old',
              maskedName: '李**',
              birthDate: '2015-03-04',
              idNumberMasked: `370829********${ID_NUMBER.slice(-4)}`,
              matchedBy: 'id_number',
            },
          ],
        }),
      );
      await settle();
      expect(navigate).not.toHaveBeenCalled();
      const warning = byTestId('student-duplicates-warning');
      expect(warning?.textContent).toContain('李**');
      expect(warning?.textContent).toContain('身份证号相同');
      expect(warning?.textContent).not.toContain(ID_NUMBER);
      expect(byTestId('student-duplicate-link')?.getAttribute('href')).toBe('/students/s-old');
      expect(byTestId('student-continue')?.getAttribute('href')).toBe('/students/s-new');
      expect(byTestId('student-form')).toBeNull();
    });
  });

  it('fixes the school for school staff and hides the out-of-school switch', async () => {
    await open(
      aUser({
        role: 'school_staff',
        scope: { kind: 'school', school: SCHOOL, regionChain: REGION_CHAIN },
      }),
    );
    backend.expectNone((r) => r.url === '/api/organisations');
    expect(byTestId('student-out-of-school')).toBeNull();
    expect((byTestId('student-school') as HTMLInputElement).value).toBe(SCHOOL.name);
    await fill({ ...child, grade: 3 });
    await submit();
    expect(backend.expectOne('/api/students').request.body).toMatchObject({ schoolId: SCHOOL.id, grade: 3 });
  });
});
