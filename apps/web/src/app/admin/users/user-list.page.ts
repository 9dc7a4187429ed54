import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { UserSummary } from '@baoxue/contracts';
import { Role, ROLE_LABELS, ROLES } from '@baoxue/domain';
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
import { UsersApi } from './users.api';

/** What a user's scope is, in a few words: a region's name or a school's. */
export function scopeName(user: UserSummary): string {
  return user.scopeKind === 'school' ? (user.scopeSchool?.name ?? '') : (user.scopeRegion?.name ?? '');
}

@Component({
  selector: 'bx-user-list-page',
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
  templateUrl: './user-list.page.html',
  styleUrl: '../admin-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserListPage implements OnInit {
  private readonly api = inject(UsersApi);
  protected readonly isPhone = inject(Viewport).isPhone;

  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly scopeName = scopeName;

  protected readonly role = signal<Role | null>(null);
  protected readonly list = new PagedList<UserSummary>(({ q, page, pageSize }) =>
    this.api.list({ q, role: this.role() ?? undefined, page, pageSize }),
  );

  ngOnInit(): void {
    void this.list.load();
  }

  protected setRole(role: Role | null): void {
    this.role.set(role);
    this.list.search();
  }
}
