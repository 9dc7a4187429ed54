import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import type { WorkList } from '@baoxue/contracts';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { WorkApi } from './work.api';
import { WorkItemCard } from './work-item-card';
import { moreThanShownLabel, WORK_TEXTS } from './work-texts';

/** 我的待办: the user's overdue and upcoming due items, as cards that lead to the work. */
@Component({
  selector: 'bx-work-page',
  imports: [NzAlertModule, NzButtonModule, NzSpinModule, LabelPipe, WorkItemCard],
  templateUrl: './work.page.html',
  styleUrls: ['../admin/admin-list.css', './work.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkPage implements OnInit {
  private readonly api = inject(WorkApi);

  protected readonly texts = WORK_TEXTS;
  protected readonly moreThanShown = moreThanShownLabel;

  protected readonly work = signal<WorkList | null>(null);
  protected readonly loading = signal(false);
  protected readonly failed = signal(false);

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loading.set(true);
    this.failed.set(false);
    try {
      this.work.set(await this.api.mine());
    } catch {
      this.failed.set(true);
    } finally {
      this.loading.set(false);
    }
  }
}
