import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { OpenedByAttendance } from '@baoxue/contracts';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ATTENDANCE_TEXTS, runLabel } from './attendance-texts';

/** The suspected dropout cases that saving attendance opened (roll call or import), each with its link. */
@Component({
  selector: 'bx-opened-cases',
  imports: [RouterLink, LabelPipe],
  template: `
    <section class="opened" role="alert" [attr.data-testid]="testIdPrefix() + '-opened-cases'">
      <h2>{{ texts.openedCasesTitle | bxLabel }}</h2>
      <ul>
        @for (opened of cases(); track opened.caseId) {
          <li>
            <span class="opened-name">{{ opened.studentName }}</span>
            <span class="opened-run">{{ runLabel(opened.run) | bxLabel }}</span>
            <a
              [routerLink]="['/cases', opened.caseId]"
              [attr.data-testid]="testIdPrefix() + '-opened-case-link'"
              >{{ texts.viewCase | bxLabel }}</a
            >
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    :host {
      display: block;
    }

    .opened {
      padding: 12px 14px;
      border: 1px solid #ffccc7;
      border-radius: 10px;
      background: #fff2f0;
    }

    h2 {
      margin: 0 0 6px;
      font-size: 15px;
      font-weight: 600;
      color: #a8071a;
    }

    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      min-height: 44px;
    }

    .opened-name {
      font-weight: 500;
    }

    .opened-run {
      font-size: 13px;
      color: var(--bx-text-secondary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OpenedCases {
  readonly cases = input.required<readonly OpenedByAttendance[]>();
  /** The page's test-id prefix ('roll', 'import'): the browser tests look for `<prefix>-opened-cases`. */
  readonly testIdPrefix = input.required<string>();

  protected readonly texts = ATTENDANCE_TEXTS;
  protected readonly runLabel = runLabel;
}
