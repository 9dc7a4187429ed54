import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { HandoverCase, HandoverChild as HandoverChildView } from '@baoxue/contracts';
import { CASE_REASON_LABELS, CASE_STATE_LABELS, CASE_TYPE_LABELS, SEX_LABELS } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { CASE_STATE_COLORS } from '../case-rules';

/** The masked child and the case's codes, as a department or a receiving region sees them. */
@Component({
  selector: 'bx-handover-child',
  imports: [TranslocoPipe, NzTagModule, LabelPipe],
  template: `
    <div class="child-head">
      <span class="child-name">{{ child().fullName }}</span>
      <span class="child-meta"
        >{{ sexLabels[child().sex] | bxLabel }} ·
        {{ 'referrals.child.age' | transloco: { age: child().age } }}</span
      >
      <nz-tag [nzColor]="stateColors[case().state]">{{ stateLabels[case().state] | bxLabel }}</nz-tag>
    </div>
    <div class="child-meta">
      {{ 'referrals.child.idNumber' | transloco }}{{ 'referrals.colon' | transloco
      }}{{ child().idNumberMasked ?? ('referrals.child.noIdNumber' | transloco) }}
    </div>
    <div class="child-meta">
      {{ 'referrals.child.household' | transloco }}{{ 'referrals.colon' | transloco
      }}{{ child().householdPlace }}
    </div>
    <div class="child-meta">
      {{ typeLabels[case().type] | bxLabel }} · {{ reasonLabels[case().primaryReason] | bxLabel }}
      @for (r of case().otherReasons; track r) {
        · {{ reasonLabels[r] | bxLabel }}
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .child-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .child-name {
      font-weight: 600;
    }
    .child-meta {
      font-size: 13px;
      color: var(--bx-text-secondary);
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HandoverChild {
  readonly child = input.required<HandoverChildView>();
  readonly case = input.required<HandoverCase>();

  protected readonly sexLabels = SEX_LABELS;
  protected readonly typeLabels = CASE_TYPE_LABELS;
  protected readonly stateLabels = CASE_STATE_LABELS;
  protected readonly reasonLabels = CASE_REASON_LABELS;
  protected readonly stateColors = CASE_STATE_COLORS;
}
