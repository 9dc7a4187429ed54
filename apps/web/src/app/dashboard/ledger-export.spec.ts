import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { LedgerExportView } from '@baoxue/contracts';
import { provideTestI18n } from '../testing/i18n-testing';
import { chinaToday } from './dashboard-links';
import { LedgerExport, ledgerFileName } from './ledger-export';

const NODE = 'region:00000000-0000-4000-8000-00000000000b';

function aJob(overrides: Partial<LedgerExportView>): LedgerExportView {
  return {
    id: 'job-1',
    kind: 'school_age',
    node: { ref: NODE, name: '疃里镇' },
    date: '2026-12-02',
    revealed: false,
    status: 'running',
    progress: 40,
    rows: 4000,
    fileName: null,
    createdAt: '2026-12-02T01:00:00Z',
    finishedAt: null,
    expiresAt: '2026-12-03T01:00:00Z',
    ...overrides,
  };
}

describe(LedgerExport.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<LedgerExport>;
  let element: HTMLElement;
  let saved: string[];

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      fixture.detectChanges();
      await new Promise((resolve) => setTimeout(resolve));
    }
  };
  const byTestId = (id: string): HTMLElement | null => element.querySelector(`[data-testid="${id}"]`);
  const submit = (): void => (byTestId('ledger-download') as HTMLButtonElement).click();

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [LedgerExport],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
    saved = [];
    URL.createObjectURL = jest.fn(() => 'blob:ledger');
    URL.revokeObjectURL = jest.fn();
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    fixture = TestBed.createComponent(LedgerExport);
    fixture.componentRef.setInput('node', NODE);
    fixture.componentRef.setInput('nodeName', '疃里镇');
    fixture.componentRef.setInput('pollMs', 0);
    element = fixture.nativeElement as HTMLElement;
    await settle();
  });

  afterEach(() => {
    backend.verify();
    jest.restoreAllMocks();
  });

  it('names the file after the ledger, the node and the day', () => {
    expect(ledgerFileName('dropout', '疃里镇', '2026-12-02')).toBe('辍学学生台账-疃里镇-2026-12-02.xlsx');
    expect(ledgerFileName('suspected', null, '2026-12-02')).toBe('疑似辍学学生台账-2026-12-02.xlsx');
  });

  it('downloads a small ledger directly, for the node and today', async () => {
    submit();
    await settle();
    const request = backend.expectOne((r) => r.url.startsWith('/api/ledgers/dropout/export.xlsx'));
    expect(request.request.urlWithParams).toBe(
      `/api/ledgers/dropout/export.xlsx?node=${NODE}&date=${chinaToday()}`,
    );
    request.flush(new Blob(['xlsx']));
    await settle();
    expect(saved).toEqual([`辍学学生台账-疃里镇-${chinaToday()}.xlsx`]);
    expect(byTestId('ledger-done')).not.toBeNull();
  });

  it('turns a ledger too large for that into an export job, shows its progress, then fetches the file', async () => {
    const select = byTestId('ledger-kind') as HTMLSelectElement;
    select.value = 'school_age';
    select.dispatchEvent(new Event('change'));
    submit();
    await settle();
    backend
      .expectOne((r) => r.url.startsWith('/api/ledgers/school_age/export.xlsx'))
      .flush(new Blob(['too many']), { status: 409, statusText: 'Conflict' });
    await settle();

    const start = backend.expectOne('/api/ledgers/exports');
    expect(start.request.body).toEqual({ kind: 'school_age', node: NODE, date: chinaToday() });
    start.flush({ id: 'job-1' });
    await settle();
    backend.expectOne('/api/ledgers/exports/job-1').flush(aJob({ progress: 40 }));
    await settle();
    expect((byTestId('ledger-progress') as HTMLProgressElement).value).toBe(40);

    backend
      .expectOne('/api/ledgers/exports/job-1')
      .flush(aJob({ status: 'done', progress: 100, fileName: 'a.xlsx' }));
    await settle();
    backend.expectOne('/api/ledgers/exports/job-1/file').flush(new Blob(['xlsx']));
    await settle();
    expect(saved).toEqual(['a.xlsx']);
  });

  it('says when the user may not export', async () => {
    submit();
    await settle();
    backend
      .expectOne((r) => r.url.startsWith('/api/ledgers/dropout/export.xlsx'))
      .flush(new Blob(['no']), { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(byTestId('ledger-error')?.textContent).toContain('您无权导出该台账');
  });
});
