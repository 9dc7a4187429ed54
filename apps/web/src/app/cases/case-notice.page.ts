import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CaseNotice, CaseNoticeKind } from '@baoxue/contracts';
import { ESCALATION_STEP_LABELS } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { FormStatus } from '../shared/api/form-status';
import { PrintSheet } from '../shared/ui/print-sheet';
import { CasesApi } from './cases.api';
import {
  chineseDate,
  guardiansText,
  interventionKindText,
  orderNumberText,
  outcomeText,
  partiesText,
  reasonsText,
  schoolText,
  sexText,
} from './notice-text';

/**
 * A notice to print on A4, from the case's data: the written order to the guardian
 * (限期返校通知书, with its tear-off receipt) or the written report to the town government
 * and the education bureau (书面报告). The document is Chinese; only the toolbar is translated.
 */
@Component({
  selector: 'bx-case-notice-page',
  imports: [RouterLink, TranslocoPipe, NzAlertModule, NzButtonModule, NzIconModule, NzSpinModule, PrintSheet],
  templateUrl: './case-notice.page.html',
  styleUrl: './case-notice.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseNoticePage implements OnInit {
  private readonly api = inject(CasesApi);
  private readonly document = inject(DOCUMENT);

  /** Route parameter: the case. */
  readonly id = input.required<string>();
  /** Route parameter of the written order: its intervention. */
  readonly interventionId = input<string>();
  /** Route data: which notice. */
  readonly kind = input.required<CaseNoticeKind>();

  protected readonly status = new FormStatus(false);
  protected readonly notice = signal<CaseNotice | null>(null);

  protected readonly chineseDate = chineseDate;
  protected readonly kindText = interventionKindText;
  protected readonly outcomeText = outcomeText;
  protected readonly stepLabels = ESCALATION_STEP_LABELS;

  protected readonly text = computed(() => {
    const n = this.notice();
    if (!n) return null;
    return {
      number: orderNumberText(n.number, n.issuedOn),
      guardians: guardiansText(n),
      sex: sexText(n),
      school: schoolText(n),
      reasons: reasonsText(n),
      recipients: partiesText(n.recipients),
    };
  });

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    const interventionId = this.interventionId();
    await this.status.load(
      () =>
        this.kind() === 'written_order' && interventionId
          ? this.api.writtenOrder(this.id(), interventionId)
          : this.api.townshipReport(this.id()),
      (notice) => this.notice.set(notice),
    );
  }

  protected print(): void {
    this.document.defaultView?.print();
  }
}
