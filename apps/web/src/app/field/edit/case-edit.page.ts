import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { EDITABLE_CASE_FIELDS, EditableCaseField, FieldCaseCard } from '@baoxue/contracts';
import { Outbox } from '../../offline/outbox';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { FieldData } from '../field-data';
import {
  CASE_FIELD_LABELS,
  CASE_FIELD_MAX_LENGTHS,
  CaseFieldValues,
  changedFields,
  editRequest,
  shownValues,
  tooLong,
} from './case-edit-form';
import { CASE_EDIT_TEXTS } from './case-edit-texts';
import { EditConflictView } from './edit-conflict-view';

type FormValues = Record<EditableCaseField, string>;

/**
 * /field/cases/:id/edit — 去向 / 帮扶计划 / 原因说明, with or without a network: the edit goes to
 * the outbox with the version read. An edit that meets a newer version comes back here with
 * both sides shown per field (EditConflictView).
 */
@Component({
  selector: 'bx-case-edit-page',
  imports: [RouterLink, LabelPipe, EditConflictView],
  template: `
    <div class="sheet">
      <a class="back" [routerLink]="['/field/cases', id()]">‹ {{ texts.back | bxLabel }}</a>
      <h1 class="page-title">
        {{ texts.title | bxLabel }}
        @if (card(); as c) {
          <span class="child">{{ c.student.fullName }}</span>
        }
      </h1>
      @for (entry of conflicts(); track entry.clientId) {
        <bx-edit-conflict-view [entry]="entry" (settled)="backToCard()" />
      }
      @if (conflicts().length > 0) {
        <!-- One decision at a time: the form returns once the conflict is settled. -->
      } @else if (!loaded()) {
        <p class="hint">{{ texts.loading | bxLabel }}</p>
      } @else if (!card()) {
        <p class="warn" data-testid="edit-unknown">{{ texts.unknownCase | bxLabel }}</p>
      } @else {
        <form (submit)="$event.preventDefault(); save()" novalidate>
          @for (field of fields; track field) {
            <label class="group">
              <span class="label">{{ labels[field] | bxLabel }}</span>
              <textarea
                class="field"
                [rows]="field === 'plan' ? 6 : 3"
                [maxLength]="limits[field]"
                [value]="values()[field]"
                [attr.data-testid]="'edit-' + field"
                (input)="set(field, $event)"
              ></textarea>
              @if (overLimit().includes(field)) {
                <span class="problem">{{ texts.tooLong | bxLabel }}</span>
              }
            </label>
          }
          @if (nothingChanged()) {
            <p class="hint" role="status" data-testid="edit-nothing">{{ texts.nothingChanged | bxLabel }}</p>
          }
          @if (saveFailed()) {
            <p class="problem" role="alert">{{ texts.saveFailed | bxLabel }}</p>
          }
          <button type="submit" class="button" data-testid="edit-save" [disabled]="saving()">
            {{ (saving() ? texts.saving : texts.save) | bxLabel }}
          </button>
        </form>
      }
    </div>
  `,
  styles: `
    .sheet {
      max-width: 560px;
      margin: 0 auto;
    }
    .back {
      display: inline-flex;
      align-items: center;
      min-height: 44px;
      color: var(--bx-primary);
    }
    .child {
      margin-left: 8px;
      font-weight: 400;
      color: var(--bx-text-secondary);
    }
    .group {
      display: block;
      margin-bottom: 16px;
    }
    .label {
      display: block;
      margin-bottom: 6px;
      font-weight: 500;
    }
    .field {
      box-sizing: border-box;
      width: 100%;
      padding: 8px 12px;
      border: 1px solid var(--bx-border);
      border-radius: 8px;
      font-size: 16px;
      line-height: 1.5;
      resize: vertical;
    }
    .hint {
      color: var(--bx-text-secondary);
    }
    .warn {
      padding: 8px 12px;
      border-radius: 8px;
      background: #fff7e6;
      color: #ad4e00;
    }
    .problem {
      display: block;
      margin-top: 4px;
      color: #cf1322;
    }
    .button {
      width: 100%;
      min-height: 48px;
      border: 0;
      border-radius: 8px;
      background: var(--bx-primary);
      color: #fff;
      font-size: 16px;
      font-weight: 600;
    }
    .button:disabled {
      opacity: 0.6;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseEditPage implements OnInit {
  private readonly fieldData = inject(FieldData);
  private readonly outbox = inject(Outbox);
  private readonly router = inject(Router);

  /** The case id (route parameter). */
  readonly id = input.required<string>();

  protected readonly texts = CASE_EDIT_TEXTS;
  protected readonly labels = CASE_FIELD_LABELS;
  protected readonly limits = CASE_FIELD_MAX_LENGTHS;
  protected readonly fields = EDITABLE_CASE_FIELDS;

  protected readonly card = signal<FieldCaseCard | null>(null);
  protected readonly loaded = signal(false);
  protected readonly values = signal<FormValues>({ whereabouts: '', plan: '', reasonNote: '' });
  protected readonly saving = signal(false);
  protected readonly saveFailed = signal(false);
  protected readonly nothingChanged = signal(false);
  protected readonly submitted = signal(false);

  protected readonly conflicts = computed(() =>
    this.outbox.entriesFor(this.id()).filter((e) => e.kind === 'case_edit' && e.status === 'conflict'),
  );
  protected readonly overLimit = computed(() => (this.submitted() ? tooLong(this.values()) : []));

  /** What the form started from: the card with the edits still waiting laid over it. */
  private before: CaseFieldValues = { whereabouts: null, plan: null, reasonNote: null };
  private readAt: string | null = null;

  async ngOnInit(): Promise<void> {
    try {
      const card = await this.fieldData.card(this.id());
      this.readAt = this.fieldData.fetchedAt();
      this.card.set(card);
      if (card) {
        const waiting = this.outbox
          .entriesFor(this.id())
          .filter((e) => e.kind === 'case_edit' && e.status === 'pending')
          .flatMap((e) => (e.edit ? [e.edit] : []));
        this.before = shownValues(
          { whereabouts: card.whereabouts, plan: card.plan, reasonNote: card.reasonNote },
          waiting,
        );
        this.values.set({
          whereabouts: this.before.whereabouts ?? '',
          plan: this.before.plan ?? '',
          reasonNote: this.before.reasonNote ?? '',
        });
      }
    } catch {
      // Without the card there is no version to edit against: the page says so.
    } finally {
      this.loaded.set(true);
    }
  }

  protected async backToCard(): Promise<void> {
    await this.router.navigate(['/field/cases', this.id()]);
  }

  protected set(field: EditableCaseField, event: Event): void {
    const value = (event.target as HTMLTextAreaElement).value;
    this.values.update((v) => ({ ...v, [field]: value }));
    this.nothingChanged.set(false);
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    const card = this.card();
    if (!card || this.saving() || tooLong(this.values()).length > 0) return;
    const changed = changedFields(this.before, this.values());
    if (Object.keys(changed).length === 0) {
      this.nothingChanged.set(true);
      return;
    }
    this.saving.set(true);
    this.saveFailed.set(false);
    try {
      await this.outbox.enqueueCaseEdit(this.id(), editRequest(card.version, changed), {
        childName: card.student.fullName,
        state: card.state,
        readAt: this.readAt,
        fields: this.before,
      });
      await this.router.navigate(['/field/cases', this.id()]);
    } catch {
      this.saveFailed.set(true);
    } finally {
      this.saving.set(false);
    }
  }
}
