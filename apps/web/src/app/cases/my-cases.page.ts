import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MyCaseSummary } from '@baoxue/contracts';
import { CASE_STATE_LABELS, chinaToday } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { CardPagination } from '../shared/ui/card-pagination';
import { ListError } from '../shared/ui/list-error';
import { CASE_STATE_COLORS } from './case-rules';
import { InterventionsApi } from './interventions.api';

/** A follow-up day (YYYY-MM-DD) already past in China time. */
export function isOverdue(nextFollowUpOn: string | null, today: string): boolean {
  return !!nextFollowUpOn && nextFollowUpOn < today;
}

/** 我的个案: the open cases the user is responsible for, soonest follow-up first, as cards. */
@Component({
  selector: 'bx-my-cases-page',
  imports: [RouterLink, TranslocoPipe, NzSpinModule, NzTagModule, LabelPipe, CardPagination, ListError],
  templateUrl: './my-cases.page.html',
  styleUrls: ['../admin/admin-list.css', './my-cases.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyCasesPage implements OnInit {
  private readonly api = inject(InterventionsApi);

  protected readonly stateLabels = CASE_STATE_LABELS;
  protected readonly stateColors = CASE_STATE_COLORS;
  protected readonly today = signal(chinaToday(new Date()));
  protected readonly isOverdue = isOverdue;

  protected readonly list = new PagedList<MyCaseSummary>(({ page, pageSize }) =>
    this.api.mine({ page, pageSize }),
  );

  ngOnInit(): void {
    void this.list.load();
  }

  protected reload(): void {
    this.today.set(chinaToday(new Date()));
    void this.list.load();
  }
}
