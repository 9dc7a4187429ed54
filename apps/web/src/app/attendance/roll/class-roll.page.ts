import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { ClassRoll, OpenedByAttendance, RollEntry, SchoolClass } from '@baoxue/contracts';
import {
  ATTENDANCE_MARK_LABELS,
  ATTENDANCE_MARKS,
  AttendanceMark,
  EXCUSE_REASON_LABELS,
  EXCUSE_REASONS,
  ExcuseReason,
  Label,
} from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { apiErrorOf } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ActionAlert } from '../../shared/ui/action-alert';
import { LanguageService } from '../../shared/i18n/language.service';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { chinaToday } from '../../dashboard/dashboard-links';
import { ATTENDANCE_TEXTS, classLabel } from '../attendance-texts';
import { classKey, parseClassKey } from '../class-key';
import { httpStatusOf } from '../http-status';
import { AttendanceApi } from '../attendance.api';
import { OpenedCases } from '../opened-cases';
import {
  allPresent,
  MarkChoice,
  missingReasons,
  RollChanges,
  rollCounts,
  savePayload,
  shownChoice,
  withMark,
  withReason,
} from './roll-marks';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The mark buttons' short wording (four fit beside a name on a 360-px screen). */
const SHORT_MARK_LABELS: Readonly<Record<AttendanceMark, Label>> = {
  present: { zh: '出勤', en: 'In' },
  late: { zh: '迟到', en: 'Late' },
  excused: { zh: '请假', en: 'Exc.' },
  unexcused: { zh: '缺勤', en: 'Abs.' },
};

/**
 * 考勤点名: a class's roll for one day. Everyone starts present, so only the absentees are
 * touched; the class and the day live in the URL (`?grade=&className=&date=`). A failed
 * save keeps every mark on the page.
 */
@Component({
  selector: 'bx-class-roll-page',
  imports: [
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzSelectModule,
    NzSpinModule,
    LabelPipe,
    ChinaTimePipe,
    ActionAlert,
    OpenedCases,
  ],
  templateUrl: './class-roll.page.html',
  styleUrl: './class-roll.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClassRollPage {
  private readonly api = inject(AttendanceApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly language = inject(LanguageService).language;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  /** Query parameters: the class and the day. */
  readonly grade = input<string>();
  readonly className = input<string>();
  readonly date = input<string>();

  protected readonly texts = ATTENDANCE_TEXTS;
  protected readonly marks = ATTENDANCE_MARKS;
  protected readonly markLabels = ATTENDANCE_MARK_LABELS;
  protected readonly shortMarkLabels = SHORT_MARK_LABELS;
  protected readonly reasons = EXCUSE_REASONS;
  protected readonly reasonLabels = EXCUSE_REASON_LABELS;
  protected readonly classLabel = classLabel;
  protected readonly classKey = classKey;
  protected readonly today = chinaToday();

  protected readonly day = computed(() => {
    const day = this.date();
    return day && DAY.test(day) && day <= this.today ? day : this.today;
  });
  protected readonly selected = computed(() =>
    parseClassKey(`${this.grade() ?? ''}|${this.className() ?? ''}`),
  );
  protected readonly selectedKey = computed(() => {
    const selected = this.selected();
    return selected ? classKey(selected.grade, selected.className) : null;
  });

  protected readonly classes = resource({ loader: () => this.api.classes() });
  protected readonly classList = computed<SchoolClass[]>(() =>
    this.classes.hasValue() ? this.classes.value() : [],
  );

  protected readonly rollResource = resource({
    params: () => {
      const selected = this.selected();
      return selected ? { ...selected, date: this.day() } : undefined;
    },
    loader: ({ params }) => this.api.roll(params),
  });

  /** The roll as last loaded or saved. */
  protected readonly roll = linkedSignal<ClassRoll | null>(() =>
    this.rollResource.hasValue() ? this.rollResource.value() : null,
  );
  /** Unsaved marks; a different roll (another class or day, or a saved one) starts clean. */
  protected readonly changes = linkedSignal<ClassRoll | null, RollChanges>({
    source: this.roll,
    computation: () => new Map(),
  });

  protected readonly counts = computed(() => rollCounts(this.roll()?.entries ?? [], this.changes()));
  protected readonly dirty = computed(() => this.changes().size > 0);
  protected readonly rollNotFound = computed(() => httpStatusOf(this.rollResource.error()) === 404);

  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly reasonsMissing = signal<readonly string[]>([]);
  protected readonly justSaved = signal(false);
  protected readonly openedCases = signal<OpenedByAttendance[]>([]);

  protected choiceOf(entry: RollEntry): MarkChoice {
    return shownChoice(entry, this.changes());
  }

  protected isChanged(entry: RollEntry): boolean {
    return this.changes().has(entry.studentId);
  }

  protected lacksReason(entry: RollEntry): boolean {
    return this.reasonsMissing().includes(entry.studentId);
  }

  protected chooseClass(key: string | null): void {
    if (key === this.selectedKey() || !this.mayLeaveRoll()) return;
    const picked = parseClassKey(key);
    void this.router.navigate([], {
      queryParams: {
        grade: picked?.grade ?? null,
        className: picked?.className ?? null,
        date: this.date() ? this.day() : null,
      },
      queryParamsHandling: 'replace',
    });
  }

  protected chooseDay(input: HTMLInputElement): void {
    const day = input.value;
    if (!this.mayLeaveRoll()) {
      input.value = this.day();
      return;
    }
    const valid = day && DAY.test(day) && day <= this.today && day !== this.today ? day : null;
    void this.router.navigate([], { queryParams: { date: valid }, queryParamsHandling: 'merge' });
  }

  protected mark(entry: RollEntry, mark: AttendanceMark): void {
    this.edit(withMark(this.changes(), entry, mark));
  }

  protected reason(entry: RollEntry, reason: ExcuseReason): void {
    this.edit(withReason(this.changes(), entry, reason));
    this.reasonsMissing.update((ids) => ids.filter((id) => id !== entry.studentId));
  }

  protected markAllPresent(): void {
    this.edit(allPresent(this.roll()?.entries ?? [], this.changes()));
    this.reasonsMissing.set([]);
  }

  /** Arrow keys move between children, 1–4 mark the focused one. */
  protected onKey(event: KeyboardEvent, entry: RollEntry, index: number): void {
    const markIndex = ['1', '2', '3', '4'].indexOf(event.key);
    if (markIndex >= 0) {
      event.preventDefault();
      this.mark(entry, ATTENDANCE_MARKS[markIndex]);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.focusRow(index + (event.key === 'ArrowDown' ? 1 : -1));
    }
  }

  async save(): Promise<void> {
    const roll = this.roll();
    if (!roll || this.saving()) return;
    const missing = missingReasons(roll.entries, this.changes());
    this.reasonsMissing.set(missing);
    if (missing.length) {
      this.focusRow(roll.entries.findIndex((entry) => entry.studentId === missing[0]));
      return;
    }
    this.saving.set(true);
    this.saveError.set(null);
    this.justSaved.set(false);
    try {
      const result = await this.api.saveRoll(savePayload(roll, this.changes()));
      this.roll.set(result.roll);
      this.openedCases.set(result.openedCases);
      this.justSaved.set(true);
      this.message.success(this.language() === 'en' ? ATTENDANCE_TEXTS.saved.en : ATTENDANCE_TEXTS.saved.zh);
    } catch (error) {
      // The changes stay as they are: nothing typed is lost.
      const api = apiErrorOf(error);
      this.saveError.set(api?.details?.[0]?.message ?? api?.message ?? '');
    } finally {
      this.saving.set(false);
    }
  }

  protected reloadRoll(): void {
    this.rollResource.reload();
  }

  /** Another class or day drops the unsaved marks: only once the user agrees. */
  private mayLeaveRoll(): boolean {
    if (!this.dirty()) return true;
    const question =
      this.language() === 'en' ? ATTENDANCE_TEXTS.leaveUnsaved.en : ATTENDANCE_TEXTS.leaveUnsaved.zh;
    return window.confirm(question);
  }

  private edit(changes: RollChanges): void {
    this.changes.set(changes);
    this.justSaved.set(false);
  }

  private focusRow(index: number): void {
    const rows = this.host.nativeElement.querySelectorAll<HTMLElement>('[data-testid="roll-row"]');
    rows.item(Math.max(0, Math.min(rows.length - 1, index)))?.focus();
  }
}
