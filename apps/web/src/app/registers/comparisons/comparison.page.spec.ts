import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ComparisonFindingView, ComparisonRunDetail } from '@baoxue/contracts';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { REGISTER_POLL_MS } from '../registers.api';
import { ComparisonPage } from './comparison.page';

const BASE = '/api/registers/comparisons/run-1';

function aRun(overrides: Partial<ComparisonRunDetail> = {}): ComparisonRunDetail {
  return {
    id: 'run-1',
    status: 'completed',
    region: { id: 'r-county', name: '嘉祥县', path: '37.3708.370829.' },
    asOf: '2026-12-02',
    ageFrom: 6,
    ageTo: 15,
    counts: { never_enrolled: 2, dropout: 1, priority: 0 },
    statusCounts: { new: 2, needs_confirmation: 1 },
    createdBy: { id: 'u-1', name: '王科员' },
    createdAt: '2026-12-02T03:00:00.000Z',
    finishedAt: '2026-12-02T03:00:05.000Z',
    failure: null,
    imports: [
      {
        id: 'i-1',
        kind: 'household',
        fileName: '户籍.csv',
        committedAt: '2026-12-02T02:30:00.000Z',
        rows: 10,
      },
    ],
    byRegion: [
      {
        regionId: 'r-town',
        name: '疃里镇',
        path: '37.3708.370829.370829104.',
        counts: { never_enrolled: 2, dropout: 1, priority: 0 },
      },
    ],
    ...overrides,
  };
}

function aFinding(overrides: Partial<ComparisonFindingView>): ComparisonFindingView {
  return {
    id: 'f-1',
    category: 'never_enrolled',
    status: 'new',
    match: 'none',
    fullName: '李小花',
    sex: 'female',
    birthDate: '2016-05-01',
    idNumberMasked: '370829********1021',
    village: { id: 'r-village', name: '进士张村', path: '37.3708.370829.370829104.370829104201.' },
    school: { id: 'o-school', name: '疃里镇中心小学' },
    reasons: ['户籍在本县，无学籍记录'],
    studentId: null,
    candidate: null,
    caseId: null,
    version: 1,
    ...overrides,
  };
}

const FINDINGS = [
  aFinding({ id: 'f-1' }),
  aFinding({ id: 'f-2', fullName: '王小军', sex: 'male', category: 'dropout' }),
  aFinding({
    id: 'f-3',
    fullName: '赵小兰',
    status: 'needs_confirmation',
    match: 'candidate',
    idNumberMasked: null,
    candidate: { studentId: 's-9', fullName: '赵小兰', schoolName: '嘉祥县第一中学' },
  }),
];

describe(ComparisonPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ComparisonPage>;

  const { settle, byTestId, all, text } = pageQueries(() => fixture);
  const button = (id: string, root?: ParentNode): HTMLButtonElement =>
    byTestId(id, root) as HTMLButtonElement;

  async function answerRun(run: ComparisonRunDetail): Promise<void> {
    backend.expectOne({ method: 'GET', url: BASE }).flush(run);
    await settle();
  }

  async function answerFindings(items: ComparisonFindingView[], query = ''): Promise<void> {
    backend
      .expectOne((r) => r.url === `${BASE}/findings` && r.params.toString().includes(query))
      .flush({ items, total: items.length, page: 1, pageSize: 50 });
    await settle();
  }

  async function open(run: ComparisonRunDetail): Promise<void> {
    fixture = TestBed.createComponent(ComparisonPage);
    fixture.componentRef.setInput('id', 'run-1');
    await settle();
    await answerRun(run);
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ComparisonPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        { provide: REGISTER_POLL_MS, useValue: 0 },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('follows a queued run until it completes, then shows counts by category and region', async () => {
    await open(aRun({ status: 'queued', counts: { never_enrolled: 0, dropout: 0, priority: 0 } }));
    expect(byTestId('comparison-running')?.textContent).toContain('正在比对');
    await answerRun(aRun({ status: 'running', counts: { never_enrolled: 0, dropout: 0, priority: 0 } }));
    await answerRun(aRun());
    await answerFindings(FINDINGS);

    const counts = Object.fromEntries(
      all('comparison-count').map((card) => [
        card.getAttribute('data-category'),
        byTestId('comparison-count-value', card)?.textContent?.trim(),
      ]),
    );
    expect(counts).toEqual({ never_enrolled: '2', dropout: '1', priority: '0' });
    expect(all('comparison-count')[0].textContent).toContain('适龄未入学');
    expect(byTestId('comparison-regions')?.textContent).toContain('疃里镇');
    expect(byTestId('comparison-imports')?.textContent).toContain('户籍.csv');
    expect(all('finding-row').map((r) => r.getAttribute('data-finding-id'))).toEqual(['f-1', 'f-2', 'f-3']);
    expect(byTestId('findings-download')?.getAttribute('href')).toBe(`${BASE}/findings.xlsx`);
  });

  it('routes the selected findings, then every new one', async () => {
    await open(aRun());
    await answerFindings(FINDINGS);
    // Only new findings can be picked: the candidate waits for a person.
    expect(all('finding-select')).toHaveLength(2);
    expect(button('findings-route-selected').disabled).toBe(true);

    (all('finding-select')[1] as HTMLInputElement).click();
    await settle();
    expect(text('findings-route-selected')).toContain('(1)');
    button('findings-route-selected').click();
    await settle();
    const route = backend.expectOne({ method: 'POST', url: `${BASE}/route` });
    expect(route.request.body).toEqual({ findingIds: ['f-2'] });
    route.flush({ raised: 1, covered: 0, caseIds: ['c-2'] });
    await settle();
    await answerRun(aRun({ statusCounts: { new: 1, raised: 1, needs_confirmation: 1 } }));
    await answerFindings([FINDINGS[0], { ...FINDINGS[1], status: 'raised', caseId: 'c-2' }, FINDINGS[2]]);
    expect(text('findings-routed')).toBe('已生成 1 个疑似辍学个案');
    expect(byTestId('finding-case')?.getAttribute('href')).toBe('/cases/c-2');

    (byTestId('findings-select-all') as HTMLInputElement).click();
    await settle();
    expect(text('findings-route-selected')).toContain('(1)');

    // 全部派发 asks first (a popconfirm), then routes every new finding of the run.
    const routing = (fixture.componentInstance as ComparisonPage).routeAll();
    await settle();
    const all2 = backend.expectOne({ method: 'POST', url: `${BASE}/route` });
    expect(all2.request.body).toEqual({ all: true });
    all2.flush({ raised: 1, covered: 1, caseIds: ['c-1'] });
    await settle();
    await answerRun(aRun({ statusCounts: { raised: 2, needs_confirmation: 1 } }));
    await answerFindings(FINDINGS.slice(2));
    await routing;
    expect(text('findings-routed')).toBe('已生成 1 个疑似辍学个案，1 人已有在办个案');
    expect(button('findings-route-all').disabled).toBe(true);
  });

  it('lets a person decide a candidate match: same, different or dismiss', async () => {
    await open(aRun());
    await answerFindings(FINDINGS);
    const candidate = all('finding-row')[2];
    expect(candidate.getAttribute('data-match')).toBe('candidate');
    expect(byTestId('finding-candidate', candidate)?.textContent).toContain('赵小兰（嘉祥县第一中学）');
    expect(byTestId('finding-status', candidate)?.textContent).toContain('待人工确认');
    expect(all('finding-same')).toHaveLength(1);

    button('finding-different', candidate).click();
    await settle();
    const confirm = backend.expectOne({ method: 'POST', url: '/api/registers/findings/f-3/confirm' });
    expect(confirm.request.body).toEqual({ decision: 'different', version: 1 });
    confirm.flush({});
    await settle();
    await answerRun(aRun({ statusCounts: { new: 3 } }));
    await answerFindings([...FINDINGS.slice(0, 2), { ...FINDINGS[2], status: 'new', version: 2 }]);
    expect(all('finding-same')).toHaveLength(0);
    expect(all('finding-select')).toHaveLength(3);
  });

  it('filters the findings by category and status', async () => {
    await open(aRun());
    await answerFindings(FINDINGS);
    const category = byTestId('findings-filter-category') as HTMLSelectElement;
    category.value = 'dropout';
    category.dispatchEvent(new Event('change'));
    await settle();
    await answerFindings([FINDINGS[1]], 'category=dropout');
    expect(all('finding-row')).toHaveLength(1);
  });
});
