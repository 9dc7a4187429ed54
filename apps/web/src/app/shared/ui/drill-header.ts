import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { NodeRef } from '@baoxue/contracts';
import type { Label } from '@baoxue/domain';
import { LabelPipe } from '../i18n/label.pipe';
import { Crumb } from './node-trail';

const UP_ONE_LEVEL: Label = { zh: '上一级', en: 'Up one level' };

/**
 * The head of a drill-down page (dashboard, attendance summary): the title, the breadcrumb,
 * whose earlier crumbs open their node, and the page's own controls (projected) beside them.
 */
@Component({
  selector: 'bx-drill-header',
  imports: [LabelPipe],
  template: `
    <header class="head">
      <div>
        <h1 class="page-title">{{ heading() | bxLabel }}</h1>
        <nav class="crumbs" [attr.aria-label]="trailLabel() | bxLabel" [attr.data-testid]="trailTestId()">
          @for (crumb of trail(); track crumb.ref; let last = $last) {
            @if (last) {
              <span class="crumb here" aria-current="page" data-testid="crumb-current">{{
                crumbLabel(crumb) | bxLabel
              }}</span>
            } @else {
              <a
                class="crumb"
                href=""
                data-testid="crumb"
                (click)="$event.preventDefault(); open.emit(crumb.ref)"
                >{{ crumbLabel(crumb) | bxLabel }}</a
              >
              <span class="sep" aria-hidden="true">›</span>
            }
          }
        </nav>
      </div>
      <ng-content />
    </header>
  `,
  styles: `
    :host {
      display: block;
    }

    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      justify-content: space-between;
      gap: 12px;
    }

    .page-title {
      margin: 0 0 4px;
    }

    .crumbs {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      font-size: 15px;
    }

    /* Touch targets of 44 px: the crumbs are tapped on phones. */
    .crumb {
      display: inline-flex;
      align-items: center;
      min-height: 44px;
    }

    .crumb.here {
      font-weight: 600;
    }

    .sep {
      display: inline-flex;
      align-items: center;
      color: var(--bx-text-tertiary);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DrillHeader {
  readonly heading = input.required<Label>();
  readonly trail = input.required<readonly Crumb[]>();
  /** What the breadcrumb is called for screen readers. */
  readonly trailLabel = input.required<Label>();
  readonly trailTestId = input.required<string>();
  /** A crumb was chosen: the node to go back up to. */
  readonly open = output<NodeRef>();

  protected crumbLabel(crumb: Crumb): Label {
    return crumb.name ? { zh: crumb.name, en: crumb.name } : UP_ONE_LEVEL;
  }
}
