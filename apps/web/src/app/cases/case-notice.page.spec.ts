import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CaseNotice } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { LanguageService } from '../shared/i18n/language.service';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { CaseNoticePage } from './case-notice.page';
import { chineseDate, orderNumberText } from './notice-text';

function aNotice(overrides: Partial<CaseNotice> = {}): CaseNotice {
  return {
    kind: 'written_order',
    caseId: 'c-1',
    number: '3',
    issuedOn: '2026-10-08',
    deadlineOn: '2026-10-15',
    student: {
      fullName: '张小明',
      sex: 'male',
      birthDate: '2013-05-02',
      idNumberMasked: '370829********0011',
      schoolName: '进士张小学',
      grade: 6,
      className: '2班',
      householdPlace: '山东省济宁市嘉祥县疃里镇进士张村',
    },
    guardians: [
      { name: '张大山', relation: 'father' },
      { name: '李小花', relation: 'mother' },
    ],
    primaryReason: 'working_away',
    otherReasons: ['family_hardship'],
    reasonNote: '随父母外出',
    whereabouts: '江苏省苏州市',
    issuer: { id: 'o-town', name: '疃里镇人民政府' },
    recipients: [],
    interventions: [],
    persuasionAttempts: 2,
    highestStep: 'written_order',
    ...overrides,
  };
}

const REPORT = aNotice({
  kind: 'township_report',
  number: null,
  deadlineOn: null,
  issuer: { id: 'o-school', name: '进士张小学' },
  recipients: [
    { id: 'o-town', name: '疃里镇人民政府' },
    { id: 'o-bureau', name: '济宁经济技术开发区教育局' },
  ],
  interventions: [
    { occurredOn: '2026-09-10', kind: 'home_visit', outcome: 'refuses' },
    { occurredOn: '2026-09-20', kind: 'joint_visit', outcome: null },
  ],
  highestStep: 'joint_visit',
});

describe(CaseNoticePage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseNoticePage>;
  let element: HTMLElement;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const text = (testId = 'notice-page'): string =>
    (element.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '').replace(/\s+/g, '');

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CaseNoticePage],
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

  async function render(
    kind: CaseNotice['kind'],
    notice: CaseNotice,
    interventionId?: string,
  ): Promise<void> {
    fixture = TestBed.createComponent(CaseNoticePage);
    fixture.componentRef.setInput('id', 'c-1');
    fixture.componentRef.setInput('kind', kind);
    if (interventionId) fixture.componentRef.setInput('interventionId', interventionId);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const url =
      kind === 'written_order'
        ? `/api/cases/c-1/notices/written-order/${interventionId}`
        : '/api/cases/c-1/notices/township-report';
    backend.expectOne(url).flush(notice);
    await settle();
  }

  it('prints the written order to the guardians: number, child, reasons, deadline, law and issuer', async () => {
    await render('written_order', aNotice(), 'i-7');
    const body = text();
    expect(body).toContain('限期返校通知书');
    expect(text('notice-number')).toBe('〔2026〕第3号');
    expect(body).toContain('张大山（父亲）、李小花（母亲）（监护人）');
    expect(body).toContain('张小明（男，2013年5月2日出生，户籍地山东省济宁市嘉祥县疃里镇进士张村）');
    expect(body).toContain('系进士张小学六年级2班学生');
    expect(body).toContain('主要原因：外出务工、家庭经济困难');
    expect(body).toContain('《中华人民共和国义务教育法》第五条、第五十八条');
    expect(text('notice-deadline')).toBe('2026年10月15日');
    expect(text('notice-issuer')).toBe('疃里镇人民政府');
    expect(body).toContain('2026年10月8日');
    expect(text('notice-receipt')).toContain('回执');
    expect(text('notice-receipt')).toContain('你单位〔2026〕第3号《限期返校通知书》已收到');
    expect(text('notice-receipt')).toContain('监护人（签字）');
  });

  it('prints the report to the town and the bureau with the persuasion trail', async () => {
    await render('township_report', REPORT);
    const body = text();
    expect(body).toContain('书面报告');
    expect(text('notice-recipients')).toBe('疃里镇人民政府、济宁经济技术开发区教育局：');
    expect(body).toContain('身份证号370829********0011');
    expect(body).toContain('我单位已开展劝返工作2次，已采取的最高措施为“联合家访”');
    const rows = Array.from(element.querySelectorAll('[data-testid="notice-trail-row"]')).map((r) =>
      (r.textContent ?? '').replace(/\s+/g, ''),
    );
    expect(rows).toEqual(['12026年9月10日家访拒绝返校', '22026年9月20日联合家访']);
    expect(body).toContain('特报请疃里镇人民政府、济宁经济技术开发区教育局依法督促');
    expect(text('notice-issuer')).toBe('进士张小学');
    expect(element.querySelector('[data-testid="notice-receipt"]')).toBeNull();
  });

  it('keeps the document in Chinese when the app is in English, translating only the toolbar', async () => {
    TestBed.inject(LanguageService).use('en');
    await render('written_order', aNotice(), 'i-7');
    await settle();
    expect(text()).toContain('限期返校通知书');
    expect(element.querySelector('[data-testid="notice-print"]')?.textContent?.trim()).toBe('Print');
  });

  it('prints with the browser when asked', async () => {
    const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
    await render('township_report', REPORT);
    element.querySelector<HTMLButtonElement>('[data-testid="notice-print"]')?.click();
    expect(print).toHaveBeenCalledTimes(1);
    print.mockRestore();
  });

  it('says so when the notice cannot be found', async () => {
    fixture = TestBed.createComponent(CaseNoticePage);
    fixture.componentRef.setInput('id', 'c-1');
    fixture.componentRef.setInput('kind', 'written_order');
    fixture.componentRef.setInput('interventionId', 'i-x');
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend
      .expectOne('/api/cases/c-1/notices/written-order/i-x')
      .flush({ statusCode: 404, error: 'Not Found', message: 'x' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(element.textContent).toContain('记录不存在');
    expect(element.querySelector<HTMLButtonElement>('[data-testid="notice-print"]')?.disabled).toBe(true);
  });
});

describe('notice wording', () => {
  it.each([
    ['2026-09-07', '2026年9月7日'],
    [null, '　　年　　月　　日'],
  ])('writes %s as %s', (day, written) => {
    expect(chineseDate(day)).toBe(written);
  });

  it.each([
    ['3', '〔2026〕第3号'],
    ['007', '〔2026〕第7号'],
    ['疃政通〔2026〕12号', '疃政通〔2026〕12号'],
    [null, '〔2026〕第　　号'],
  ])('numbers the order %s as %s', (number, written) => {
    expect(orderNumberText(number, '2026-10-08')).toBe(written);
  });
});
