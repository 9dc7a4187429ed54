import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { FieldCaseCard } from '@baoxue/contracts';
import {
  ageOn,
  CASE_REASON_LABELS,
  CASE_STATE_LABELS,
  chinaToday,
  daysBetween,
  DUE_KIND_LABELS,
  GUARDIAN_RELATION_LABELS,
  INTERVENTION_KIND_LABELS,
  INTERVENTION_OUTCOME_LABELS,
  SEX_LABELS,
  SPECIAL_STATUS_FLAG_LABELS,
} from '@baoxue/domain';
import { Outbox } from '../../offline/outbox';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { daysOverdueLabel, dueInLabel } from '../../work/work-texts';
import { FieldData, isUnreachable } from '../field-data';
import { FieldStatus } from '../field-status';
import {
  ageLabel,
  FIELD_TEXTS,
  gradeLabel,
  OUTBOX_KIND_LABELS,
  photoCountLabel,
  worksAwayLabel,
} from '../field-texts';

type Problem = 'not_found' | 'not_kept' | 'failed';

/** Digits and a leading + only: what a `tel:` link dials. */
export function telLink(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/**
 * The case card (个案卡): everything a village official needs on the doorstep — the child,
 * the guardians to call, the address, whereabouts and plan, the last intervention, what is
 * due — and the way to record a visit. Readable offline from the cards kept on the phone;
 * visits still in the outbox show as "等待发送".
 */
@Component({
  selector: 'bx-field-case-page',
  imports: [RouterLink, LabelPipe, ChinaTimePipe, FieldStatus],
  templateUrl: './field-case.page.html',
  styleUrls: ['../field.css', './field-case.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldCasePage {
  private readonly data = inject(FieldData);
  private readonly outbox = inject(Outbox);

  /** The case id, from the route. */
  readonly id = input.required<string>();

  protected readonly texts = FIELD_TEXTS;
  protected readonly stateLabels = CASE_STATE_LABELS;
  protected readonly reasonLabels = CASE_REASON_LABELS;
  protected readonly sexLabels = SEX_LABELS;
  protected readonly flagLabels = SPECIAL_STATUS_FLAG_LABELS;
  protected readonly relationLabels = GUARDIAN_RELATION_LABELS;
  protected readonly kindLabels = INTERVENTION_KIND_LABELS;
  protected readonly outcomeLabels = INTERVENTION_OUTCOME_LABELS;
  protected readonly dueKindLabels = DUE_KIND_LABELS;
  protected readonly outboxKindLabels = OUTBOX_KIND_LABELS;
  protected readonly tel = telLink;
  protected readonly worksAway = worksAwayLabel;
  protected readonly photosLabel = photoCountLabel;

  protected readonly card = signal<FieldCaseCard | null>(null);
  protected readonly loading = signal(false);
  protected readonly problem = signal<Problem | null>(null);
  protected readonly copied = signal(false);

  private readonly today = chinaToday(new Date());

  protected readonly facts = computed(() => {
    const student = this.card()?.student;
    if (!student) return null;
    return {
      age: ageLabel(ageOn(student.birthDate, this.today)),
      grade: gradeLabel(student.grade),
    };
  });

  protected readonly due = computed(() =>
    (this.card()?.dueItems ?? []).map((item) => {
      const daysOverdue = daysBetween(item.dueOn, this.today);
      return {
        item,
        overdue: daysOverdue > 0,
        when: daysOverdue > 0 ? daysOverdueLabel(daysOverdue) : dueInLabel(daysOverdue),
      };
    }),
  );

  /** This case's writes still on the phone. */
  protected readonly pending = computed(() =>
    this.outbox.pending().filter((entry) => entry.caseId === this.id()),
  );

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.load(id));
    });
    // Once a waiting visit or edit has gone, the server has it: show the card as it is now.
    let waiting = 0;
    effect(() => {
      const now = this.pending().length;
      if (now < waiting) untracked(() => void this.load(this.id()));
      waiting = now;
    });
  }

  protected async load(id: string): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const card = await this.data.card(id);
      if (id !== this.id()) return;
      this.card.set(card);
      if (!card) this.problem.set(this.data.fromDevice() ? 'not_kept' : 'not_found');
    } catch (error) {
      if (id !== this.id()) return;
      this.problem.set(isUnreachable(error) ? 'not_kept' : 'failed');
    } finally {
      this.loading.set(false);
    }
  }

  protected async copyAddress(address: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(address);
      this.copied.set(true);
      setTimeout(() => this.copied.set(false), 2000);
    } catch {
      // No clipboard (an old browser, no permission): the address is on screen to read.
    }
  }
}
