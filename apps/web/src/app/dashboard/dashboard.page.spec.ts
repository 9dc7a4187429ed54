import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Component, input, output } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type {
  Breakdowns,
  ChildNodeStatus,
  DashboardNode,
  NodeFigures,
  NodeStatus,
  ReportingStatus,
  TrendGranularity,
  Trends,
} from '@baoxue/contracts';
import { LanguageService } from '../shared/i18n/language.service';
import { aNode, OTHER_TOWN, TOWN, ZONE } from '../shared/testing/drill-nodes';
import { pageQueries } from '../shared/testing/page-queries';
import { provideTestI18n } from '../testing/i18n-testing';
import { DashboardCharts } from './dashboard-charts';
import { DashboardPage } from './dashboard.page';

/** Charts need a canvas jsdom lacks; the page's logic is what is tested here. */
@Component({ selector: 'bx-dashboard-charts', template: '' })
class ChartsStub {
  readonly trends = input<Trends | null>(null);
  readonly breakdowns = input<Breakdowns | null>(null);
  readonly granularity = input<TrendGranularity>('month');
  readonly granularityChange = output<TrendGranularity>();
  readonly picked = output<unknown>();
}

function figures(open: number, overrides: Partial<NodeFigures> = {}): NodeFigures {
  return {
    open,
    toClear: 2,
    monitoring: 3,
    returnedThisTerm: 4,
    placedThisTerm: 1,
    excludedThisTerm: 0,
    closedThisTerm: 5,
    overdueItems: 6,
    atZero: open === 0,
    ...overrides,
  };
}

function child(ref: string, name: string, open: number): ChildNodeStatus {
  return { node: aNode(ref, name, ZONE), figures: figures(open), enrolled: 1000 };
}

function aStatus(node: DashboardNode, open: number, children: ChildNodeStatus[]): NodeStatus {
  const rate = { schoolYear: '2026-2027', dropouts: 1, enrolledAtStart: 1000, rate: 0.1 };
  return {
    node,
    asOf: null,
    figures: figures(open),
    context: { enrolled: 20231, enrolledPrimary: 14000, enrolledJunior: 6231, flags: {} as never },
    dropoutRates: { total: rate, primary: rate, junior: { ...rate, rate: null } },
    regionsNotAtZero: open > 0 ? 1 : 0,
    children,
  };
}

const ZONE_STATUS = aStatus(aNode(ZONE, '济宁经济技术开发区', null, 'zone'), 1, [
  child(OTHER_TOWN, '马集镇', 0),
  child(TOWN, '疃里镇', 1),
]);

function reporting(): ReportingStatus {
  const school = (id: string, name: string, submitted: boolean) => ({
    school: { ref: `school:${id}`, id, name, regionName: '疃里镇', path: '/p/' },
    submitted,
    submittedAt: null,
    submittedByName: null,
    dueOn: '2026-12-28',
    overdue: false,
    snapshotId: null,
  });
  return {
    items: [school('s1', '进士张小学', false), school('s2', '明德小学', true)],
    total: 2,
    page: 1,
    pageSize: 20,
    node: { ref: ZONE, kind: 'zone', name: '济宁经济技术开发区', path: '/p/' },
    period: { kind: 'month', id: '2026-12', from: '2026-12-01', to: '2026-12-31' },
    counts: { schools: 33, submitted: 32, missing: 1, overdue: 0 },
  };
}

describe(DashboardPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<DashboardPage>;

  const { settle, byTestId, all } = pageQueries(() => fixture);

  /** Answers the page's side requests (everything but the status) with empty data. */
  function answerSides(): void {
    backend
      .match((r) => r.url === '/api/dashboard/trends')
      .forEach((r) => r.flush({ node: null, granularity: 'month', points: [] }));
    backend
      .match((r) => r.url === '/api/dashboard/breakdowns')
      .forEach((r) => r.flush({ node: null, byReason: [], byGrade: [], bySource: [], byFlag: [] }));
    backend.match((r) => r.url === '/api/dashboard/overdue').forEach((r) => r.flush([]));
    backend.match((r) => r.url === '/api/dashboard/longest-open').forEach((r) => r.flush([]));
    backend.match((r) => r.url === '/api/reporting/status').forEach((r) => r.flush(reporting()));
  }

  function statusRequest(): TestRequest {
    return backend.expectOne((r) => r.url === '/api/dashboard/status');
  }

  async function visit(node?: string, asOf?: string): Promise<void> {
    if (node) fixture.componentRef.setInput('node', node);
    if (asOf) fixture.componentRef.setInput('asOf', asOf);
    await settle();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [DashboardPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    TestBed.overrideComponent(DashboardPage, {
      remove: { imports: [DashboardCharts] },
      add: { imports: [ChartsStub] },
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardPage);
  });

  afterEach(() => backend.verify());

  it('shows the scope root not at zero, its figures as links to the cases behind them', async () => {
    await visit();
    const request = statusRequest();
    expect(request.request.params.keys()).toEqual([]);
    request.flush(ZONE_STATUS);
    answerSides();
    await settle();

    expect(byTestId('dashboard-headline')?.getAttribute('data-at-zero')).toBe('false');
    expect(byTestId('dashboard-zero')?.textContent).toContain('未清零');
    expect(byTestId('dashboard-open')?.textContent).toContain('劝返中 1 人');
    expect(byTestId('dashboard-regions-not-at-zero')?.textContent).toContain('1 个村(社区)未清零');
    const openFigure = byTestId('figure-open') as HTMLAnchorElement;
    expect(openFigure.textContent).toContain('1');
    expect(openFigure.getAttribute('href')).toBe(
      `/cases?householdRegionId=${ZONE.slice(7)}&state=persuading`,
    );
    expect(byTestId('figure-overdueItems')?.getAttribute('href')).toBe(
      `/cases?householdRegionId=${ZONE.slice(7)}&overdueItems=true`,
    );
    // 待核查 is suspected + verifying: one link each.
    expect(byTestId('figure-verifying')?.getAttribute('href')).toBe(
      `/cases?householdRegionId=${ZONE.slice(7)}&state=verifying`,
    );
    expect(all('child-row').map((row) => row.getAttribute('data-ref'))).toEqual([TOWN, OTHER_TOWN]);
    expect(byTestId('reporting-missing')?.textContent).toContain('未报送 1 / 33 所');
    expect(all('reporting-school').map((s) => s.textContent)).toEqual([
      expect.stringContaining('进士张小学'),
    ]);
  });

  it('drills into a child by navigating with its node, keeping the as-of day', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await visit(undefined, '2026-11-30');
    const request = statusRequest();
    expect(request.request.params.get('asOf')).toBe('2026-11-30');
    request.flush(ZONE_STATUS);
    answerSides();
    await settle();

    all('child-row')[0].click();
    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: { node: TOWN, asOf: '2026-11-30' },
      queryParamsHandling: 'replace',
    });
  });

  it('asks for the node in the URL and keeps a breadcrumb back up', async () => {
    await visit();
    statusRequest().flush(ZONE_STATUS);
    answerSides();
    await settle();

    await visit(TOWN);
    const request = statusRequest();
    expect(request.request.params.get('node')).toBe(TOWN);
    request.flush(aStatus(aNode(TOWN, '疃里镇', ZONE), 1, []));
    answerSides();
    await settle();

    expect(all('crumb').map((c) => c.textContent?.trim())).toEqual(['济宁经济技术开发区']);
    expect(byTestId('crumb-current')?.textContent).toContain('疃里镇');
    expect(byTestId('dashboard-no-children')).not.toBeNull();
    expect(byTestId('figure-open')?.getAttribute('href')).toContain(`householdRegionId=${TOWN.slice(7)}`);
  });

  it('says a node outside the scope is not found, and offers the way back', async () => {
    await visit('region:00000000-0000-4000-8000-0000000000ff');
    statusRequest().flush({ message: 'not found' }, { status: 404, statusText: 'Not Found' });
    answerSides();
    await settle();
    expect(byTestId('dashboard-not-found')).not.toBeNull();
    expect(byTestId('dashboard-headline')).toBeNull();
  });

  it('offers a retry when the figures fail to load', async () => {
    await visit();
    statusRequest().flush({}, { status: 500, statusText: 'Server Error' });
    answerSides();
    await settle();
    const alert = byTestId('dashboard-error');
    expect(alert).not.toBeNull();
    (alert?.querySelector('button') as HTMLButtonElement).click();
    await settle();
    statusRequest().flush(ZONE_STATUS);
    answerSides();
    await settle();
    expect(byTestId('dashboard-error')).toBeNull();
    expect(byTestId('dashboard-headline')).not.toBeNull();
  });

  it('speaks English after the switch', async () => {
    await visit();
    statusRequest().flush(aStatus(aNode(ZONE, '济宁经济技术开发区', null, 'zone'), 0, []));
    answerSides();
    await settle();
    TestBed.inject(LanguageService).use('en');
    await settle();
    expect(byTestId('dashboard-zero')?.textContent).toContain('At zero');
    expect(byTestId('figure-toClear')?.textContent).toContain('To clear');
  });
});
