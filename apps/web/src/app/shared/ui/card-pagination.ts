import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { PagedList } from '../data/paged-list';

/** Pages of a list shown as cards (phones): only when there is more than one page. */
@Component({
  selector: 'bx-card-pagination',
  imports: [NzPaginationModule],
  template: `
    @if (list().total() > list().pageSize) {
      <nz-pagination
        class="card-pagination"
        nzSimple
        [nzPageIndex]="list().page()"
        [nzPageSize]="list().pageSize"
        [nzTotal]="list().total()"
        (nzPageIndexChange)="list().goTo($event)"
      />
    }
  `,
  styles: `
    :host {
      display: block;
    }

    .card-pagination {
      margin-top: 16px;
      text-align: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CardPagination {
  readonly list = input.required<PagedList<unknown>>();
}
