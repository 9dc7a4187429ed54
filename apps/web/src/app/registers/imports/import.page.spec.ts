import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { RegisterImportDetail, RegisterImportProblem } from '@baoxue/contracts';
import { defaultRegisterMapping } from '@baoxue/domain';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { REGISTER_POLL_MS } from '../registers.api';
import { ImportPage } from './import.page';

const HEADERS = ['姓名', '性别', '出生日期', '身份证号', '户籍地区划代码', '备注'];
const BASE = '/api/registers/imports/i-1';

function anImport(overrides: Partial<RegisterImportDetail> = {}): RegisterImportDetail {
  return {
    id: 'i-1',
    kind: 'household',
    status: 'uploaded',
    fileName: '户籍.csv',
    fileSize: 2048,
    format: 'csv',
    encoding: 'gb18030',
    region: { id: 'r-county', name: '嘉祥县', path: '37.3708.370829.' },
    counts: { rows: 0, valid: 0, invalid: 0, imported: 0 },
    createdBy: { id: 'u-1', name: '王科员' },
    createdAt: '2026-12-02T02:00:00.000Z',
    validatedAt: null,
    committedAt: null,
    failure: null,
    version: 1,
    headers: HEADERS,
    sample: [['张小明', '男', '2015-03-04', '370829********1234', '370829104201', '']],
    mapping: defaultRegisterMapping('household', HEADERS),
    fileProblems: [],
    problemsByRule: {},
    ...overrides,
  };
}

function problem(overrides: Partial<RegisterImportProblem>): RegisterImportProblem {
  return {
    row: 3,
    field: 'birthDate',
    column: '出生日期',
    rule: 'date',
    severity: 'error',
    message: '',
    value: '2015-02-30',
    ...overrides,
  };
}

describe(ImportPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ImportPage>;

  const { settle, byTestId, all, text } = pageQueries(() => fixture);
  const button = (id: string): HTMLButtonElement => byTestId(id) as HTMLButtonElement;
  const select = (id: string): HTMLSelectElement => byTestId(id) as HTMLSelectElement;

  /** Answers the page's read of the import. */
  async function answer(detail: RegisterImportDetail): Promise<void> {
    backend.expectOne({ method: 'GET', url: BASE }).flush(detail);
    await settle();
  }

  async function open(detail: RegisterImportDetail): Promise<void> {
    fixture = TestBed.createComponent(ImportPage);
    fixture.componentRef.setInput('id', 'i-1');
    await settle();
    await answer(detail);
  }

  function answerProblems(items: RegisterImportProblem[], query = ''): void {
    backend
      .expectOne((r) => r.url === `${BASE}/problems` && r.params.toString().includes(query))
      .flush({ items, total: items.length, page: 1, pageSize: 20 });
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ImportPage],
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

  it('maps the columns from the Chinese headers, previews the sample and marks required fields', async () => {
    await open(anImport());
    expect(byTestId('import-steps')?.getAttribute('data-step')).toBe('1');
    expect(select('mapping-fullName').value).toBe('0');
    expect(select('mapping-idNumber').value).toBe('3');
    expect(select('mapping-hukouRegionCode').value).toBe('4');
    expect(select('mapping-guardianName').value).toBe('');
    const required = Array.from(document.querySelectorAll('.mapping-field'))
      .filter((label) => label.querySelector('.required'))
      .map((label) => label.getAttribute('data-field'));
    expect(required).toEqual(['fullName', 'sex', 'birthDate', 'hukouRegionCode']);
    const preview = byTestId('import-preview');
    expect(preview?.querySelector('th')?.textContent).toContain('→ 姓名');
    expect(preview?.querySelector('tbody td')?.textContent).toContain('张小明');
    expect(button('mapping-save').disabled).toBe(true);
  });

  it('saves a changed mapping before the dry run, follows the run and reports each bad row', async () => {
    await open(anImport());
    const guardian = select('mapping-guardianName');
    guardian.value = '5';
    guardian.dispatchEvent(new Event('change'));
    await settle();
    expect(byTestId('mapping-unsaved')).not.toBeNull();

    button('import-dry-run').click();
    await settle();
    const save = backend.expectOne({ method: 'PUT', url: `${BASE}/mapping` });
    expect(save.request.body).toEqual({
      mapping: { ...anImport().mapping, guardianName: 5 },
      version: 1,
    });
    save.flush(anImport({ version: 2 }));
    await settle();
    await answer(anImport({ version: 2, mapping: { ...anImport().mapping, guardianName: 5 } }));

    const dryRun = backend.expectOne({ method: 'POST', url: `${BASE}/dry-run` });
    expect(dryRun.request.body).toEqual({ version: 2 });
    dryRun.flush({}, { status: 202, statusText: 'Accepted' });
    await settle();
    await answer(anImport({ version: 3, status: 'validating' }));
    expect(byTestId('import-validating')?.textContent).toContain('正在逐行检查');

    // The page asks again while the job runs.
    await answer(
      anImport({
        version: 4,
        status: 'validated',
        counts: { rows: 10, valid: 8, invalid: 2, imported: 0 },
        problemsByRule: { date: 1, region_unknown: 1, id_checksum: 1 },
      }),
    );
    answerProblems([
      problem({}),
      problem({
        row: 7,
        field: 'hukouRegionCode',
        column: '户籍地区划代码',
        rule: 'region_unknown',
        value: '370829999999',
      }),
      problem({
        row: 9,
        field: 'idNumber',
        column: '身份证号',
        rule: 'id_checksum',
        severity: 'warning',
        value: '370829********123X',
      }),
    ]);
    await settle();

    expect(text('import-report-counts')).toBe('共10行 · 可导入8行 · 有错误2行 · 警告1行');
    expect(byTestId('import-report-errors')).not.toBeNull();
    const rows = all('import-problem').map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows).toEqual([
      ['3', '出生日期', '错误日期不存在或格式不对（应为 YYYY-MM-DD）', '2015-02-30'],
      ['7', '户籍地区划代码', '错误区划代码不存在', '370829999999'],
      ['9', '身份证号', '警告身份证号校验位错误', '370829********123X'],
    ]);
    expect(all('import-rule').map((b) => b.getAttribute('data-rule'))).toEqual([
      'date',
      'region_unknown',
      'id_checksum',
    ]);
    expect(byTestId('import-problems-download')?.getAttribute('href')).toBe(`${BASE}/problems.xlsx`);
    expect(byTestId('import-reupload')).not.toBeNull();
    expect(button('import-commit').disabled).toBe(false);

    // A rule's chip shows only its rows.
    all('import-rule')[1].click();
    await settle();
    answerProblems([problem({ row: 7, rule: 'region_unknown' })], 'rule=region_unknown');
    await settle();
    expect(all('import-problem')).toHaveLength(1);
  });

  it('shows a refused file prominently and takes a corrected one as a new import', async () => {
    await open(
      anImport({
        status: 'rejected',
        version: 2,
        fileProblems: [
          problem({
            row: null,
            field: 'birthDate',
            column: null,
            rule: 'missing_column',
            message: '缺少“出生日期”列',
            value: null,
          }),
        ],
      }),
    );
    answerProblems([]);
    await settle();
    expect(byTestId('import-rejected')?.textContent).toContain('文件无法导入');
    expect(all('import-file-problem').map((p) => p.getAttribute('data-rule'))).toEqual(['missing_column']);
    expect(byTestId('import-rejected')?.textContent).toContain('缺少“出生日期”列');
    expect(byTestId('import-mapping')).toBeNull();

    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    const input = byTestId('import-reupload-file') as HTMLInputElement;
    const file = new File(['姓名,出生日期'], '户籍-改.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: { item: (i: number) => (i === 0 ? file : null) } });
    input.dispatchEvent(new Event('change'));
    await settle();
    button('import-reupload-submit').click();
    await settle();
    const upload = backend.expectOne({ method: 'POST', url: '/api/registers/imports' });
    const body = upload.request.body as FormData;
    expect(body.get('kind')).toBe('household');
    expect(body.get('regionId')).toBe('r-county');
    expect((body.get('file') as File).name).toBe('户籍-改.csv');
    upload.flush(anImport({ id: 'i-2' }), { status: 201, statusText: 'Created' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/registers/imports', 'i-2']);
  });

  it('commits, shows the progress bar while importing and 已导入 at the end', async () => {
    const validated = anImport({
      status: 'validated',
      version: 4,
      counts: { rows: 10, valid: 10, invalid: 0, imported: 0 },
    });
    await open(validated);
    answerProblems([]);
    await settle();
    expect(byTestId('import-report-clean')?.textContent).toContain('检查通过');
    expect(byTestId('import-reupload')).toBeNull();

    button('import-commit').click();
    await settle();
    const commit = backend.expectOne({ method: 'POST', url: `${BASE}/commit` });
    expect(commit.request.body).toEqual({ version: 4 });
    commit.flush({}, { status: 202, statusText: 'Accepted' });
    await settle();
    await answer({
      ...validated,
      status: 'importing',
      version: 5,
      counts: { ...validated.counts, imported: 4 },
    });
    expect(text('import-progress-text')).toBe('已导入 4 / 10 行');
    expect(
      byTestId('import-progress')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow'),
    ).toBe('40');

    await answer({
      ...validated,
      status: 'committed',
      version: 6,
      counts: { ...validated.counts, imported: 10 },
    });
    answerProblems([]);
    await settle();
    expect(byTestId('import-committed')?.textContent).toContain('已导入');
    expect(byTestId('import-to-comparisons')?.getAttribute('href')).toBe('/registers/comparisons');
    expect(byTestId('import-status')?.getAttribute('data-status')).toBe('committed');
  });

  it('says the import changed meanwhile when the version is stale, and shows the new state', async () => {
    const validated = anImport({
      status: 'validated',
      version: 4,
      counts: { rows: 2, valid: 2, invalid: 0, imported: 0 },
    });
    await open(validated);
    answerProblems([]);
    await settle();
    button('import-commit').click();
    await settle();
    backend
      .expectOne(`${BASE}/commit`)
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'stale', code: 'register_import.stale_version' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    await answer({ ...validated, version: 5 });
    answerProblems([]);
    await settle();
    expect(byTestId('import-conflict')).not.toBeNull();
  });

  it('says when the import is not there or not in scope', async () => {
    fixture = TestBed.createComponent(ImportPage);
    fixture.componentRef.setInput('id', 'i-1');
    await settle();
    backend
      .expectOne(BASE)
      .flush({ statusCode: 404, error: 'Not Found', message: '' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(byTestId('import-not-found')).not.toBeNull();
  });
});
