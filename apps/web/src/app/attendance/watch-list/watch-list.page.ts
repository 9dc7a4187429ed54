import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  resource,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { WatchListEntry } from '@baoxue/contracts';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { AuthStore } from '../../auth/auth.store';
import { PagedList } from '../../shared/data/paged-list';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { CardPagination } from '../../shared/ui/card-pagination';
import { ListError } from '../../shared/ui/list-error';
import { ATTENDANCE_TEXTS, classLabel } from '../attendance-texts';
import { AttendanceApi } from '../attendance.api';
import { classKey, parseClassKey } from '../class-key';

/**
 * 重点关注学生: the children whose risk score puts them on the watch list, highest first,
 * each with the reasons in plain words. School staff narrow it to one class.
 */
@Component({
  selector: 'bx-watch-list-page',
  imports: [
    FormsModule,
    RouterLink,
    NzSelectModule,
    NzSpinModule,
    LabelPipe,
    ChinaTimePipe,
    CardPagination,
    ListError,
  ],
  templateUrl: './watch-list.page.html',
  styleUrls: ['../../admin/admin-list.css', './watch-list.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WatchListPage implements OnInit {
  private readonly api = inject(AttendanceApi);
  private readonly auth = inject(AuthStore);

  protected readonly texts = ATTENDANCE_TEXTS;
  protected readonly classLabel = classLabel;

  /** Only school staff have one school's classes to choose from. */
  protected readonly byClass = computed(() => this.auth.user()?.role === 'school_staff');
  protected readonly classes = resource({
    params: () => (this.byClass() ? true : undefined),
    loader: () => this.api.classes(),
  });
  protected readonly classKey = classKey;
  /** `grade|className`, or null for every class. */
  protected readonly classFilter = signal<string | null>(null);

  protected readonly list = new PagedList<WatchListEntry>((query) => {
    const picked = parseClassKey(this.classFilter());
    return this.api.watchList({ page: query.page, pageSize: query.pageSize, ...picked });
  });

  ngOnInit(): void {
    void this.list.load();
  }

  protected filterByClass(key: string | null): void {
    this.classFilter.set(key || null);
    this.list.search();
  }
}
