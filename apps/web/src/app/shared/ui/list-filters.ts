import { ChangeDetectionStrategy, Component, input, model, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';

/** A list's filter bar: the search box, then the page's own filters (projected). */
@Component({
  selector: 'bx-list-filters',
  imports: [FormsModule, TranslocoPipe, NzIconModule, NzInputModule],
  template: `
    <form class="filters" (ngSubmit)="submitSearch.emit()">
      <nz-input-group class="filter-search" [nzSuffix]="searchIcon">
        <input
          nz-input
          name="q"
          type="search"
          [ngModel]="query()"
          (ngModelChange)="query.set($event)"
          [placeholder]="placeholder()"
          [attr.aria-label]="'common.search' | transloco"
          [attr.data-testid]="searchTestId()"
        />
      </nz-input-group>
      <ng-template #searchIcon>
        <button class="icon-button" type="submit" [attr.aria-label]="'common.search' | transloco">
          <span nz-icon nzType="search"></span>
        </button>
      </ng-template>
      <ng-content />
    </form>
  `,
  styles: `
    :host {
      display: block;
    }

    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 16px;
    }

    .filter-search {
      flex: 1 1 240px;
    }

    .icon-button {
      border: 0;
      background: transparent;
      padding: 0;
      cursor: pointer;
      color: inherit;
    }

    @media (min-width: 768px) {
      .filter-search {
        flex: 0 1 320px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListFilters {
  /** The search text, two-way. */
  readonly query = model('');
  readonly placeholder = input('');
  readonly searchTestId = input<string>();
  /** The search was submitted (Enter or the search icon). */
  readonly submitSearch = output<void>();
}
