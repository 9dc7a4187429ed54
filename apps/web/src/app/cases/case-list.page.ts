import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { CaseSummary } from '@baoxue/contracts';
import {
  CASE_STATE_LABELS,
  CASE_STATES,
  CASE_TYPE_LABELS,
  CASE_TYPES,
  CaseState,
  CaseType,
} from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { CardPagination } from '../shared/ui/card-pagination';
import { ListError } from '../shared/ui/list-error';
import { ListFilters } from '../shared/ui/list-filters';
import { Viewport } from '../shared/ui/viewport';
import { CASE_STATE_COLORS } from './case-rules';
import { CasesApi } from './cases.api';

@Component({
  selector: 'bx-case-list-page',
  imports: [
    FormsModule,
    RouterLink,
    TranslocoPipe,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    LabelPipe,
    CardPagination,
    ListError,
    ListFilters,
  ],
  templateUrl: './case-list.page.html',
  styleUrls: ['../admin/admin-list.css', './case-list.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseListPage implements OnInit {
  private readonly api = inject(CasesApi);
  protected readonly isPhone = inject(Viewport).isPhone;

  /** Query parameter: only this child's cases (e.g. from "already open"). */
  readonly studentId = input<string>();

  protected readonly states = CASE_STATES;
  protected readonly types = CASE_TYPES;
  protected readonly stateLabels = CASE_STATE_LABELS;
  protected readonly typeLabels = CASE_TYPE_LABELS;
  protected readonly stateColors = CASE_STATE_COLORS;

  protected readonly state = signal<CaseState | null>(null);
  protected readonly type = signal<CaseType | null>(null);

  protected readonly list = new PagedList<CaseSummary>(({ q, page, pageSize }) =>
    this.api.list({
      q,
      state: this.state() ?? undefined,
      type: this.type() ?? undefined,
      studentId: this.studentId() || undefined,
      page,
      pageSize,
    }),
  );

  ngOnInit(): void {
    void this.list.load();
  }

  protected setState(state: CaseState | null): void {
    this.state.set(state);
    this.list.search();
  }

  protected setType(type: CaseType | null): void {
    this.type.set(type);
    this.list.search();
  }
}
