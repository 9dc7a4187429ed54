import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type {
  ComparisonFindingView,
  ComparisonRunDetail,
  ConfirmFindingRequest,
  RouteFindingsRequest,
  RouteFindingsResult,
} from '@baoxue/contracts';
import {
  FINDING_CATEGORIES,
  FINDING_CATEGORY_LABELS,
  FINDING_STATUS_LABELS,
  FINDING_STATUSES,
  FindingCategory,
  FindingStatus,
  REGISTER_KIND_LABELS,
  SEX_LABELS,
} from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { apiErrorOf, isStaleVersion } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { httpStatusOf } from '../../attendance/http-status';
import {
  ageRangeLabel,
  REGISTER_TEXTS,
  routedLabel,
  RUN_STATUS_COLORS,
  RUN_STATUS_LABELS,
  selectedLabel,
} from '../registers-texts';
import { REGISTER_POLL_MS, RegistersApi } from '../registers.api';

const FINDINGS_PAGE_SIZE = 50;

const CATEGORY_COLORS: Readonly<Record<FindingCategory, string>> = {
  never_enrolled: 'volcano',
  dropout: 'red',
  priority: 'purple',
};

const STATUS_COLORS: Readonly<Record<FindingStatus, string>> = {
  new: 'blue',
  needs_confirmation: 'orange',
  covered: 'default',
  excluded: 'default',
  raised: 'green',
  confirmed_same: 'default',
  dismissed: 'default',
};

/**
 * One comparison run: its state (followed while queued or running), counts by category and
 * region, the registers it read, and its findings — routed as suspected cases in one batch,
 * or, for a child matched only by name, birth date and village, decided by a person.
 */
@Component({
  selector: 'bx-comparison-page',
  imports: [
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzPaginationModule,
    NzPopconfirmModule,
    NzSpinModule,
    NzTagModule,
    LabelPipe,
    ChinaTimePipe,
  ],
  templateUrl: './comparison.page.html',
  styleUrls: ['../registers.css', './comparison.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ComparisonPage {
  private readonly api = inject(RegistersApi);
  private readonly pollMs = inject(REGISTER_POLL_MS);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly texts = REGISTER_TEXTS;
  protected readonly categories = FINDING_CATEGORIES;
  protected readonly categoryLabels = FINDING_CATEGORY_LABELS;
  protected readonly categoryColors = CATEGORY_COLORS;
  protected readonly findingStatuses = FINDING_STATUSES;
  protected readonly findingStatusLabels = FINDING_STATUS_LABELS;
  protected readonly findingStatusColors = STATUS_COLORS;
  protected readonly kindLabels = REGISTER_KIND_LABELS;
  protected readonly sexLabels = SEX_LABELS;
  protected readonly runStatusLabels = RUN_STATUS_LABELS;
  protected readonly runStatusColors = RUN_STATUS_COLORS;
  protected readonly ageRange = ageRangeLabel;
  protected readonly routed = routedLabel;
  protected readonly selectedCount = selectedLabel;
  protected readonly pageSize = FINDINGS_PAGE_SIZE;

  protected readonly run = signal<ComparisonRunDetail | null>(null);
  protected readonly loadError = signal<'not_found' | 'failed' | null>(null);

  protected readonly category = signal<FindingCategory | ''>('');
  protected readonly findingStatus = signal<FindingStatus | ''>('');
  protected readonly page = signal(1);
  protected readonly findings = signal<ComparisonFindingView[]>([]);
  protected readonly total = signal(0);
  protected readonly findingsLoading = signal(false);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());

  protected readonly busy = signal(false);
  protected readonly result = signal<RouteFindingsResult | null>(null);
  protected readonly conflict = signal(false);
  protected readonly actionFailure = signal<string | null>(null);

  protected readonly working = computed(() => {
    const status = this.run()?.status;
    return status === 'queued' || status === 'running';
  });
  /** Findings that may be routed: `new` ones. */
  protected readonly routable = computed(() => this.findings().filter((f) => f.status === 'new'));
  protected readonly allRoutableSelected = computed(() => {
    const routable = this.routable();
    const selected = this.selected();
    return routable.length > 0 && routable.every((f) => selected.has(f.id));
  });
  protected readonly newCount = computed(() => this.run()?.statusCounts.new ?? 0);

  private timer: ReturnType<typeof setTimeout> | null = null;
  private findingsShown = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopPolling());
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.stopPolling();
        this.run.set(null);
        this.findingsShown = false;
        void this.load(id);
      });
    });
  }

  async load(id = this.id()): Promise<void> {
    try {
      const run = await this.api.comparison(id);
      if (id !== this.id()) return;
      this.loadError.set(null);
      this.run.set(run);
      if (run.status === 'completed' && !this.findingsShown) {
        this.findingsShown = true;
        void this.loadFindings();
      }
    } catch (error) {
      if (id !== this.id()) return;
      this.loadError.set(httpStatusOf(error) === 404 || httpStatusOf(error) === 403 ? 'not_found' : 'failed');
      return;
    }
    this.stopPolling();
    if (this.working()) this.timer = setTimeout(() => void this.load(), this.pollMs);
  }

  private stopPolling(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  protected filter(category: string, status: string): void {
    this.category.set(category as FindingCategory | '');
    this.findingStatus.set(status as FindingStatus | '');
    this.page.set(1);
    void this.loadFindings();
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.loadFindings();
  }

  async loadFindings(): Promise<void> {
    const id = this.id();
    this.findingsLoading.set(true);
    try {
      const page = await this.api.findings(id, {
        category: this.category() || undefined,
        status: this.findingStatus() || undefined,
        page: this.page(),
        pageSize: FINDINGS_PAGE_SIZE,
      });
      if (id !== this.id()) return;
      this.findings.set(page.items);
      this.total.set(page.total);
      // A selection only holds findings still shown and still routable.
      const routable = new Set(page.items.filter((f) => f.status === 'new').map((f) => f.id));
      this.selected.update((selected) => new Set([...selected].filter((id) => routable.has(id))));
    } catch {
      this.findings.set([]);
      this.total.set(0);
    } finally {
      this.findingsLoading.set(false);
    }
  }

  protected toggle(findingId: string, on: boolean): void {
    this.selected.update((selected) => {
      const next = new Set(selected);
      if (on) next.add(findingId);
      else next.delete(findingId);
      return next;
    });
  }

  protected toggleAll(on: boolean): void {
    this.selected.set(on ? new Set(this.routable().map((f) => f.id)) : new Set());
  }

  /** 派发核查: suspected cases for the selected findings. */
  routeSelected(): Promise<void> {
    const findingIds = [...this.selected()];
    if (!findingIds.length) return Promise.resolve();
    return this.route({ findingIds });
  }

  /** 全部派发: suspected cases for every `new` finding of the run, in one batch. */
  routeAll(): Promise<void> {
    return this.route({ all: true });
  }

  private async route(request: RouteFindingsRequest): Promise<void> {
    const run = this.run();
    if (!run || this.busy()) return;
    this.busy.set(true);
    this.result.set(null);
    this.actionFailure.set(null);
    try {
      this.result.set(await this.api.route(run.id, request));
      this.selected.set(new Set());
    } catch (error) {
      this.actionFailure.set(this.failureText(error));
    } finally {
      this.busy.set(false);
    }
    await Promise.all([this.load(), this.loadFindings()]);
  }

  /** 同一人 / 不同人 / 忽略 for a candidate match. */
  async decide(finding: ComparisonFindingView, decision: ConfirmFindingRequest['decision']): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.conflict.set(false);
    this.actionFailure.set(null);
    try {
      await this.api.confirm(finding.id, { decision, version: finding.version });
    } catch (error) {
      if (isStaleVersion(error)) this.conflict.set(true);
      else this.actionFailure.set(this.failureText(error));
    } finally {
      this.busy.set(false);
    }
    await Promise.all([this.load(), this.loadFindings()]);
  }

  protected workbookUrl(): string {
    return this.api.findingsWorkbookUrl(this.id());
  }

  protected regionTotal(counts: Record<FindingCategory, number>): number {
    return FINDING_CATEGORIES.reduce((sum, c) => sum + (counts[c] ?? 0), 0);
  }

  private failureText(error: unknown): string {
    const api = apiErrorOf(error);
    return api?.details?.[0]?.message ?? api?.message ?? '';
  }
}
