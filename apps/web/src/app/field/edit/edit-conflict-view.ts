import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import type { EditableCaseField } from '@baoxue/contracts';
import { editedFields, FieldChoice, FieldConflict, reconcileEdit } from '../../offline/case-edit-conflict';
import { Outbox, OutboxEntry } from '../../offline/outbox';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { LanguageService } from '../../shared/i18n/language.service';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { CASE_FIELD_LABELS } from './case-edit-form';
import { CASE_EDIT_TEXTS } from './case-edit-texts';

/**
 * An offline edit that met a newer server version: per field, the user's value and the
 * server's side by side, one to choose each. Nothing is sent or dropped until they decide.
 */
@Component({
  selector: 'bx-edit-conflict-view',
  imports: [LabelPipe, ChinaTimePipe],
  template: `
    <section
      class="conflict"
      data-testid="edit-conflict"
      role="group"
      [attr.aria-label]="texts.conflictTitle | bxLabel"
    >
      <h2>{{ texts.conflictTitle | bxLabel }}</h2>
      <p class="intro">{{ texts.conflictIntro | bxLabel }}</p>
      @for (c of conflicts(); track c.field) {
        <fieldset class="field" [attr.data-testid]="'conflict-' + c.field">
          <legend>{{ labels[c.field] | bxLabel }}</legend>
          <div class="sides">
            <button
              type="button"
              class="side"
              [class.on]="choices()[c.field] === 'mine'"
              [attr.aria-pressed]="choices()[c.field] === 'mine'"
              [attr.data-testid]="'conflict-' + c.field + '-mine'"
              (click)="choose(c.field, 'mine')"
            >
              <span class="side-title">{{ texts.mine | bxLabel }}</span>
              <span class="value">{{ c.mine ?? (texts.empty | bxLabel) }}</span>
            </button>
            <button
              type="button"
              class="side"
              [class.on]="choices()[c.field] === 'theirs'"
              [attr.aria-pressed]="choices()[c.field] === 'theirs'"
              [attr.data-testid]="'conflict-' + c.field + '-theirs'"
              (click)="choose(c.field, 'theirs')"
            >
              <span class="side-title">
                {{ texts.theirs | bxLabel }}
                @if (entry().conflict; as current) {
                  <small>{{ texts.updatedAt | bxLabel }} {{ current.updatedAt | bxChinaTime }}</small>
                }
              </span>
              <span class="value">{{ c.theirs ?? (texts.empty | bxLabel) }}</span>
            </button>
          </div>
        </fieldset>
      }
      @if (!allChosen()) {
        <p class="hint">{{ texts.chooseAll | bxLabel }}</p>
      }
      <div class="actions">
        <button type="button" class="button secondary" data-testid="conflict-discard" (click)="discard()">
          {{ texts.discardMine | bxLabel }}
        </button>
        <button
          type="button"
          class="button primary"
          data-testid="conflict-send"
          [disabled]="!allChosen() || busy()"
          (click)="send()"
        >
          {{ texts.sendChoice | bxLabel }}
        </button>
      </div>
    </section>
  `,
  styles: `
    .conflict {
      margin-bottom: 24px;
      padding: 12px;
      border: 1px solid #ffd591;
      border-radius: 12px;
      background: #fff7e6;
    }
    h2 {
      margin: 0 0 4px;
      font-size: 16px;
      font-weight: 600;
    }
    .intro,
    .hint {
      margin: 0 0 12px;
      font-size: 14px;
      color: var(--bx-text-secondary);
    }
    .field {
      margin: 0 0 12px;
      padding: 0;
      border: 0;
    }
    legend {
      margin-bottom: 6px;
      font-size: 15px;
      font-weight: 500;
    }
    .sides {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 8px;
    }
    .side {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-height: 88px;
      padding: 8px;
      border: 2px solid var(--bx-border);
      border-radius: 8px;
      background: #fff;
      text-align: left;
      font-size: 14px;
      overflow-wrap: anywhere;
    }
    .side.on {
      border-color: var(--bx-primary);
      background: var(--bx-primary-soft);
    }
    .side-title {
      font-weight: 600;
      color: var(--bx-primary);
    }
    small {
      display: block;
      font-weight: 400;
      color: var(--bx-text-secondary);
    }
    .value {
      white-space: pre-wrap;
    }
    .actions {
      display: flex;
      gap: 8px;
    }
    .button {
      flex: 1;
      min-height: 48px;
      border-radius: 8px;
      font-size: 15px;
    }
    .primary {
      border: 0;
      background: var(--bx-primary);
      color: #fff;
    }
    .primary:disabled {
      opacity: 0.5;
    }
    .secondary {
      border: 1px solid var(--bx-primary);
      background: #fff;
      color: var(--bx-primary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EditConflictView {
  private readonly outbox = inject(Outbox);
  private readonly language = inject(LanguageService).language;

  readonly entry = input.required<OutboxEntry>();
  /** The user decided (sent their choice or discarded their edit). */
  readonly settled = output<void>();

  protected readonly texts = CASE_EDIT_TEXTS;
  protected readonly labels = CASE_FIELD_LABELS;
  protected readonly choices = signal<Partial<Record<EditableCaseField, FieldChoice>>>({});
  protected readonly busy = signal(false);

  /** The fields to decide; when a repeated rebase left none, every edited field is shown. */
  protected readonly conflicts = computed<FieldConflict[]>(() => {
    const { edit, conflict, base } = this.entry();
    if (!edit || !conflict) return [];
    const { conflicts } = reconcileEdit(edit, base.fields, conflict);
    if (conflicts.length > 0) return conflicts;
    return editedFields(edit).map((field) => ({
      field,
      mine: edit[field] ?? null,
      theirs: conflict[field] ?? null,
    }));
  });

  protected readonly allChosen = computed(() => this.conflicts().every((c) => this.choices()[c.field]));

  protected choose(field: EditableCaseField, choice: FieldChoice): void {
    this.choices.update((c) => ({ ...c, [field]: choice }));
  }

  protected async send(): Promise<void> {
    this.busy.set(true);
    try {
      await this.outbox.resolveConflict(this.entry().clientId, this.choices());
      this.settled.emit();
    } finally {
      this.busy.set(false);
    }
  }

  protected async discard(): Promise<void> {
    const text = this.texts.discardConfirm;
    if (!confirm(this.language() === 'en' ? text.en : text.zh)) return;
    await this.outbox.discard(this.entry().clientId);
    this.settled.emit();
  }
}
