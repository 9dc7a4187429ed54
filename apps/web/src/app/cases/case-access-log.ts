import { ChangeDetectionStrategy, Component, inject, input, OnInit } from '@angular/core';
import type { CaseAccessEntry } from '@baoxue/contracts';
import { ROLE_LABELS } from '@baoxue/domain';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { CardPagination } from '../shared/ui/card-pagination';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { ListError } from '../shared/ui/list-error';
import { CasesApi } from './cases.api';

/** Audit actions with their own wording (`cases.accessLog.actions.<action, dots as _>`). */
const KNOWN_ACTIONS: readonly string[] = [
  'case.read',
  'case.open',
  'case.transition',
  'case.assign_responsible',
  'case.intervention',
  'case.notice',
  'case.refer',
  'student.read',
  'student.reveal',
  'student.update',
  'student.create',
  'student.merge',
];

const PAGE_SIZE = 10;

/**
 * 谁查看过此记录: the audit entries about the case and its child, newest first, for those
 * who may read the audit log (the page shows this panel only to them).
 */
@Component({
  selector: 'bx-case-access-log',
  imports: [TranslocoPipe, NzSpinModule, LabelPipe, CardPagination, ChinaTimePipe, ListError],
  template: `
    <section class="card section" data-testid="case-access-log">
      <h2 class="section-title">{{ 'cases.accessLog.title' | transloco }}</h2>
      <p class="hint">{{ 'cases.accessLog.hint' | transloco }}</p>
      @if (list.errorKey(); as key) {
        <bx-list-error [errorKey]="key" (retry)="list.load()" />
      }
      <nz-spin [nzSpinning]="list.loading()">
        <ol class="entries">
          @for (e of list.items(); track e.id) {
            <li class="entry" data-testid="case-access-entry">
              <div class="entry-head">
                <span class="entry-action">
                  @if (actionKey(e.action); as key) {
                    {{ key | transloco }}
                  } @else {
                    {{ e.action }}
                  }
                </span>
                <time class="entry-at" [attr.datetime]="e.at">{{ e.at | bxChinaTime }}</time>
              </div>
              <div class="entry-meta">
                {{ e.actorName ?? ('cases.accessLog.unknownActor' | transloco) }}
                @if (e.actorRole) {
                  · {{ roleLabels[e.actorRole] | bxLabel }}
                }
                @if (e.clientAddress) {
                  · <span class="mono">{{ e.clientAddress }}</span>
                }
              </div>
              @if (e.reason) {
                <div class="entry-reason">
                  {{ 'cases.accessLog.reason' | transloco }}{{ 'cases.interventions.colon' | transloco
                  }}{{ e.reason }}
                </div>
              }
            </li>
          } @empty {
            @if (!list.loading() && !list.errorKey()) {
              <li class="none">{{ 'cases.accessLog.none' | transloco }}</li>
            }
          }
        </ol>
      </nz-spin>
      <bx-card-pagination [list]="list" />
    </section>
  `,
  styles: `
    :host {
      display: block;
    }

    .section {
      margin-bottom: 16px;
    }

    .section-title {
      margin: 0 0 4px;
      font-size: 16px;
      font-weight: 600;
    }

    .hint,
    .entry-meta,
    .entry-at {
      font-size: 13px;
      color: var(--bx-text-secondary);
    }

    .hint {
      margin: 0 0 8px;
    }

    .entries {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    .entry {
      padding: 8px 0;
      border-top: 1px solid var(--bx-border);
    }

    .entry:first-child {
      border-top: 0;
    }

    .entry-head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 8px;
    }

    .entry-action {
      font-weight: 500;
    }

    .entry-reason {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }

    .mono {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    }

    .none {
      color: var(--bx-text-tertiary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseAccessLog implements OnInit {
  private readonly api = inject(CasesApi);

  readonly caseId = input.required<string>();

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly list = new PagedList<CaseAccessEntry>(
    ({ page, pageSize }) => this.api.accessLog(this.caseId(), page, pageSize),
    PAGE_SIZE,
  );

  ngOnInit(): void {
    void this.list.load();
  }

  /** The wording of a known action; an unknown one shows as its code. */
  protected actionKey(action: string): string | null {
    return KNOWN_ACTIONS.includes(action) ? `cases.accessLog.actions.${action.replace('.', '_')}` : null;
  }
}
