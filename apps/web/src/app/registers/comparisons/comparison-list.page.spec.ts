import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ComparisonRunSummary } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { AuthStore } from '../../auth/auth.store';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { ComparisonListPage } from './comparison-list.page';

const RUN: ComparisonRunSummary = {
  id: 'run-1',
  status: 'completed',
  region: { id: 'r-county', name: '嘉祥县', path: '/37/3708/370829/' },
  asOf: '2026-12-01',
  ageFrom: 6,
  ageTo: 15,
  counts: { never_enrolled: 3, dropout: 2, priority: 1 },
  statusCounts: { new: 6 },
  createdBy: { id: 'u-1', name: '王科员' },
  createdAt: '2026-12-01T02:00:00.000Z',
  finishedAt: '2026-12-01T02:00:03.000Z',
  failure: null,
};

describe(ComparisonListPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ComparisonListPage>;
  const { settle, byTestId, all } = pageQueries(() => fixture);
  /** The region picker reads the scope's regions; no region is picked in these tests. */
  const answerRegions = () => backend.match((r) => r.url === '/api/regions').forEach((r) => r.flush([]));

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ComparisonListPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthStore).user.set(aUser({ role: 'bureau_officer' }));
    fixture = TestBed.createComponent(ComparisonListPage);
    await settle();
    answerRegions();
    backend
      .expectOne((r) => r.url === '/api/registers/comparisons')
      .flush({ items: [RUN], total: 1, page: 1, pageSize: 20 });
    await settle();
  });

  afterEach(() => {
    answerRegions();
    backend.verify();
  });

  it('lists the runs with their counts by category', () => {
    const rows = all('comparison-row');
    expect(rows).toHaveLength(1);
    expect(rows[0].getAttribute('data-status')).toBe('completed');
    expect(Array.from(rows[0].querySelectorAll('td.num')).map((td) => td.textContent?.trim())).toEqual([
      '3',
      '2',
      '1',
    ]);
    expect(rows[0].textContent).toContain('6–15周岁');
    expect(byTestId('comparison-link', rows[0])?.getAttribute('href')).toBe('/registers/comparisons/run-1');
  });

  it('starts a run for today in China, school age 6–15 by default, and opens it', async () => {
    expect((byTestId('comparison-as-of') as HTMLInputElement).value).toBe(chinaToday(new Date()));
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    (byTestId('comparison-start') as HTMLButtonElement).click();
    await settle();
    const start = backend.expectOne({ method: 'POST', url: '/api/registers/comparisons' });
    expect(start.request.body).toEqual({ asOf: chinaToday(new Date()), ageFrom: 6, ageTo: 15 });
    start.flush({ ...RUN, id: 'run-2', status: 'queued' }, { status: 202, statusText: 'Accepted' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/registers/comparisons', 'run-2']);
  });

  it('shows why a run could not start', async () => {
    (byTestId('comparison-start') as HTMLButtonElement).click();
    await settle();
    backend.expectOne('/api/registers/comparisons').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid',
        details: [{ field: 'asOf', rule: 'no_household_register', message: '该区域尚无已导入的户籍名册' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(byTestId('comparison-start-failure')?.textContent).toContain('该区域尚无已导入的户籍名册');
  });
});
