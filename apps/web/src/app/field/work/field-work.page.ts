import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FieldCaseCard } from '@baoxue/contracts';
import { CASE_STATE_LABELS, chinaToday, DUE_KIND_LABELS } from '@baoxue/domain';
import { Outbox } from '../../offline/outbox';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { daysOverdueLabel, dueInLabel } from '../../work/work-texts';
import { dueRows } from '../due-rows';
import { FieldData, isUnreachable } from '../field-data';
import { FieldStatus } from '../field-status';
import { FIELD_TEXTS, waitingLabel } from '../field-texts';

type Problem = 'never_loaded' | 'failed';

/**
 * 今日工作: the village official's due visits and verifications from their case cards,
 * nearest deadline first (overdue in red), then every case they are responsible for.
 * Network first; offline it reads the cards kept on the phone.
 */
@Component({
  selector: 'bx-field-work-page',
  imports: [RouterLink, LabelPipe, FieldStatus],
  templateUrl: './field-work.page.html',
  styleUrl: '../field.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldWorkPage implements OnInit {
  private readonly data = inject(FieldData);
  private readonly outbox = inject(Outbox);

  protected readonly texts = FIELD_TEXTS;
  protected readonly kindLabels = DUE_KIND_LABELS;
  protected readonly stateLabels = CASE_STATE_LABELS;

  protected readonly cards = signal<FieldCaseCard[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly fromDevice = this.data.fromDevice;

  protected readonly rows = computed(() => dueRows(this.cards() ?? [], chinaToday(new Date())));
  protected readonly waiting = computed(() => {
    const count = this.outbox.pending().length;
    return count > 0 ? waitingLabel(count) : null;
  });

  constructor() {
    // Once waiting writes have gone, the server has them: due items and cards may have moved.
    let waiting = 0;
    effect(() => {
      const now = this.outbox.pending().length;
      if (now < waiting) untracked(() => void this.load());
      waiting = now;
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    if (this.loading()) return;
    this.loading.set(true);
    try {
      this.cards.set(await this.data.cards());
      this.problem.set(null);
    } catch (error) {
      // Cards already on screen stay; only a first load with nothing to show is a problem.
      if (!this.cards()) this.problem.set(isUnreachable(error) ? 'never_loaded' : 'failed');
    } finally {
      this.loading.set(false);
    }
  }

  /** "逾期 3 天" when overdue, else how soon it falls due. */
  protected when(daysOverdue: number) {
    return daysOverdue > 0 ? daysOverdueLabel(daysOverdue) : dueInLabel(daysOverdue);
  }
}
