import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AttendanceImportResult } from '@baoxue/contracts';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { AttendanceImportPage } from './attendance-import.page';
import { attendanceTemplateCsv, IMPORT_COLUMNS, isSpreadsheetName } from './import-template';

describe(AttendanceImportPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<AttendanceImportPage>;
  let element: HTMLElement;

  const { settle, byTestId, all } = pageQueries(() => fixture);
  const button = (id: string): HTMLButtonElement => byTestId(id) as HTMLButtonElement;

  async function pick(file: File): Promise<void> {
    const input = byTestId('import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    Object.defineProperty(input.files, 'item', { value: (i: number) => [file][i] ?? null });
    input.dispatchEvent(new Event('change'));
    await settle();
  }

  function result(overrides: Partial<AttendanceImportResult>): AttendanceImportResult {
    return { dryRun: true, rows: 3, saved: 0, problems: [], openedCases: [], ...overrides };
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AttendanceImportPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AttendanceImportPage);
    element = fixture.nativeElement as HTMLElement;
    await settle();
  });

  afterEach(() => backend.verify());

  it('checks the file first and lists each row’s problems (行, 字段, 问题); import stays off', async () => {
    expect(button('import-check').disabled).toBe(true);
    await pick(new File(['日期,年级'], '考勤.csv', { type: 'text/csv' }));
    expect(button('import-check').disabled).toBe(false);
    expect(button('import-run').disabled).toBe(true);

    button('import-check').click();
    await settle();
    const request = backend.expectOne('/api/attendance/imports');
    const body = request.request.body as FormData;
    expect(body.get('dryRun')).toBe('true');
    expect((body.get('file') as File).name).toBe('考勤.csv');
    request.flush(
      result({
        problems: [
          { row: 2, field: '姓名', rule: 'unknown_student', message: '找不到该学生' },
          { row: 4, field: '请假原因', rule: 'required', message: '请假须填写原因' },
        ],
      }),
    );
    await settle();

    expect(byTestId('import-problems')?.textContent).toContain('发现问题');
    expect(
      all('import-problem').map((r) =>
        Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()),
      ),
    ).toEqual([
      ['2', '姓名', '找不到该学生'],
      ['4', '请假原因', '请假须填写原因'],
    ]);
    expect(element.querySelector('.problems thead')?.textContent).toMatch(/行\s*字段\s*问题/);
    expect(button('import-run').disabled).toBe(true);
  });

  it('imports after a clean check and names the cases the rule opened', async () => {
    await pick(new File(['x'], 'roll.xlsx'));
    button('import-check').click();
    await settle();
    backend.expectOne('/api/attendance/imports').flush(result({ rows: 40 }));
    await settle();
    expect(byTestId('import-ready')?.textContent).toContain('检查通过');
    expect(button('import-run').disabled).toBe(false);

    button('import-run').click();
    await settle();
    const request = backend.expectOne('/api/attendance/imports');
    expect((request.request.body as FormData).get('dryRun')).toBe('false');
    request.flush(
      result({
        dryRun: false,
        rows: 40,
        saved: 40,
        openedCases: [{ caseId: 'c1', studentId: 's1', studentName: '赵四', run: 3 }],
      }),
    );
    await settle();
    expect(byTestId('import-done')?.textContent).toContain('已导入 40 条考勤记录');
    expect(byTestId('import-opened-cases')?.textContent).toContain('赵四');
    expect(byTestId('import-opened-cases')?.querySelector('a')?.getAttribute('href')).toBe('/cases/c1');
  });

  it('shows why a whole file is refused, and a new file clears the last answer', async () => {
    await pick(new File(['x'], 'roll.csv'));
    button('import-check').click();
    await settle();
    backend
      .expectOne('/api/attendance/imports')
      .flush(
        { statusCode: 400, error: 'Bad Request', message: '缺少列：考勤' },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    expect(byTestId('import-failure')?.textContent).toContain('缺少列：考勤');

    await pick(new File(['x'], 'notes.docx'));
    expect(byTestId('import-wrong-type')).not.toBeNull();
    expect(byTestId('import-failure')).toBeNull();
    expect(button('import-check').disabled).toBe(true);
  });

  it('offers a template with the columns the import reads', () => {
    const csv = attendanceTemplateCsv('2026-12-01');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0].split(',')).toEqual([...IMPORT_COLUMNS]);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('请假,病假');
    expect(byTestId('import-template')?.textContent).toContain('下载模板');
    expect(isSpreadsheetName('a.XLSX')).toBe(true);
    expect(isSpreadsheetName('a.xls')).toBe(false);
  });
});
