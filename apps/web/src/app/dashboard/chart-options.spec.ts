import type { Trends } from '@baoxue/contracts';
import type { Label } from '@baoxue/domain';
import { barsHeight, breakdownOptions, reasonPieOptions, trendOptions } from './chart-options';

const zh = (label: Label): string => label.zh;

describe('dashboard chart options', () => {
  it('draws opened, returned and open cases per period, named in the chosen language', () => {
    const trends: Trends = {
      node: { ref: 'region:z', kind: 'zone', name: '经开区', path: '/', parentRef: null },
      granularity: 'month',
      points: [
        { period: '2026-10', from: '2026-10-01', to: '2026-10-31', opened: 3, returned: 1, open: 2 },
        { period: '2026-11', from: '2026-11-01', to: '2026-11-30', opened: 1, returned: 2, open: 1 },
      ],
    };
    const options = trendOptions(trends, zh) as {
      xAxis: { data: string[] };
      series: { name: string; data: number[] }[];
    };
    expect(options.xAxis.data).toEqual(['2026-10', '2026-11']);
    expect(options.series.map((s) => [s.name, s.data])).toEqual([
      ['新增个案', [3, 1]],
      ['返校/安置', [1, 2]],
      ['劝返中', [2, 1]],
    ]);
  });

  it('puts the largest bar on top and keeps each code for clicks', () => {
    const options = breakdownOptions(
      [
        { key: 'orphan', count: 1 },
        { key: 'left_behind', count: 5 },
      ],
      (key) => key.toUpperCase(),
    ) as { yAxis: { data: string[] }; series: { data: { value: number; key: string }[] }[] };
    // The category axis draws its first entry at the bottom.
    expect(options.yAxis.data).toEqual(['ORPHAN', 'LEFT_BEHIND']);
    expect(options.series[0].data).toEqual([
      { value: 1, key: 'orphan' },
      { value: 5, key: 'left_behind' },
    ]);
  });

  it('leaves empty reasons out of the pie', () => {
    const options = reasonPieOptions(
      [
        { key: 'distance', count: 0 },
        { key: 'working_away', count: 2 },
      ],
      (key) => key,
    ) as { series: { data: { name: string }[] }[] };
    expect(options.series[0].data.map((d) => d.name)).toEqual(['working_away']);
  });

  it('grows a bar chart with its rows, never below a readable minimum', () => {
    expect(barsHeight(0)).toBe(160);
    expect(barsHeight(10)).toBe(360);
  });
});
