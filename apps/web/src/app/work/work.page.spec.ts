import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { WorkItem, WorkList } from '@baoxue/contracts';
import { provideTestI18n } from '../testing/i18n-testing';
import { WorkPage } from './work.page';

function anItem(id: string, overrides: Partial<WorkItem> = {}): WorkItem {
  return {
    id,
    kind: 'follow_up',
    dueOn: '2026-09-10',
    daysOverdue: 0,
    overdue: false,
    stage: null,
    role: 'responsible',
    case: { id: `c-${id}`, studentName: '张*', state: 'persuading' },
    school: null,
    link: `/cases/c-${id}`,
    ...overrides,
  };
}

describe(WorkPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<WorkPage>;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const section = (name: 'overdue' | 'upcoming'): HTMLElement =>
    (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="work-${name}"]`) as HTMLElement;
  const cards = (name: 'overdue' | 'upcoming'): HTMLAnchorElement[] =>
    Array.from(section(name).querySelectorAll<HTMLAnchorElement>('[data-testid="work-item"]'));
  const text = (card: Element, testId: string): string | undefined =>
    card.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [WorkPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WorkPage);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows overdue items in red with days overdue and the escalation stage, upcoming ones below', async () => {
    const list: WorkList = {
      overdue: [
        anItem('1', {
          dueOn: '2026-09-01',
          daysOverdue: 9,
          overdue: true,
          stage: 'next_level',
          role: 'escalated',
        }),
        anItem('2', {
          kind: 'verification',
          dueOn: '2026-09-09',
          daysOverdue: 1,
          overdue: true,
          stage: 'due',
        }),
      ],
      upcoming: [
        anItem('3', { kind: 'monitoring_check_in', daysOverdue: 0 }),
        anItem('4', {
          kind: 'school_report',
          dueOn: '2026-09-28',
          daysOverdue: -18,
          case: null,
          school: { id: 's-1', name: '进士张小学' },
          link: '/work',
        }),
      ],
    };
    backend.expectOne((r) => r.url === '/api/work').flush(list);
    await settle();

    const [escalated, verification] = cards('overdue');
    expect(cards('overdue')).toHaveLength(2);
    expect(escalated.classList).toContain('flagged');
    expect(escalated.getAttribute('href')).toBe('/cases/c-1');
    expect(text(escalated, 'work-kind')).toBe('劝返跟进');
    expect(text(escalated, 'work-when')).toBe('逾期 9 天');
    expect(text(escalated, 'work-subject')).toBe('张*');
    expect(escalated.textContent).toContain('2026-09-01');
    expect(text(escalated, 'work-role')).toBe('上报给我');
    expect(text(escalated, 'work-stage')).toBe('逾期上报上一级');
    // The plain due reminder is no escalation: no stage tag.
    expect(text(verification, 'work-kind')).toBe('核查');
    expect(text(verification, 'work-role')).toBe('责任人');
    expect(verification.querySelector('[data-testid="work-stage"]')).toBeNull();

    const [today, report] = cards('upcoming');
    expect(today.classList).not.toContain('flagged');
    expect(text(today, 'work-kind')).toBe('返校巩固回访');
    expect(text(today, 'work-when')).toBe('今天到期');
    expect(text(report, 'work-subject')).toBe('进士张小学');
    expect(text(report, 'work-when')).toBe('18 天后到期');
    expect(report.getAttribute('href')).toBe('/work');
  });

  it('says when a section is empty, and when a list was cut short', async () => {
    backend
      .expectOne((r) => r.url === '/api/work')
      .flush({ overdue: [anItem('1', { overdue: true, daysOverdue: 2 })], upcoming: [], overdueTotal: 620 });
    await settle();
    expect(section('overdue').querySelector('[data-testid="work-overdue-more"]')?.textContent?.trim()).toBe(
      '共 620 项，仅显示前 1 项',
    );
    expect(section('upcoming').textContent).toContain('近两周没有到期事项');
  });

  it('offers to try again when the list cannot be loaded', async () => {
    backend.expectOne((r) => r.url === '/api/work').flush({}, { status: 500, statusText: 'Server Error' });
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.textContent).toContain('待办加载失败');
    (element.querySelector('nz-alert button') as HTMLButtonElement).click();
    backend.expectOne((r) => r.url === '/api/work').flush({ overdue: [], upcoming: [] });
    await settle();
    expect(element.textContent).not.toContain('待办加载失败');
    expect(section('overdue').textContent).toContain('没有逾期事项');
  });
});
