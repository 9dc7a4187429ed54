import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type {
  AttendanceCounts,
  AttendanceSummary,
  AttendanceSummaryRow,
  DashboardNode,
} from '@baoxue/contracts';
import { aNode, OTHER_TOWN, TOWN, ZONE } from '../../shared/testing/drill-nodes';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { AttendanceSummaryPage } from './attendance-summary.page';
import { canDrillInto } from './summary-links';

const SCHOOL = 'school:00000000-0000-4000-8000-0000000000d1';

function counts(
  expected: number,
  absent: number,
  notTaken = 0,
  overrides: Partial<AttendanceCounts> = {},
): AttendanceCounts {
  return {
    expected,
    present: expected - absent,
    absent,
    late: 1,
    excused: absent > 0 ? 1 : 0,
    unexcused: Math.max(0, absent - 1),
    classesNotTaken: notTaken,
    classes: 10,
    ...overrides,
  };
}

function row(node: DashboardNode, c: AttendanceCounts): AttendanceSummaryRow {
  return { node, ...c };
}

function aSummary(
  node: DashboardNode,
  c: AttendanceCounts,
  children: AttendanceSummaryRow[],
  date = '2026-12-01',
): AttendanceSummary {
  return { node, date, ...c, children };
}

const ZONE_SUMMARY = aSummary(aNode(ZONE, '济宁经济技术开发区', null, 'zone'), counts(1200, 30, 2), [
  row(aNode(OTHER_TOWN, '马集镇', ZONE), counts(500, 5)),
  row(aNode(TOWN, '疃里镇', ZONE), counts(700, 25, 2)),
]);

describe(AttendanceSummaryPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<AttendanceSummaryPage>;

  const { settle, byTestId, all, text } = pageQueries(() => fixture);
  const summaryRequest = (): TestRequest => backend.expectOne((r) => r.url === '/api/attendance/summary');

  async function visit(node?: string, date?: string): Promise<void> {
    if (node) fixture.componentRef.setInput('node', node);
    if (date) fixture.componentRef.setInput('date', date);
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AttendanceSummaryPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AttendanceSummaryPage);
  });

  afterEach(() => backend.verify());

  it('shows 应到/实到/未到 of the scope root for the day, units with classes yet to take the roll first', async () => {
    await visit(undefined, '2026-12-01');
    const request = summaryRequest();
    expect(request.request.params.get('node')).toBeNull();
    expect(request.request.params.get('date')).toBe('2026-12-01');
    request.flush(ZONE_SUMMARY);
    await settle();

    expect(text('summary-node-name')).toBe('济宁经济技术开发区');
    expect([text('summary-expected'), text('summary-present'), text('summary-absent')]).toEqual([
      '1200',
      '1170',
      '30',
    ]);
    expect(text('summary-not-taken')).toContain('2 / 10');
    expect(all('summary-row').map((r) => r.getAttribute('data-ref'))).toEqual([TOWN, OTHER_TOWN]);
    expect(all('summary-row')[0].textContent).toMatch(/疃里镇\s*700\s*675\s*25/);
  });

  it('drills into a unit keeping the day, and back up through the breadcrumb', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await visit(undefined, '2026-12-01');
    summaryRequest().flush(ZONE_SUMMARY);
    await settle();

    all('summary-row-link')[0].click();
    expect(navigate).toHaveBeenLastCalledWith([], {
      queryParams: { node: TOWN, date: '2026-12-01' },
      queryParamsHandling: 'replace',
    });

    await visit(TOWN);
    const request = summaryRequest();
    expect(request.request.params.get('node')).toBe(TOWN);
    request.flush(
      aSummary(aNode(TOWN, '疃里镇', ZONE), counts(700, 25, 2), [
        row(aNode(SCHOOL, '进士张小学', TOWN, 'school'), counts(300, 10, 1)),
      ]),
    );
    await settle();
    expect(all('crumb').map((c) => c.textContent?.trim())).toEqual(['济宁经济技术开发区']);
    expect(text('crumb-current')).toBe('疃里镇');

    all('crumb')[0].click();
    expect(navigate).toHaveBeenLastCalledWith([], {
      queryParams: { node: ZONE, date: '2026-12-01' },
      queryParamsHandling: 'replace',
    });
  });

  it('keeps the path drilled in the breadcrumb even when a school’s parent is a village', async () => {
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const village = 'region:00000000-0000-4000-8000-0000000000e1';
    await visit(TOWN);
    summaryRequest().flush(
      aSummary(aNode(TOWN, '疃里镇', ZONE), counts(700, 25, 2), [
        row(aNode(SCHOOL, '进士张小学', village, 'school'), counts(300, 10, 1)),
      ]),
    );
    await settle();
    expect(all('crumb').map((c) => c.textContent?.trim())).toEqual(['上一级']);

    all('summary-row-link')[0].click();
    await visit(SCHOOL);
    summaryRequest().flush(aSummary(aNode(SCHOOL, '进士张小学', village, 'school'), counts(300, 10, 1), []));
    await settle();
    expect(all('crumb').map((c) => c.textContent?.trim())).toEqual(['上一级', '疃里镇']);
    expect(text('crumb-current')).toBe('进士张小学');
  });

  it('lists a school’s classes without links: they are the last level', async () => {
    await visit(SCHOOL);
    summaryRequest().flush(
      aSummary(aNode(SCHOOL, '进士张小学', TOWN, 'school'), counts(90, 3), [
        row(aNode('class:s:3:1班', '3年级 1班', SCHOOL, 'school'), counts(45, 0)),
        row(aNode('class:s:3:2班', '3年级 2班', SCHOOL, 'school'), counts(45, 3, 1)),
      ]),
    );
    await settle();
    // In the school's own order, not re-sorted.
    expect(all('summary-row').map((r) => r.getAttribute('data-ref'))).toEqual([
      'class:s:3:1班',
      'class:s:3:2班',
    ]);
    expect(all('summary-row-link')).toHaveLength(0);
    expect(canDrillInto(SCHOOL)).toBe(true);
    expect(canDrillInto(TOWN)).toBe(true);
    expect(canDrillInto('class:s:3:1班')).toBe(false);
  });

  it('a day in the future is read as today; a node out of scope is not found', async () => {
    await visit('region:00000000-0000-4000-8000-0000000000ff', '2999-01-01');
    const request = summaryRequest();
    expect(request.request.params.get('date')).not.toBe('2999-01-01');
    request.flush({ statusCode: 404, message: 'not found' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(byTestId('summary-not-found')).not.toBeNull();
    expect(byTestId('summary-headline')).toBeNull();
  });
});
