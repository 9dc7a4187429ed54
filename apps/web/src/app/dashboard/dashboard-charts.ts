import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import type { Breakdowns, TrendGranularity, Trends } from '@baoxue/contracts';
import {
  CASE_REASON_LABELS,
  CASE_SOURCE_LABELS,
  Label,
  LabelTable,
  SPECIAL_STATUS_FLAG_LABELS,
} from '@baoxue/domain';
import type { ECElementEvent } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { LanguageService } from '../shared/i18n/language.service';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { barsHeight, breakdownOptions, reasonPieOptions, trendOptions } from './chart-options';
import { DASHBOARD_TEXTS, gradeLabel } from './dashboard-texts';

/** A bar or slice the user clicked: which breakdown, and the code behind it. */
export interface BreakdownPick {
  breakdown: 'reason' | 'flag';
  key: string;
}

/** Trend lines and the causes of open cases (ECharts, provided on the dashboard route). */
@Component({
  selector: 'bx-dashboard-charts',
  imports: [NgxEchartsDirective, LabelPipe],
  template: `
    <section class="panel" data-testid="dashboard-trends">
      <header class="panel-head">
        <h2>{{ texts.trends | bxLabel }}</h2>
        <div class="switch" role="group">
          @for (g of granularities; track g.value) {
            <button
              type="button"
              [class.on]="granularity() === g.value"
              [attr.aria-pressed]="granularity() === g.value"
              [attr.data-testid]="'trend-' + g.value"
              (click)="granularityChange.emit(g.value)"
            >
              {{ g.label | bxLabel }}
            </button>
          }
        </div>
      </header>
      @if (trendChart(); as options) {
        <div echarts class="chart" [options]="options" [autoResize]="true"></div>
      } @else {
        <p class="empty">{{ texts.noData | bxLabel }}</p>
      }
    </section>

    <section class="panel" data-testid="dashboard-causes">
      <h2>{{ texts.causes | bxLabel }}</h2>
      @if (breakdowns(); as b) {
        <div class="causes">
          <figure>
            <figcaption>{{ texts.byReason | bxLabel }}</figcaption>
            @if (b.byReason.length) {
              <div
                echarts
                class="chart"
                [options]="reasonChart()"
                (chartClick)="pick('reason', $event)"
              ></div>
            } @else {
              <p class="empty">{{ texts.noData | bxLabel }}</p>
            }
          </figure>
          @for (bars of barCharts(); track bars.title.en) {
            <figure>
              <figcaption>{{ bars.title | bxLabel }}</figcaption>
              @if (bars.rows) {
                <div
                  echarts
                  class="chart"
                  [style.height.px]="bars.height"
                  [options]="bars.options"
                  (chartClick)="bars.clickable && pick('flag', $event)"
                ></div>
              } @else {
                <p class="empty">{{ texts.noData | bxLabel }}</p>
              }
            </figure>
          }
        </div>
      } @else {
        <p class="empty">{{ texts.noData | bxLabel }}</p>
      }
    </section>
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 16px;
      min-width: 0;
    }
    .panel {
      background: #fff;
      border: 1px solid var(--bx-border);
      border-radius: 12px;
      padding: 16px;
      min-width: 0;
    }
    .panel-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    h2 {
      font-size: 18px;
      margin: 0 0 8px;
    }
    .switch button {
      border: 1px solid #d9d9d9;
      background: #fff;
      padding: 4px 12px;
      cursor: pointer;
      font-size: 14px;
    }
    .switch button.on {
      border-color: #1677ff;
      color: #1677ff;
    }
    .chart {
      width: 100%;
      height: 280px;
    }
    .causes {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(280px, 100%), 1fr));
      gap: 16px;
    }
    figure {
      margin: 0;
      min-width: 0;
    }
    figcaption {
      font-weight: 600;
      margin-bottom: 4px;
    }
    .empty {
      color: rgba(0, 0, 0, 0.45);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardCharts {
  private readonly language = inject(LanguageService).language;

  readonly trends = input<Trends | null>(null);
  readonly breakdowns = input<Breakdowns | null>(null);
  readonly granularity = input<TrendGranularity>('month');
  readonly granularityChange = output<TrendGranularity>();
  /** A reason or flag was clicked: the page opens the cases behind it. */
  readonly picked = output<BreakdownPick>();

  protected readonly texts = DASHBOARD_TEXTS;
  protected readonly granularities: { value: TrendGranularity; label: Label }[] = [
    { value: 'month', label: DASHBOARD_TEXTS.byMonth },
    { value: 'week', label: DASHBOARD_TEXTS.byWeek },
  ];

  private readonly pickLabel = computed(() => {
    const en = this.language() === 'en';
    return (label: Label): string => (en ? label.en : label.zh);
  });

  protected readonly trendChart = computed(() => {
    const trends = this.trends();
    if (!trends || trends.points.length === 0) return null;
    return trendOptions(trends, this.pickLabel());
  });

  protected readonly reasonChart = computed(() =>
    reasonPieOptions(this.breakdowns()?.byReason ?? [], this.labelFrom(CASE_REASON_LABELS)),
  );

  protected readonly barCharts = computed(() => {
    const b = this.breakdowns();
    if (!b) return [];
    const pick = this.pickLabel();
    const grade = (key: string): string => pick(gradeLabel(Number(key)));
    const byGrade = [...b.byGrade].sort((x, y) => Number(y.key) - Number(x.key));
    return [
      { title: DASHBOARD_TEXTS.byGrade, rows: byGrade, labelOf: grade, clickable: false, keepOrder: true },
      { title: DASHBOARD_TEXTS.bySource, rows: b.bySource, labelOf: this.labelFrom(CASE_SOURCE_LABELS) },
      {
        title: DASHBOARD_TEXTS.byFlag,
        rows: b.byFlag,
        labelOf: this.labelFrom(SPECIAL_STATUS_FLAG_LABELS),
        clickable: true,
      },
    ].map((chart) => ({
      title: chart.title,
      rows: chart.rows.length,
      height: barsHeight(chart.rows.length),
      clickable: chart.clickable ?? false,
      options: breakdownOptions(chart.rows, chart.labelOf, chart.keepOrder ?? false),
    }));
  });

  protected pick(breakdown: BreakdownPick['breakdown'], event: ECElementEvent): void {
    const key = (event.data as { key?: string } | undefined)?.key;
    if (key) this.picked.emit({ breakdown, key });
  }

  private labelFrom<K extends string>(table: LabelTable<K>): (key: string) => string {
    const pick = this.pickLabel();
    return (key: string): string => {
      const label = (table as Record<string, Label | undefined>)[key];
      return label ? pick(label) : key;
    };
  }
}
