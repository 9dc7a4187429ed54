import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { StudentSummary } from '@baoxue/contracts';
import {
  idNumberProblem,
  IdNumberProblem,
  normaliseIdNumber,
  SEX_LABELS,
  SPECIAL_STATUS_FLAG_LABELS,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../auth/auth.store';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ListError } from '../shared/ui/list-error';
import { ListFilters } from '../shared/ui/list-filters';
import { ListCard, ListCell, ResponsiveList } from '../shared/ui/responsive-list';
import { REGISTER_STUDENT_PERMISSION } from './student-registration';
import { StudentsApi } from './students.api';

/** Compulsory-school grades: 1–6 primary, 7–9 junior secondary. */
export const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

@Component({
  selector: 'bx-student-list-page',
  imports: [
    FormsModule,
    NgTemplateOutlet,
    RouterLink,
    TranslocoPipe,
    NzButtonModule,
    NzIconModule,
    NzInputModule,
    NzSelectModule,
    NzTagModule,
    LabelPipe,
    ListError,
    ListFilters,
    ListCard,
    ListCell,
    ResponsiveList,
  ],
  templateUrl: './student-list.page.html',
  styleUrls: ['../admin/admin-list.css', './student-list.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StudentListPage implements OnInit {
  private readonly api = inject(StudentsApi);
  private readonly auth = inject(AuthStore);

  /** Mirrors the API: whoever may read children may register one. */
  protected readonly canRegister = computed(() => {
    return this.auth.can(REGISTER_STUDENT_PERMISSION);
  });

  protected readonly grades = GRADES;
  protected readonly flags = SPECIAL_STATUS_FLAGS;
  protected readonly sexLabels = SEX_LABELS;
  protected readonly flagLabels = SPECIAL_STATUS_FLAG_LABELS;

  protected readonly grade = signal<number | null>(null);
  protected readonly flag = signal<SpecialStatusFlag | null>(null);
  /** What is typed in the ID number field. */
  protected readonly idNumberText = signal('');
  /** Why the typed ID number was refused, if it was. */
  protected readonly idNumberError = signal<IdNumberProblem | null>(null);
  /** The valid, normalised ID number the list is filtered by. */
  private readonly idNumber = signal<string | null>(null);

  protected readonly list = new PagedList<StudentSummary>(({ q, page, pageSize }) =>
    this.api.list({
      q,
      idNumber: this.idNumber() ?? undefined,
      grade: this.grade() ?? undefined,
      flag: this.flag() ?? undefined,
      page,
      pageSize,
    }),
  );

  protected readonly link = (student: StudentSummary): string[] => ['/students', student.id];
  /** For the flag tags template, whose context is untyped. */
  protected readonly flagLabel = (flag: SpecialStatusFlag) => SPECIAL_STATUS_FLAG_LABELS[flag];

  ngOnInit(): void {
    void this.list.load();
  }

  /** Search by name and/or ID number; an ID number that cannot be valid is refused here. */
  protected search(): void {
    const raw = this.idNumberText().trim();
    if (raw) {
      const value = normaliseIdNumber(raw);
      const problem = idNumberProblem(value);
      this.idNumberError.set(problem);
      if (problem) return;
      this.idNumber.set(value);
    } else {
      this.idNumberError.set(null);
      this.idNumber.set(null);
    }
    this.list.search();
  }

  protected setIdNumberText(value: string): void {
    this.idNumberText.set(value);
    this.idNumberError.set(null);
  }

  protected setGrade(grade: number | null): void {
    this.grade.set(grade);
    this.list.search();
  }

  protected setFlag(flag: SpecialStatusFlag | null): void {
    this.flag.set(flag);
    this.list.search();
  }
}
