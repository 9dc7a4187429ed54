import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { ComparisonRunSummary } from '@baoxue/contracts';
import { chinaToday, DEFAULT_SCHOOL_AGE, FINDING_CATEGORIES, FINDING_CATEGORY_LABELS } from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { apiErrorOf } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { RegionPicker } from '../../shared/ui/region-picker';
import { RegistersTabs } from '../registers-tabs';
import { ageRangeLabel, REGISTER_TEXTS, RUN_STATUS_COLORS, RUN_STATUS_LABELS } from '../registers-texts';
import { RegistersApi } from '../registers.api';

const PAGE_SIZE = 20;

/** 比对结果: the comparison runs, newest first, and 新建比对 for a region, a date and an age range. */
@Component({
  selector: 'bx-comparison-list-page',
  imports: [
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzPaginationModule,
    NzSpinModule,
    NzTagModule,
    LabelPipe,
    ChinaTimePipe,
    RegionPicker,
    RegistersTabs,
  ],
  templateUrl: './comparison-list.page.html',
  styleUrls: ['../registers.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComparisonListPage implements OnInit {
  private readonly api = inject(RegistersApi);
  private readonly router = inject(Router);

  protected readonly texts = REGISTER_TEXTS;
  protected readonly categories = FINDING_CATEGORIES;
  protected readonly categoryLabels = FINDING_CATEGORY_LABELS;
  protected readonly statusLabels = RUN_STATUS_LABELS;
  protected readonly statusColors = RUN_STATUS_COLORS;
  protected readonly ageRange = ageRangeLabel;
  protected readonly pageSize = PAGE_SIZE;

  protected regionId: string | null = null;
  protected asOf = chinaToday(new Date());
  protected ageFrom = DEFAULT_SCHOOL_AGE.from;
  protected ageTo = DEFAULT_SCHOOL_AGE.to;
  protected readonly starting = signal(false);
  protected readonly startFailure = signal<string | null>(null);

  protected readonly page = signal(1);
  protected readonly items = signal<ComparisonRunSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly failed = signal(false);
  private request = 0;

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const request = ++this.request;
    this.loading.set(true);
    this.failed.set(false);
    try {
      const result = await this.api.comparisons({ page: this.page(), pageSize: PAGE_SIZE });
      if (request !== this.request) return;
      this.items.set(result.items);
      this.total.set(result.total);
    } catch {
      if (request === this.request) this.failed.set(true);
    } finally {
      if (request === this.request) this.loading.set(false);
    }
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  /** 开始比对: queued on the server; its page follows the run. */
  async start(): Promise<void> {
    if (this.starting()) return;
    this.starting.set(true);
    this.startFailure.set(null);
    try {
      const run = await this.api.startComparison({
        regionId: this.regionId ?? undefined,
        asOf: this.asOf || undefined,
        ageFrom: Number(this.ageFrom),
        ageTo: Number(this.ageTo),
      });
      await this.router.navigate(['/registers/comparisons', run.id]);
    } catch (error) {
      const api = apiErrorOf(error);
      this.startFailure.set(api?.details?.[0]?.message ?? api?.message ?? '');
    } finally {
      this.starting.set(false);
    }
  }
}
