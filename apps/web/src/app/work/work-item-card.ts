import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { WorkItem } from '@baoxue/contracts';
import { DUE_KIND_LABELS, REMINDER_STAGE_LABELS } from '@baoxue/domain';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { daysOverdueLabel, dueInLabel, WORK_ROLE_LABELS, WORK_TEXTS } from './work-texts';

/** One due item as a card that leads to where the work is done. */
@Component({
  selector: 'bx-work-item-card',
  imports: [RouterLink, NzTagModule, LabelPipe],
  template: `
    @let w = item();
    <a class="item-card work-item" [class.flagged]="w.overdue" [routerLink]="w.link" data-testid="work-item">
      <span class="item-head">
        <span class="item-title" data-testid="work-kind">{{ kindLabels[w.kind] | bxLabel }}</span>
        <span [class]="w.overdue ? 'overdue-days' : 'due-in'" data-testid="work-when">{{
          when() | bxLabel
        }}</span>
      </span>
      <span class="subject" data-testid="work-subject">{{
        w.case?.studentName ?? w.school?.name ?? ''
      }}</span>
      <span class="item-meta">{{ texts.due | bxLabel }} {{ w.dueOn }}</span>
      <span class="tags">
        <nz-tag [nzColor]="w.role === 'escalated' ? 'orange' : 'blue'" data-testid="work-role">{{
          roleLabels[w.role] | bxLabel
        }}</nz-tag>
        @if (w.stage && w.stage !== 'due') {
          <nz-tag nzColor="red" data-testid="work-stage">{{ stageLabels[w.stage] | bxLabel }}</nz-tag>
        }
      </span>
    </a>
  `,
  styleUrls: ['../admin/admin-list.css'],
  styles: `
    :host {
      display: block;
    }

    .work-item.flagged {
      border-color: #ffa39e;
      border-left: 4px solid #cf1322;
    }

    .item-head {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 8px;
    }

    .overdue-days {
      color: #cf1322;
      font-weight: 600;
      white-space: nowrap;
    }

    .due-in {
      color: var(--bx-text-secondary);
      white-space: nowrap;
    }

    .subject {
      font-size: 15px;
    }

    .tags nz-tag {
      margin: 4px 6px 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WorkItemCard {
  readonly item = input.required<WorkItem>();

  protected readonly texts = WORK_TEXTS;
  protected readonly kindLabels = DUE_KIND_LABELS;
  protected readonly stageLabels = REMINDER_STAGE_LABELS;
  protected readonly roleLabels = WORK_ROLE_LABELS;
  /** "逾期 3 天" when overdue, else how soon it falls due. */
  protected readonly when = computed(() => {
    const item = this.item();
    return item.overdue ? daysOverdueLabel(item.daysOverdue) : dueInLabel(item.daysOverdue);
  });
}
