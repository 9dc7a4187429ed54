import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Organisation } from '@baoxue/contracts';
import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES, OrganisationType } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { PagedList } from '../../shared/data/paged-list';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { CardPagination } from '../../shared/ui/card-pagination';
import { ListError } from '../../shared/ui/list-error';
import { ListFilters } from '../../shared/ui/list-filters';
import { Viewport } from '../../shared/ui/viewport';
import { OrganisationsApi } from './organisations.api';

@Component({
  selector: 'bx-organisation-list-page',
  imports: [
    FormsModule,
    RouterLink,
    TranslocoPipe,
    NzButtonModule,
    NzIconModule,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    LabelPipe,
    CardPagination,
    ListError,
    ListFilters,
  ],
  templateUrl: './organisation-list.page.html',
  styleUrl: '../admin-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganisationListPage implements OnInit {
  private readonly api = inject(OrganisationsApi);
  protected readonly isPhone = inject(Viewport).isPhone;

  protected readonly types = ORGANISATION_TYPES;
  protected readonly typeLabels = ORGANISATION_TYPE_LABELS;

  protected readonly type = signal<OrganisationType | null>(null);
  protected readonly list = new PagedList<Organisation>(({ q, page, pageSize }) =>
    this.api.list({ q, type: this.type() ?? undefined, page, pageSize }),
  );

  ngOnInit(): void {
    void this.list.load();
  }

  protected setType(type: OrganisationType | null): void {
    this.type.set(type);
    this.list.search();
  }
}
