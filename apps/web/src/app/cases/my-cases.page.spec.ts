import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MyCaseSummary, Page } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { MyCasesPage } from './my-cases.page';

/** A day `days` from today (China time), YYYY-MM-DD. */
const day = (days: number): string => chinaToday(new Date(Date.now() + days * 86_400_000));

function aCase(id: string, name: string, overrides: Partial<MyCaseSummary> = {}): MyCaseSummary {
  return {
    id,
    student: { id: `s-${id}`, fullName: name, idNumberMasked: '370829********0011' },
    type: 'suspected_dropout',
    source: 'school_attendance',
    primaryReason: 'learning_difficulty',
    state: 'persuading',
    closingRequested: false,
    school: null,
    openedAt: '2026-09-01T08:00:00Z',
    closedAt: null,
    version: 2,
    updatedAt: '2026-09-01T08:00:00Z',
    persuasionAttempts: 1,
    highestStep: 'visit_or_call',
    lastInterventionOn: '2026-09-03',
    nextFollowUpOn: day(3),
    overdue: false,
    ...overrides,
  };
}

const page = (items: MyCaseSummary[]): Page<MyCaseSummary> => ({
  items,
  total: items.length,
  page: 1,
  pageSize: 20,
});

describe(MyCasesPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<MyCasesPage>;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [MyCasesPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MyCasesPage);
  });

  afterEach(() => backend.verify());

  it('lists my cases in the API order, each linking to its case, and marks overdue follow-ups', async () => {
    await fixture.whenStable();
    const request = backend.expectOne((r) => r.url === '/api/cases/mine');
    expect(request.request.params.get('page')).toBe('1');
    request.flush(
      page([
        aCase('c-1', '张小明', { nextFollowUpOn: day(-2), overdue: true, persuasionAttempts: 3 }),
        aCase('c-2', '李小红', { nextFollowUpOn: day(1), state: 'monitoring' }),
        aCase('c-3', '王小刚', { nextFollowUpOn: null, lastInterventionOn: null }),
      ]),
    );
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    const rows = Array.from(element.querySelectorAll<HTMLAnchorElement>('[data-testid="my-case-row"]'));
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.getAttribute('href'))).toEqual(['/cases/c-1', '/cases/c-2', '/cases/c-3']);

    expect(rows[0].textContent).toContain('张小明');
    expect(rows[0].textContent).toContain('370829********0011');
    expect(rows[0].textContent).toContain('劝返中');
    expect(rows[0].textContent).toContain('2026-09-03');
    expect(rows[0].textContent).toContain(day(-2));
    expect(rows[0].textContent).toContain('劝返 3 次');
    expect(rows[0].classList).toContain('overdue');
    expect(rows[0].classList).toContain('flagged');
    expect(rows[0].querySelector('[data-testid="my-case-follow-up"]')?.textContent).toContain(day(-2));
    expect(rows[0].querySelector('[data-testid="my-case-overdue"]')?.textContent?.trim()).toBe('已逾期');

    expect(rows[1].classList).not.toContain('overdue');
    expect(rows[1].querySelector('[data-testid="my-case-overdue"]')).toBeNull();
    expect(rows[2].classList).not.toContain('overdue');
    expect(rows[2].textContent).toContain('尚无记录');
  });

  it('says when there is nothing to follow up', async () => {
    await fixture.whenStable();
    backend.expectOne((r) => r.url === '/api/cases/mine').flush(page([]));
    await settle();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('暂无需要您跟进的个案');
  });
});
