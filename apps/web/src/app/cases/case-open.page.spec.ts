import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { StudentDetail } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { CaseOpenPage } from './case-open.page';

const STUDENT = {
  id: 's-1',
  fullName: '张小明',
  idNumberMasked: '370829********0011',
} as StudentDetail;

interface OpenForm {
  form: { patchValue(value: object): void; controls: { otherReasons: { value: string[] } } };
}

describe(CaseOpenPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseOpenPage>;
  let element: HTMLElement;
  let navigate: jest.SpyInstance;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CaseOpenPage],
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
    fixture = TestBed.createComponent(CaseOpenPage);
    fixture.componentRef.setInput('studentId', 's-1');
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/students/s-1').flush(STUDENT);
    await settle();
  });

  afterEach(() => backend.verify());

  const form = (): OpenForm['form'] => (fixture.componentInstance as unknown as OpenForm).form;

  async function fillAndSubmit(): Promise<void> {
    form().patchValue({
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'working_away',
      otherReasons: ['family_hardship', 'working_away'],
      reasonNote: '',
      whereabouts: ' 随父母在苏州 ',
      plan: '村校联合家访',
    });
    fixture.changeDetectorRef.markForCheck();
    await settle();
    element.querySelector<HTMLButtonElement>('[data-testid="open-case-submit"]')?.click();
    await settle();
  }

  it('shows the child the case is for', () => {
    expect(element.querySelector('[data-testid="open-case-child"]')?.textContent).toContain('张小明');
  });

  it('sends the form and goes to the new case', async () => {
    await fillAndSubmit();
    const request = backend.expectOne('/api/cases');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      studentId: 's-1',
      type: 'suspected_dropout',
      source: 'village_patrol',
      primaryReason: 'working_away',
      otherReasons: ['family_hardship'],
      whereabouts: '随父母在苏州',
      plan: '村校联合家访',
    });
    request.flush({ id: 'c-9' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c-9']);
  });

  it('sends nothing until type, source and primary reason are chosen', async () => {
    element.querySelector<HTMLButtonElement>('[data-testid="open-case-submit"]')?.click();
    await settle();
    backend.expectNone('/api/cases');
  });

  it("links to the child's cases when one is already open", async () => {
    await fillAndSubmit();
    backend
      .expectOne('/api/cases')
      .flush(
        { statusCode: 409, error: 'Conflict', code: 'case.already_open', message: 'open' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    const alert = element.querySelector('[data-testid="case-already-open"]');
    expect(alert?.textContent).toContain('已有未结案的个案');
    expect(element.querySelector('[data-testid="case-already-open-link"]')?.getAttribute('href')).toBe(
      '/cases?studentId=s-1',
    );
    expect(navigate).not.toHaveBeenCalled();
  });
});
