import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { CaseListQuery, CaseSortField, CaseSummary } from '@baoxue/contracts';
import {
  CASE_REASON_LABELS,
  CASE_REASONS,
  CASE_STATE_LABELS,
  CASE_STATES,
  CASE_TYPE_LABELS,
  CASE_TYPES,
  CaseReason,
  CaseState,
  CaseType,
  normaliseIdNumber,
  SPECIAL_STATUS_FLAG_LABELS,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { AuthStore } from '../auth/auth.store';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { ListError } from '../shared/ui/list-error';
import { ListFilters } from '../shared/ui/list-filters';
import { RegionPicker } from '../shared/ui/region-picker';
import { ListCard, ListCell, ResponsiveList } from '../shared/ui/responsive-list';
import { CaseCard, CaseFollowUp, CaseStateTags } from './case-summary-view';
import { CasesApi } from './cases.api';
import { SchoolOptions } from './school-options';

/** The orders offered, as `field:order` (the API's `sort` and `order`). */
export const CASE_SORTS = [
  'openedAt:desc',
  'openedAt:asc',
  'updatedAt:desc',
  'nextFollowUpOn:asc',
  'state:asc',
] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
const DEFAULT_SORT: CaseSort = 'openedAt:desc';

/** A full ID number looks like this (upper-cased): searched exactly, never by substring. */
const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

/** The search text as the API wants it: a typed ID number normalised, a name as typed. */
export function caseSearchText(q: string | undefined): string | undefined {
  if (!q) return undefined;
  const id = normaliseIdNumber(q);
  return ID_NUMBER_SHAPE.test(id) ? id : q;
}

@Component({
  selector: 'bx-case-list-page',
  imports: [
    FormsModule,
    RouterLink,
    TranslocoPipe,
    NzButtonModule,
    NzInputModule,
    NzSelectModule,
    LabelPipe,
    ChinaTimePipe,
    ListError,
    ListFilters,
    RegionPicker,
    ListCard,
    ListCell,
    ResponsiveList,
    CaseCard,
    CaseFollowUp,
    CaseStateTags,
  ],
  templateUrl: './case-list.page.html',
  styleUrls: ['../admin/admin-list.css', './case-list.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseListPage implements OnInit {
  private readonly api = inject(CasesApi);
  private readonly auth = inject(AuthStore);

  /** Query parameter: only this child's cases (e.g. from "already open"). */
  readonly studentId = input<string>();
  private readonly route = inject(ActivatedRoute);
  /** Filters a link may carry beyond the form's own (the dashboard's figures do). */
  private readonly linkOnly = signal<Partial<CaseListQuery>>({});
  protected readonly hasLinkFilters = computed(() => Object.keys(this.linkOnly()).length > 0);

  protected clearLinkFilters(): void {
    this.linkOnly.set({});
    this.list.search();
  }

  protected readonly states = CASE_STATES;
  protected readonly types = CASE_TYPES;
  protected readonly reasons = CASE_REASONS;
  protected readonly flags = SPECIAL_STATUS_FLAGS;
  protected readonly sorts = CASE_SORTS;
  protected readonly stateLabels = CASE_STATE_LABELS;
  protected readonly typeLabels = CASE_TYPE_LABELS;
  protected readonly reasonLabels = CASE_REASON_LABELS;
  protected readonly flagLabels = SPECIAL_STATUS_FLAG_LABELS;

  protected readonly state = signal<CaseState | null>(null);
  protected readonly type = signal<CaseType | null>(null);
  protected readonly reason = signal<CaseReason | null>(null);
  protected readonly flag = signal<SpecialStatusFlag | null>(null);
  protected readonly regionId = signal<string | null>(null);
  protected readonly schoolId = signal<string | null>(null);
  protected readonly overdue = signal(false);
  protected readonly openedFrom = signal('');
  protected readonly openedTo = signal('');
  protected readonly sort = signal<CaseSort>(DEFAULT_SORT);

  /** Region and school filters make sense only to users whose scope is a region. */
  protected readonly regionScoped = computed(() => this.auth.user()?.scope.kind === 'region');
  /** Schools in scope, fetched the first time the school filter opens. */
  protected readonly schools = new SchoolOptions(() => this.api.schools());

  protected readonly list = new PagedList<CaseSummary>(({ q, page, pageSize }) =>
    this.api.list(this.query(q, page, pageSize)),
  );
  protected readonly link = (c: CaseSummary): string[] => ['/cases', c.id];
  protected readonly isOverdue = (c: CaseSummary): boolean => c.overdue;

  ngOnInit(): void {
    this.applyLinkFilters();
    void this.list.load();
  }

  /** Starts from the filters a link carried; unknown codes are ignored. */
  private applyLinkFilters(): void {
    // Read from the URL rather than bound as inputs: the names are the list's own filters.
    const params = this.route.snapshot.queryParamMap;
    const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | null =>
      allowed.includes(value as T) ? (value as T) : null;
    this.state.set(pick(params.get('state'), CASE_STATES));
    this.reason.set(pick(params.get('reason'), CASE_REASONS));
    this.flag.set(pick(params.get('flag'), SPECIAL_STATUS_FLAGS));
    this.regionId.set(params.get('regionId') || null);
    this.schoolId.set(params.get('schoolId') || null);
    this.overdue.set(params.get('overdue') === 'true');
    this.openedFrom.set(params.get('openedFrom') ?? '');
    this.openedTo.set(params.get('openedTo') ?? '');
    const extra: Partial<CaseListQuery> = {};
    for (const key of [
      'householdRegionId',
      'took',
      'tookFrom',
      'tookTo',
      'closedFrom',
      'closedTo',
    ] as const) {
      const value = params.get(key);
      if (value) extra[key] = value;
    }
    if (params.get('overdueItems') === 'true') extra.overdueItems = true;
    this.linkOnly.set(extra);
  }

  private query(q: string | undefined, page: number, pageSize: number): CaseListQuery {
    const [sort, order] = this.sort().split(':') as [CaseSortField, 'asc' | 'desc'];
    const query: CaseListQuery = {
      q: caseSearchText(q),
      state: this.state() ?? undefined,
      type: this.type() ?? undefined,
      reason: this.reason() ?? undefined,
      flag: this.flag() ?? undefined,
      regionId: this.regionId() ?? undefined,
      schoolId: this.schoolId() ?? undefined,
      studentId: this.studentId() || undefined,
      openedFrom: this.openedFrom() || undefined,
      openedTo: this.openedTo() || undefined,
      ...this.linkOnly(),
      page,
      pageSize,
    };
    if (this.overdue()) query.overdue = true;
    if (this.sort() !== DEFAULT_SORT) Object.assign(query, { sort, order });
    return query;
  }

  /** Sets one filter and searches again from the first page. */
  protected filter<T>(target: { set(value: T): void }, value: T): void {
    target.set(value);
    this.list.search();
  }
}
