import type { BreakdownRow, Trends } from '@baoxue/contracts';
import type { Label } from '@baoxue/domain';
import type { EChartsCoreOption } from 'echarts/core';
import { DASHBOARD_TEXTS } from './dashboard-texts';

type Pick = (label: Label) => string;

// Large type and few colours: the page is read on projectors.
const COLOURS = ['#1677ff', '#52c41a', '#fa541c'];
const FONT = 14;

/** Opened, returned and open cases per week or month, as lines. */
export function trendOptions(trends: Trends, pick: Pick): EChartsCoreOption {
  const series = [
    { label: DASHBOARD_TEXTS.opened, data: trends.points.map((p) => p.opened) },
    { label: DASHBOARD_TEXTS.returned, data: trends.points.map((p) => p.returned) },
    { label: DASHBOARD_TEXTS.openSeries, data: trends.points.map((p) => p.open) },
  ];
  return {
    color: COLOURS,
    textStyle: { fontSize: FONT },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: FONT } },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: trends.points.map((p) => p.period), axisLabel: { fontSize: 12 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ name: pick(s.label), type: 'line', smooth: false, data: s.data })),
  };
}

/**
 * One breakdown as horizontal bars, largest on top unless `keepOrder` (the axis draws the
 * first row at the bottom); each bar carries its code (`key`) for clicks.
 */
export function breakdownOptions(
  rows: readonly BreakdownRow[],
  labelOf: (key: string) => string,
  keepOrder = false,
): EChartsCoreOption {
  const sorted = keepOrder ? [...rows] : [...rows].sort((a, b) => a.count - b.count);
  return {
    color: [COLOURS[0]],
    textStyle: { fontSize: FONT },
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => labelOf(r.key)), axisLabel: { fontSize: FONT } },
    series: [
      {
        type: 'bar',
        data: sorted.map((r) => ({ value: r.count, key: r.key })),
        label: { show: true, position: 'right', fontSize: FONT },
      },
    ],
  };
}

/** Reasons as a pie: the share of each matters more than the order. */
export function reasonPieOptions(
  rows: readonly BreakdownRow[],
  labelOf: (key: string) => string,
): EChartsCoreOption {
  return {
    textStyle: { fontSize: FONT },
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        label: { fontSize: FONT, formatter: '{b} {c}' },
        data: rows
          .filter((r) => r.count > 0)
          .map((r) => ({ name: labelOf(r.key), value: r.count, key: r.key })),
      },
    ],
  };
}

/** A chart's height for `rows` bars, so long breakdowns stay readable. */
export function barsHeight(rows: number): number {
  return Math.max(160, 40 + rows * 32);
}
