import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { RegisterImportSummary } from '@baoxue/contracts';
import { AuthStore } from '../../auth/auth.store';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { ImportListPage } from './import-list.page';

function aSummary(overrides: Partial<RegisterImportSummary>): RegisterImportSummary {
  return {
    id: 'i-1',
    kind: 'household',
    status: 'committed',
    fileName: '户籍.csv',
    fileSize: 2048,
    format: 'csv',
    encoding: 'utf-8',
    region: { id: 'r-county', name: '嘉祥县', path: '/37/3708/370829/' },
    counts: { rows: 10, valid: 8, invalid: 2, imported: 8 },
    createdBy: { id: 'u-1', name: '王科员' },
    createdAt: '2026-12-02T02:00:00.000Z',
    validatedAt: null,
    committedAt: null,
    failure: null,
    version: 3,
    ...overrides,
  };
}

describe(ImportListPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ImportListPage>;
  const { settle, byTestId, all } = pageQueries(() => fixture);

  async function open(role: 'bureau_officer' | 'department_liaison'): Promise<void> {
    TestBed.inject(AuthStore).user.set(aUser({ role }));
    fixture = TestBed.createComponent(ImportListPage);
    await settle();
    backend
      .expectOne((r) => r.url === '/api/registers/imports')
      .flush({
        items: [aSummary({}), aSummary({ id: 'i-0', status: 'superseded' })],
        total: 2,
        page: 1,
        pageSize: 20,
      });
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ImportListPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('lists the imports with their status, counts and a link to each', async () => {
    await open('bureau_officer');
    const rows = all('import-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['committed', 'superseded']);
    expect(rows[0].textContent).toContain('户籍人口（公安）');
    expect(rows[0].textContent).toContain('已导入');
    expect(rows[0].textContent).toContain('8 / 10');
    expect(byTestId('import-link', rows[0])?.getAttribute('href')).toBe('/registers/imports/i-1');
    expect(byTestId('registers-tab-comparisons')).not.toBeNull();
  });

  it('offers the comparisons only to those who may run them', async () => {
    await open('department_liaison');
    expect(byTestId('registers-tab-comparisons')).toBeNull();
  });

  it('uploads the kind before the file, then opens the new import', async () => {
    await open('bureau_officer');
    const submit = byTestId('register-upload-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);

    const kind = byTestId('register-kind') as HTMLSelectElement;
    kind.value = 'household';
    kind.dispatchEvent(new Event('change'));
    const input = byTestId('register-file') as HTMLInputElement;
    const file = new File(['姓名'], '户籍.xlsx');
    Object.defineProperty(input, 'files', { value: { item: (i: number) => (i === 0 ? file : null) } });
    input.dispatchEvent(new Event('change'));
    await settle();
    expect(submit.disabled).toBe(false);

    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    submit.click();
    await settle();
    const upload = backend.expectOne({ method: 'POST', url: '/api/registers/imports' });
    const body = upload.request.body as FormData;
    expect([...body.keys()]).toEqual(['kind', 'file']);
    expect(body.get('kind')).toBe('household');
    upload.flush({ ...aSummary({ id: 'i-9', status: 'uploaded' }) }, { status: 201, statusText: 'Created' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/registers/imports', 'i-9']);
  });

  it('refuses a file that is not .csv or .xlsx', async () => {
    await open('bureau_officer');
    const input = byTestId('register-file') as HTMLInputElement;
    const file = new File(['x'], 'notes.docx');
    Object.defineProperty(input, 'files', { value: { item: (i: number) => (i === 0 ? file : null) } });
    input.dispatchEvent(new Event('change'));
    await settle();
    expect(byTestId('register-file-wrong-type')).not.toBeNull();
    expect((byTestId('register-upload-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});
