import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ClassRoll, RollEntry, SaveRollRequest, SaveRollResult } from '@baoxue/contracts';
import { AttendanceMark } from '@baoxue/domain';
import { pageQueries } from '../../shared/testing/page-queries';
import { provideTestI18n } from '../../testing/i18n-testing';
import { ClassRollPage } from './class-roll.page';
import { classRoll, ROLL_CLASS, rollEntry } from './roll-fixtures';

function entry(
  id: string,
  name: string,
  mark: AttendanceMark | null = null,
  extra: Partial<RollEntry> = {},
): RollEntry {
  return rollEntry(id, mark, { fullName: name, ...extra });
}

function aRoll(entries: RollEntry[], taken = false): ClassRoll {
  return classRoll(
    entries,
    taken ? { taken, takenAt: '2026-12-01T00:30:00.000Z', takenByName: '王老师' } : {},
  );
}

const ROLL = aRoll([
  entry('s1', '张一', null, { riskScore: 35, openCaseId: 'case-9' }),
  entry('s2', '李二', null, { riskScore: 0 }),
  entry('s3', '王三'),
  entry('s4', '赵四'),
]);

describe(ClassRollPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ClassRollPage>;
  let element: HTMLElement;

  const { settle, byTestId, all } = pageQueries(() => fixture);
  const row = (studentId: string): HTMLElement =>
    element.querySelector(`[data-testid="roll-row"][data-student-id="${studentId}"]`) as HTMLElement;
  const tap = async (studentId: string, testId: string): Promise<void> => {
    (byTestId(testId, row(studentId)) as HTMLButtonElement).click();
    await settle();
  };
  const count = (which: string): string => byTestId(`count-${which}`)?.textContent?.trim() ?? '';
  const marksShown = (): (string | null)[] => all('roll-row').map((r) => r.getAttribute('data-mark'));

  function answerClasses(): void {
    backend.expectOne('/api/attendance/classes').flush([
      { grade: 3, className: '1班', studentCount: 4 },
      { grade: 4, className: '2班', studentCount: 30 },
    ]);
  }

  function rollRequest(): TestRequest {
    return backend.expectOne((r) => r.url === '/api/attendance/rolls' && r.method === 'GET');
  }

  async function open(roll: ClassRoll = ROLL): Promise<void> {
    fixture.componentRef.setInput('grade', '3');
    fixture.componentRef.setInput('className', '1班');
    fixture.componentRef.setInput('date', '2026-12-01');
    await settle();
    answerClasses();
    const request = rollRequest();
    expect(request.request.params.get('grade')).toBe('3');
    expect(request.request.params.get('className')).toBe('1班');
    expect(request.request.params.get('date')).toBe('2026-12-01');
    request.flush(roll);
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ClassRollPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideTestI18n()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ClassRollPage);
    element = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => backend.verify());

  it('asks for a class first, and puts the chosen class in the URL', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await settle();
    answerClasses();
    await settle();
    expect(byTestId('roll-pick-class')).not.toBeNull();
    (fixture.componentInstance as unknown as { chooseClass(key: string): void }).chooseClass('4|2班');
    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: { grade: 4, className: '2班', date: null },
      queryParamsHandling: 'replace',
    });
  });

  it('starts everyone present and counts 应到/实到/未到 live as children are marked', async () => {
    await open();
    expect(marksShown()).toEqual(['present', 'present', 'present', 'present']);
    expect([count('expected'), count('present'), count('absent')]).toEqual(['4', '4', '0']);
    expect(byTestId('roll-risk', row('s1'))?.textContent).toContain('35');
    expect(byTestId('roll-case-link', row('s1'))?.getAttribute('href')).toBe('/cases/case-9');
    expect(byTestId('roll-case-link', row('s2'))).toBeNull();
    // No badge for a score of nothing.
    expect(byTestId('roll-risk', row('s2'))).toBeNull();
    expect(byTestId('roll-risk', row('s3'))).toBeNull();

    await tap('s2', 'mark-unexcused');
    await tap('s3', 'mark-late');
    expect([count('expected'), count('present'), count('absent')]).toEqual(['4', '3', '1']);
    expect(byTestId('roll-unsaved')).not.toBeNull();

    // 全部出勤 puts everyone back to present.
    (byTestId('roll-all-present') as HTMLButtonElement).click();
    await settle();
    expect(marksShown()).toEqual(['present', 'present', 'present', 'present']);
    expect(count('absent')).toBe('0');
  });

  it('marks with the keyboard: arrows move, 1–4 mark the focused child', async () => {
    await open();
    const first = row('s1');
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(row('s2'));
    row('s2').dispatchEvent(new KeyboardEvent('keydown', { key: '4', bubbles: true }));
    await settle();
    expect(row('s2').getAttribute('data-mark')).toBe('unexcused');
  });

  it('asks for the reason of an excused absence before saving, then saves the whole class', async () => {
    await open();
    await tap('s2', 'mark-excused');
    await tap('s4', 'mark-unexcused');
    expect(byTestId('reason-sick', row('s2'))).not.toBeNull();

    (byTestId('roll-save') as HTMLButtonElement).click();
    await settle();
    // Nothing sent: the reason is missing.
    backend.expectNone((r) => r.method === 'PUT');
    expect(byTestId('roll-reason-missing')).not.toBeNull();
    expect(row('s2').classList).toContain('missing');

    await tap('s2', 'reason-family');
    (byTestId('roll-save') as HTMLButtonElement).click();
    await settle();
    const put = backend.expectOne((r) => r.url === '/api/attendance/rolls' && r.method === 'PUT');
    expect(put.request.body as SaveRollRequest).toEqual({
      ...ROLL_CLASS,
      marks: [
        { studentId: 's1', mark: 'present' },
        { studentId: 's2', mark: 'excused', excuseReason: 'family' },
        { studentId: 's3', mark: 'present' },
        { studentId: 's4', mark: 'unexcused' },
      ],
    });
    const saved = aRoll(
      [
        entry('s1', '张一', 'present'),
        { ...entry('s2', '李二', 'excused'), excuseReason: 'family' },
        entry('s3', '王三', 'present'),
        entry('s4', '赵四', 'unexcused'),
      ],
      true,
    );
    const result: SaveRollResult = {
      roll: saved,
      openedCases: [{ caseId: 'case-new', studentId: 's4', studentName: '赵四', run: 3 }],
    };
    put.flush(result);
    await settle();

    expect(byTestId('roll-saved')?.textContent).toContain('已保存');
    expect(byTestId('roll-unsaved')).toBeNull();
    const notice = byTestId('roll-opened-cases') as HTMLElement;
    expect(notice.textContent).toContain('连续无故缺勤，已自动生成疑似辍学个案');
    expect(notice.textContent).toContain('赵四');
    expect(notice.textContent).toContain('连续无故缺勤3天');
    expect(byTestId('roll-opened-case-link', notice)?.getAttribute('href')).toBe('/cases/case-new');
    expect(marksShown()).toEqual(['present', 'excused', 'present', 'unexcused']);
    expect([count('expected'), count('present'), count('absent')]).toEqual(['4', '2', '2']);
  });

  it('keeps every mark when the save fails, shows why, and saves them on retry', async () => {
    await open();
    await tap('s1', 'mark-unexcused');
    await tap('s3', 'mark-late');

    (byTestId('roll-save') as HTMLButtonElement).click();
    await settle();
    backend
      .expectOne((r) => r.method === 'PUT')
      .flush(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Validation failed',
          details: [{ field: 'date', rule: 'notInFuture', message: '日期不能晚于今天' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    const error = byTestId('roll-save-error') as HTMLElement;
    expect(error.textContent).toContain('保存失败');
    expect(error.textContent).toContain('日期不能晚于今天');
    expect(marksShown()).toEqual(['unexcused', 'present', 'late', 'present']);
    expect(byTestId('roll-unsaved')).not.toBeNull();

    // A network failure too.
    (byTestId('roll-save') as HTMLButtonElement).click();
    await settle();
    backend.expectOne((r) => r.method === 'PUT').error(new ProgressEvent('error'));
    await settle();
    expect(marksShown()).toEqual(['unexcused', 'present', 'late', 'present']);

    (byTestId('roll-save') as HTMLButtonElement).click();
    await settle();
    const retry = backend.expectOne((r) => r.method === 'PUT');
    expect((retry.request.body as SaveRollRequest).marks.map((m) => m.mark)).toEqual([
      'unexcused',
      'present',
      'late',
      'present',
    ]);
    retry.flush({
      roll: aRoll(
        ROLL.entries.map((e, i) => ({
          ...e,
          mark: (['unexcused', 'present', 'late', 'present'] as const)[i],
        })),
        true,
      ),
      openedCases: [],
    });
    await settle();
    expect(byTestId('roll-save-error')).toBeNull();
    expect(byTestId('roll-opened-cases')).toBeNull();
  });

  it('asks before another class drops unsaved marks, and keeps them when the user declines', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    await open();
    await tap('s2', 'mark-unexcused');
    const page = fixture.componentInstance as unknown as { chooseClass(key: string): void };
    page.chooseClass('4|2班');
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('未保存'));
    expect(navigate).not.toHaveBeenCalled();
    expect(row('s2').getAttribute('data-mark')).toBe('unexcused');

    confirm.mockReturnValue(true);
    page.chooseClass('4|2班');
    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: { grade: 4, className: '2班', date: '2026-12-01' },
      queryParamsHandling: 'replace',
    });
    confirm.mockRestore();
  });

  it('shows the saved marks of a roll already taken, and who took it', async () => {
    await open(aRoll([entry('s1', '张一', 'late'), entry('s2', '李二', 'excused')], true));
    expect(marksShown()).toEqual(['late', 'excused']);
    expect(byTestId('reason-sick', row('s2'))?.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('roll-state')?.textContent).toContain('已点名');
    expect(byTestId('roll-state')?.textContent).toContain('王老师');
    expect([count('expected'), count('present'), count('absent')]).toEqual(['2', '1', '1']);
  });
});
