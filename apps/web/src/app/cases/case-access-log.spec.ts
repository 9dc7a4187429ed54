import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CaseAccessEntry, Page } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { CaseAccessLog } from './case-access-log';

const entry = (id: string, overrides: Partial<CaseAccessEntry> = {}): CaseAccessEntry => ({
  id,
  at: '2026-09-02T01:05:00Z',
  actorName: '刘专干',
  actorRole: 'bureau_officer',
  action: 'case.read',
  reason: null,
  clientAddress: null,
  ...overrides,
});

const page = (items: CaseAccessEntry[], total: number, at = 1): Page<CaseAccessEntry> => ({
  items,
  total,
  page: at,
  pageSize: 10,
});

describe(CaseAccessLog.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseAccessLog>;
  let element: HTMLElement;

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const expectLog = (): TestRequest => backend.expectOne((r) => r.url === '/api/cases/c-1/access-log');
  const entries = (): string[] =>
    Array.from(element.querySelectorAll('[data-testid="case-access-entry"]')).map((e) =>
      (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CaseAccessLog],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CaseAccessLog);
    fixture.componentRef.setInput('caseId', 'c-1');
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    backend.verify();
    fixture.destroy();
  });

  it('lists who did what and when, newest first as the API gives it, and pages on', async () => {
    const first = expectLog();
    expect(first.request.params.get('page')).toBe('1');
    first.flush(
      page(
        [
          entry('a-3', { action: 'case.notice' }),
          entry('a-2', { action: 'student.reveal', reason: '核实户籍', clientAddress: '10.0.0.8' }),
          entry('a-1', { actorName: null, actorRole: null }),
        ],
        12,
      ),
    );
    await settle();
    expect(entries()).toEqual([
      '生成文书 2026-09-02 09:05 刘专干 · 控辍保学专干',
      '查看完整个人信息 2026-09-02 09:05 刘专干 · 控辍保学专干 · 10.0.0.8 事由：核实户籍',
      '查看个案 2026-09-02 09:05 （系统）',
    ]);
    element.querySelector<HTMLElement>('.ant-pagination-next')?.click();
    const second = expectLog();
    expect(second.request.params.get('page')).toBe('2');
    second.flush(page([entry('a-0', { action: 'case.open' })], 12, 2));
    await settle();
    expect(entries()).toEqual(['开案 2026-09-02 09:05 刘专干 · 控辍保学专干']);
  });

  it('says when nobody has looked yet, and offers a retry after a failure', async () => {
    expectLog().flush(
      { statusCode: 403, error: 'Forbidden', message: 'x' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(element.textContent).toContain('您没有权限进行此操作');
    element.querySelector<HTMLButtonElement>('bx-list-error button')?.click();
    expectLog().flush(page([], 0));
    await settle();
    expect(element.textContent).toContain('暂无记录');
  });
});
