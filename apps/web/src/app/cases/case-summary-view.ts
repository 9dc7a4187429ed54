import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CaseSummary } from '@baoxue/contracts';
import { CASE_REASON_LABELS, CASE_STATE_LABELS, CASE_TYPE_LABELS } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { CASE_STATE_COLORS } from './case-rules';

/** A case's state tag, with the pending closing request beside it. */
@Component({
  selector: 'bx-case-state-tags',
  imports: [TranslocoPipe, NzTagModule, LabelPipe],
  template: `
    <nz-tag [nzColor]="colors[summary().state]" data-testid="case-state">{{
      stateLabels[summary().state] | bxLabel
    }}</nz-tag>
    @if (summary().closingRequested) {
      <nz-tag nzColor="purple">{{ 'cases.closingRequested' | transloco }}</nz-tag>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
    }

    nz-tag {
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseStateTags {
  readonly summary = input.required<CaseSummary>();
  protected readonly colors = CASE_STATE_COLORS;
  protected readonly stateLabels = CASE_STATE_LABELS;
}

/** The next follow-up day, marked when overdue (`<prefix>-follow-up`, `<prefix>-overdue`). */
@Component({
  selector: 'bx-case-follow-up',
  imports: [TranslocoPipe],
  template: `
    <span [class.overdue]="summary().overdue" [attr.data-testid]="testIdPrefix() + '-follow-up'">
      @if (label()) {
        {{ 'cases.mine.nextFollowUp' | transloco }}{{ 'cases.interventions.colon' | transloco }}
      }
      {{ summary().nextFollowUpOn ?? '—' }}
      @if (summary().overdue) {
        <span class="overdue-mark" [attr.data-testid]="testIdPrefix() + '-overdue'">{{
          'cases.mine.overdue' | transloco
        }}</span>
      }
    </span>
  `,
  styles: `
    .overdue {
      color: #cf1322;
      font-weight: 500;
    }

    .overdue-mark {
      margin-left: 6px;
      padding: 0 6px;
      border-radius: 4px;
      background: #fff1f0;
      color: #cf1322;
      font-size: 12px;
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseFollowUp {
  readonly summary = input.required<CaseSummary>();
  /** Test ids of the line and the mark: `case` or `my-case`. */
  readonly testIdPrefix = input('case');
  /** Say what the date is (on cards; a table has the column header). */
  readonly label = input(false);
}

/**
 * A case as a card on a phone (case list, my cases): the child, state, masked ID, type and
 * reason, the persuasion count and the next follow-up; a page adds its own lines below.
 */
@Component({
  selector: 'bx-case-card',
  imports: [TranslocoPipe, LabelPipe, ChinaTimePipe, CaseStateTags, CaseFollowUp],
  template: `
    <span class="card-head">
      <span class="item-title">{{ summary().student.fullName }}</span>
      <bx-case-state-tags [summary]="summary()" />
    </span>
    @if (summary().student.idNumberMasked) {
      <span class="item-meta mono">{{ summary().student.idNumberMasked }}</span>
    }
    <span class="item-meta">
      {{ typeLabels[summary().type] | bxLabel }} · {{ reasonLabels[summary().primaryReason] | bxLabel }}
    </span>
    <span class="item-meta">
      {{ 'cases.interventions.attempts' | transloco: { count: summary().persuasionAttempts } }} ·
      {{ 'cases.openedOn' | transloco }} {{ (summary().openedAt | bxChinaTime).slice(0, 10) }}
    </span>
    <ng-content />
    <span class="item-meta">
      <bx-case-follow-up [summary]="summary()" [testIdPrefix]="testIdPrefix()" [label]="true" />
    </span>
  `,
  // item-title and item-meta, as on the other list cards.
  styleUrls: ['../admin/admin-list.css'],
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }

    .card-head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 8px;
    }

    .mono {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      letter-spacing: 0.02em;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseCard {
  readonly summary = input.required<CaseSummary>();
  readonly testIdPrefix = input('case');
  protected readonly typeLabels = CASE_TYPE_LABELS;
  protected readonly reasonLabels = CASE_REASON_LABELS;
}
