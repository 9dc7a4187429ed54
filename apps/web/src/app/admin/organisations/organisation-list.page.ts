import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Organisation } from '@baoxue/contracts';
import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES, OrganisationType } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { errorMessageKey } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { Viewport } from '../../shared/ui/viewport';
import { OrganisationsApi } from './organisations.api';

const PAGE_SIZE = 20;

@Component({
  selector: 'bx-organisation-list-page',
  imports: [
    FormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzIconModule,
    NzInputModule,
    NzPaginationModule,
    NzSelectModule,
    NzSpinModule,
    NzTableModule,
    NzTagModule,
    LabelPipe,
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

  protected readonly q = signal('');
  protected readonly type = signal<OrganisationType | null>(null);
  protected readonly page = signal(1);
  protected readonly pageSize = PAGE_SIZE;

  protected readonly items = signal<Organisation[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly errorKey = signal<string | null>(null);
  private request = 0;

  ngOnInit(): void {
    void this.load();
  }

  protected search(): void {
    this.page.set(1);
    void this.load();
  }

  protected setType(type: OrganisationType | null): void {
    this.type.set(type);
    this.search();
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  protected async load(): Promise<void> {
    const request = ++this.request;
    this.loading.set(true);
    this.errorKey.set(null);
    try {
      const result = await this.api.list({
        q: this.q().trim() || undefined,
        type: this.type() ?? undefined,
        page: this.page(),
        pageSize: this.pageSize,
      });
      if (request !== this.request) return;
      this.items.set(result.items);
      this.total.set(result.total);
    } catch (error) {
      if (request === this.request) this.errorKey.set(errorMessageKey(error));
    } finally {
      if (request === this.request) this.loading.set(false);
    }
  }
}
