import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { MyCaseSummary } from '@baoxue/contracts';
import { TranslocoPipe } from '@jsverse/transloco';
import { PagedList } from '../shared/data/paged-list';
import { ListError } from '../shared/ui/list-error';
import { ListCard, ResponsiveList } from '../shared/ui/responsive-list';
import { CaseCard } from './case-summary-view';
import { InterventionsApi } from './interventions.api';

/** 我的个案: the open cases the user is responsible for, soonest follow-up first, as cards. */
@Component({
  selector: 'bx-my-cases-page',
  imports: [RouterLink, TranslocoPipe, ListError, ListCard, ResponsiveList, CaseCard],
  templateUrl: './my-cases.page.html',
  styleUrls: ['../admin/admin-list.css', './my-cases.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyCasesPage implements OnInit {
  private readonly api = inject(InterventionsApi);

  protected readonly list = new PagedList<MyCaseSummary>(({ page, pageSize }) =>
    this.api.mine({ page, pageSize }),
  );
  protected readonly link = (c: MyCaseSummary): string[] => ['/cases', c.id];
  /** The API decides what is overdue (open, follow-up day before today in China). */
  protected readonly overdue = (c: MyCaseSummary): boolean => c.overdue;
  protected readonly overdueClass = (c: MyCaseSummary): string => (c.overdue ? 'overdue' : '');

  ngOnInit(): void {
    void this.list.load();
  }
}
