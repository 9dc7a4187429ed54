import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  resource,
} from '@angular/core';
import { Router } from '@angular/router';
import type { AttendanceSummary, AttendanceSummaryRow, NodeRef } from '@baoxue/contracts';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { chinaToday } from '../../dashboard/dashboard-links';
import { lastLoaded } from '../../shared/data/last-loaded';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ActionAlert } from '../../shared/ui/action-alert';
import { DrillHeader } from '../../shared/ui/drill-header';
import { Crumb, NODE_KIND_LABELS, nextTrail } from '../../shared/ui/node-trail';
import { ATTENDANCE_TEXTS, classesNotTakenLabel } from '../attendance-texts';
import { AttendanceApi } from '../attendance.api';
import { httpStatusOf } from '../http-status';
import { canDrillInto, summaryQuery } from './summary-links';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 考勤统计: 应到 / 实到 / 未到 of a node (zone, town, school …) on one day, and of each unit
 * below it, drilled down like the dashboard (`?node=region:<id>&date=YYYY-MM-DD`).
 * Aggregates only.
 */
@Component({
  selector: 'bx-attendance-summary-page',
  imports: [NzSpinModule, LabelPipe, ActionAlert, DrillHeader],
  templateUrl: './attendance-summary.page.html',
  styleUrl: './attendance-summary.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttendanceSummaryPage {
  private readonly api = inject(AttendanceApi);
  private readonly router = inject(Router);

  /** Query parameters: the node (none: the scope's root) and the day (none: today). */
  readonly node = input<string>();
  readonly date = input<string>();

  protected readonly texts = ATTENDANCE_TEXTS;
  protected readonly kindLabels = NODE_KIND_LABELS;
  protected readonly notTakenLabel = classesNotTakenLabel;
  protected readonly canDrill = canDrillInto;
  protected readonly today = chinaToday();

  protected readonly nodeRef = computed<NodeRef | null>(() => this.node() || null);
  protected readonly day = computed(() => {
    const day = this.date();
    return day && DAY.test(day) && day <= this.today ? day : this.today;
  });

  protected readonly summary = resource({
    params: () => ({ node: this.nodeRef(), date: this.day() }),
    loader: ({ params }) => this.api.summary(params.node, params.date),
  });

  protected readonly current = lastLoaded(this.summary);
  protected readonly notFound = computed(() => httpStatusOf(this.summary.error()) === 404);

  /** The unit last opened from the table: its crumb goes after the node it was listed under. */
  private drilledInto: NodeRef | null = null;

  protected readonly trail = linkedSignal<AttendanceSummary | null, Crumb[]>({
    source: this.current,
    computation: (summary, previous) => {
      const trail = previous?.value ?? [];
      if (!summary) return trail;
      const { ref, name } = summary.node;
      // A school listed under a town has a village as its parent: the path taken is the trail.
      if (ref === this.drilledInto && trail.length && !trail.some((crumb) => crumb.ref === ref))
        return [...trail, { ref, name }];
      return nextTrail(trail, summary.node);
    },
  });

  /** A school's classes in their order; other units with classes yet to take the roll first, then the most absent. */
  protected readonly rows = computed<AttendanceSummaryRow[]>(() => {
    const summary = this.current();
    if (!summary) return [];
    if (summary.node.kind === 'school') return summary.children;
    return [...summary.children].sort(
      (a, b) =>
        b.classesNotTaken - a.classesNotTaken ||
        b.absent - a.absent ||
        a.node.name.localeCompare(b.node.name, 'zh-CN'),
    );
  });

  protected open(ref: NodeRef | null): void {
    void this.router.navigate([], {
      queryParams: summaryQuery(ref, this.day() === this.today ? null : this.day()),
      queryParamsHandling: 'replace',
    });
  }

  protected openRow(row: AttendanceSummaryRow): void {
    if (!canDrillInto(row.node.ref)) return;
    this.drilledInto = row.node.ref;
    this.open(row.node.ref);
  }

  protected setDay(day: string): void {
    const valid = day && DAY.test(day) && day < this.today ? day : null;
    void this.router.navigate([], { queryParams: summaryQuery(this.nodeRef(), valid) });
  }
}
