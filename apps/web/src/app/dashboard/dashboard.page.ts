import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { ChildNodeStatus, NodeRef, TrendGranularity } from '@baoxue/contracts';
import {
  CASE_FIGURE_KEYS,
  CaseFigureKey,
  DUE_KIND_LABELS,
  LEVEL_LABELS,
  Label,
  LINE_LABELS,
} from '@baoxue/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { lastLoaded } from '../shared/data/last-loaded';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ActionAlert } from '../shared/ui/action-alert';
import { DrillHeader } from '../shared/ui/drill-header';
import { Crumb, NODE_KIND_LABELS, nextTrail } from '../shared/ui/node-trail';
import { BreakdownPick, DashboardCharts } from './dashboard-charts';
import {
  casesLinkForFigure,
  casesLinkForFlag,
  casesLinkForReason,
  chinaToday,
  orderChildren,
  verifyingCasesLink,
} from './dashboard-links';
import {
  DASHBOARD_TEXTS,
  daysOpenLabel,
  daysOverdueLabel,
  FIGURE_LABELS,
  missingReportsLabel,
  openCountLabel,
  regionsNotAtZeroLabel,
} from './dashboard-texts';
import { DashboardApi } from './dashboard.api';
import { httpStatus, LedgerExport } from './ledger-export';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 数据看板: is every region at dynamic zero (动态清零), and if not, where, why and who is
 * late. The node and the as-of day live in the URL (`?node=region:<id>&asOf=YYYY-MM-DD`), so
 * drilling down, back/forward and reload all work. Aggregates only: no child's data here.
 */
@Component({
  selector: 'bx-dashboard-page',
  imports: [
    NgTemplateOutlet,
    RouterLink,
    NzButtonModule,
    NzSpinModule,
    LabelPipe,
    ActionAlert,
    DrillHeader,
    DashboardCharts,
    LedgerExport,
  ],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPage {
  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);

  /** Query parameter: the node shown; none is the root of the user's scope. */
  readonly node = input<string>();
  /** Query parameter: figures as of the end of this China day; none is now. */
  readonly asOf = input<string>();

  protected readonly texts = DASHBOARD_TEXTS;
  protected readonly figureKeys = CASE_FIGURE_KEYS;
  protected readonly figureLabels = FIGURE_LABELS;
  protected readonly kindLabels = NODE_KIND_LABELS;
  protected readonly dueKindLabels = DUE_KIND_LABELS;
  protected readonly lineLabels = LINE_LABELS as Readonly<Record<string, Label>>;
  protected readonly levelLabels = LEVEL_LABELS as Readonly<Record<string, Label>>;
  protected readonly regionsNotAtZero = regionsNotAtZeroLabel;
  protected readonly openCount = openCountLabel;
  protected readonly daysOpen = daysOpenLabel;
  protected readonly daysOverdue = daysOverdueLabel;
  protected readonly missingReports = missingReportsLabel;
  protected readonly today = chinaToday();

  protected readonly nodeRef = computed<NodeRef | null>(() => this.node() || null);
  protected readonly asOfDay = computed(() => {
    const day = this.asOf();
    return day && DAY.test(day) ? day : null;
  });
  protected readonly granularity = signal<TrendGranularity>('month');

  protected readonly status = resource({
    params: () => ({ node: this.nodeRef(), asOf: this.asOfDay() }),
    loader: ({ params }) => this.api.status(params.node, params.asOf),
  });
  protected readonly trends = resource({
    params: () => ({ node: this.nodeRef(), granularity: this.granularity() }),
    loader: ({ params }) => this.api.trends(params.node, params.granularity),
  });
  protected readonly breakdowns = resource({
    params: () => this.nodeRef(),
    loader: ({ params }) => this.api.breakdowns(params),
  });
  protected readonly overdue = resource({
    params: () => this.nodeRef(),
    loader: ({ params }) => this.api.overdue(params),
  });
  protected readonly longestOpen = resource({
    params: () => this.nodeRef(),
    loader: ({ params }) => this.api.longestOpen(params),
  });
  protected readonly reporting = resource({
    params: () => this.nodeRef(),
    loader: ({ params }) => this.api.reporting(params),
  });

  protected readonly current = lastLoaded(this.status);
  protected readonly notFound = computed(() => httpStatus(this.status.error()) === 404);

  /** The node's children, not at zero first. */
  protected readonly children = computed<ChildNodeStatus[]>(() =>
    orderChildren(this.current()?.children ?? []),
  );

  /** The breadcrumb: the path drilled down, or the parent when arriving some other way. */
  protected readonly trail = linkedSignal<ReturnType<DashboardPage['current']>, Crumb[]>({
    source: this.current,
    computation: (status, previous) =>
      status ? nextTrail(previous?.value ?? [], status.node) : (previous?.value ?? []),
  });

  protected readonly missingSchools = computed(() => {
    const reporting = this.reporting.hasValue() ? this.reporting.value() : null;
    return reporting ? reporting.items.filter((s) => !s.submitted) : [];
  });
  protected readonly reportingFigures = computed(() =>
    this.reporting.hasValue() ? this.reporting.value() : null,
  );

  /** The cases list behind a figure card. */
  protected figureLink(key: CaseFigureKey): ReturnType<typeof casesLinkForFigure> {
    const node = this.current()?.node.ref ?? '';
    return casesLinkForFigure(key, node, this.today, this.asOfDay());
  }

  protected verifyingLink(): ReturnType<typeof verifyingCasesLink> {
    return verifyingCasesLink(this.current()?.node.ref ?? '');
  }

  /** Drills into a node (or back up to it): a navigation, so back/forward work. */
  protected open(ref: NodeRef | null): void {
    void this.router.navigate([], {
      queryParams: { node: ref, asOf: this.asOfDay() },
      queryParamsHandling: 'replace',
    });
  }

  protected setAsOf(day: string): void {
    void this.router.navigate([], {
      queryParams: { node: this.nodeRef(), asOf: day && DAY.test(day) && day < this.today ? day : null },
    });
  }

  /** A reason or flag in the charts leads to the open cases behind it. */
  protected openBreakdown(pick: BreakdownPick): void {
    const node = this.current()?.node.ref ?? '';
    const link =
      pick.breakdown === 'reason' ? casesLinkForReason(pick.key, node) : casesLinkForFlag(pick.key, node);
    void this.router.navigate([link.path], { queryParams: link.queryParams });
  }

  protected reload(): void {
    this.status.reload();
    this.trends.reload();
    this.breakdowns.reload();
    this.overdue.reload();
    this.longestOpen.reload();
    this.reporting.reload();
  }
}
