import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  contentChild,
  contentChildren,
  Directive,
  inject,
  input,
  TemplateRef,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { PagedList } from '../data/paged-list';
import { CardPagination } from './card-pagination';
import { Viewport } from './viewport';

/** The template context of a cell or card: the row's item. */
export interface ListItemContext<T> {
  $implicit: T;
}

/** One column of the table: `<ng-template bxCell="header.key" [bxCellOf]="list" let-item>`. */
@Directive({ selector: 'ng-template[bxCell]' })
export class ListCell<T> {
  /** Translation key of the column header. */
  readonly bxCell = input.required<string>();
  /** The list shown: only to type `let-item` in the template. */
  readonly bxCellOf = input<PagedList<T>>();
  readonly template = inject<TemplateRef<ListItemContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(_cell: ListCell<T>, _context: unknown): _context is ListItemContext<T> {
    return true;
  }
}

/** What a card shows on a phone: `<ng-template bxCard [bxCardOf]="list" let-item>`. */
@Directive({ selector: 'ng-template[bxCard]' })
export class ListCard<T> {
  /** The list shown: only to type `let-item` in the template. */
  readonly bxCardOf = input<PagedList<T>>();
  readonly template = inject<TemplateRef<ListItemContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(_card: ListCard<T>, _context: unknown): _context is ListItemContext<T> {
    return true;
  }
}

/**
 * A paged list shown as a table on wide screens and as cards (each a link) on phones, or
 * as cards everywhere. The page gives the columns and the card; this gives the loading,
 * the empty state, the pagination and the row test ids of both renderings.
 */
@Component({
  selector: 'bx-responsive-list',
  imports: [NgTemplateOutlet, RouterLink, TranslocoPipe, NzSpinModule, NzTableModule, CardPagination],
  template: `
    @if (cardsOnly() || isPhone()) {
      <nz-spin [nzSpinning]="list().loading()">
        <ul class="cards" [class.card-grid]="cardsOnly()">
          @for (item of list().items(); track item.id) {
            <li>
              <a
                class="item-card"
                [class]="rowClass()(item)"
                [class.flagged]="flagged()(item)"
                [routerLink]="link()(item)"
                [attr.data-testid]="rowTestId()"
              >
                <ng-container
                  [ngTemplateOutlet]="card()?.template ?? null"
                  [ngTemplateOutletContext]="{ $implicit: item }"
                />
              </a>
            </li>
          } @empty {
            @if (!list().loading() && !list().errorKey()) {
              <li class="empty">{{ emptyKey() | transloco }}</li>
            }
          }
        </ul>
      </nz-spin>
      <bx-card-pagination [list]="list()" />
    } @else {
      <nz-table
        class="table"
        #table
        [nzData]="list().items()"
        [nzFrontPagination]="false"
        [nzLoading]="list().loading()"
        [nzTotal]="list().total()"
        [nzPageIndex]="list().page()"
        [nzPageSize]="list().pageSize"
        [nzShowTotal]="totalTemplate"
        [nzNoResult]="emptyTemplate"
        (nzPageIndexChange)="list().goTo($event)"
      >
        <thead>
          <tr>
            @for (cell of cells(); track $index) {
              <th>{{ cell.bxCell() | transloco }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (item of table.data; track item.id) {
            <tr [class]="rowClass()(item)" [class.flagged]="flagged()(item)" [attr.data-testid]="rowTestId()">
              @for (cell of cells(); track $index) {
                <td>
                  <ng-container
                    [ngTemplateOutlet]="cell.template"
                    [ngTemplateOutletContext]="{ $implicit: item }"
                  />
                </td>
              }
            </tr>
          }
        </tbody>
      </nz-table>
      <ng-template #totalTemplate let-total>{{ 'common.total' | transloco: { total } }}</ng-template>
      <ng-template #emptyTemplate>{{ emptyKey() | transloco }}</ng-template>
    }
  `,
  // The list look of the other list pages (cards, item-card, table, empty).
  styleUrls: ['../../admin/admin-list.css'],
  styles: `
    :host {
      display: block;
    }

    .item-card.flagged {
      border-color: #ffa39e;
      border-left: 4px solid #cf1322;
    }

    tr.flagged > td:first-child {
      box-shadow: inset 4px 0 #cf1322;
    }

    @media (min-width: 768px) {
      .card-grid {
        grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResponsiveList<T extends { id: string }> {
  protected readonly isPhone = inject(Viewport).isPhone;

  readonly list = input.required<PagedList<T>>();
  /** Where a card leads (router link commands). */
  readonly link = input.required<(item: T) => string | readonly unknown[]>();
  /** `data-testid` of each row and card. */
  readonly rowTestId = input.required<string>();
  /** Extra classes of a row or card, e.g. `overdue`. */
  readonly rowClass = input<(item: T) => string>(() => '');
  /** Rows and cards that need attention (e.g. overdue), marked in red. */
  readonly flagged = input<(item: T) => boolean>(() => false);
  /** Cards on every screen (short lists of things to act on). */
  readonly cardsOnly = input(false);
  /** Translation key shown when the list is empty. */
  readonly emptyKey = input('common.empty');

  protected readonly cells = contentChildren<ListCell<T>>(ListCell);
  protected readonly card = contentChild<ListCard<T>>(ListCard);
}
