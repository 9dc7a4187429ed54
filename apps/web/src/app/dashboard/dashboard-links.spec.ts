import type { ChildNodeStatus, DashboardNode } from '@baoxue/contracts';
import { CASE_FIGURE_KEYS, CaseFigureKey } from '@baoxue/domain';
import { casesLinkForFigure, chinaToday, nodeFilter, orderChildren } from './dashboard-links';
import { nextTrail } from '../shared/ui/node-trail';

const REGION = 'region:7d3c1a52-0000-4000-8000-000000000001';
const SCHOOL = 'school:7d3c1a52-0000-4000-8000-000000000002';

function aNode(ref: string, name: string, parentRef: string | null): DashboardNode {
  return { ref, kind: 'town', name, path: '/x/', parentRef };
}

function aChild(name: string, open: number, toClear = 0): ChildNodeStatus {
  return {
    node: aNode(`region:${name}`, name, REGION),
    figures: {
      open,
      toClear,
      monitoring: 0,
      returnedThisTerm: 0,
      placedThisTerm: 0,
      excludedThisTerm: 0,
      closedThisTerm: 0,
      overdueItems: 0,
      atZero: open === 0,
    },
    enrolled: 100,
  };
}

describe('dashboard links', () => {
  it('filters the cases list by the node: a region by the child’s 户籍, a school by schoolId', () => {
    expect(nodeFilter(REGION)).toEqual({ householdRegionId: REGION.slice(7) });
    expect(nodeFilter(SCHOOL)).toEqual({ schoolId: SCHOOL.slice(7) });
    expect(nodeFilter('nonsense')).toEqual({});
  });

  it.each<[CaseFigureKey, Record<string, string>]>([
    ['open', { state: 'persuading' }],
    ['toClear', { state: 'suspected' }],
    ['monitoring', { state: 'monitoring' }],
    ['returnedThisTerm', { took: 'record_return', tookFrom: '2026-09-01', tookTo: '2026-12-02' }],
    ['placedThisTerm', { took: 'record_placement', tookFrom: '2026-09-01', tookTo: '2026-12-02' }],
    ['excludedThisTerm', { took: 'exclude', tookFrom: '2026-09-01', tookTo: '2026-12-02' }],
    [
      'closedThisTerm',
      { took: 'approve_closing,close_excluded', tookFrom: '2026-09-01', tookTo: '2026-12-02' },
    ],
    ['overdueItems', { overdueItems: 'true' }],
  ])('leads %s to the cases behind it (%j)', (key, filters) => {
    expect(casesLinkForFigure(key, REGION, '2026-12-02')).toEqual({
      path: '/cases',
      queryParams: { householdRegionId: REGION.slice(7), ...filters },
    });
  });

  it('bounds "closed this term" by the as-of day and its term', () => {
    expect(casesLinkForFigure('closedThisTerm', SCHOOL, '2026-12-02', '2026-03-15').queryParams).toEqual({
      schoolId: SCHOOL.slice(7),
      took: 'approve_closing,close_excluded',
      tookFrom: '2026-02-01',
      tookTo: '2026-03-15',
    });
  });

  it('has a link for every figure', () => {
    for (const key of CASE_FIGURE_KEYS)
      expect(casesLinkForFigure(key, REGION, '2026-12-02').path).toBe('/cases');
  });

  it('orders children not at zero first, most open first, then by name', () => {
    const ordered = orderChildren([aChild('甲', 0, 5), aChild('乙', 2), aChild('丙', 0), aChild('丁', 7)]);
    expect(ordered.map((c) => c.node.name)).toEqual(['丁', '乙', '甲', '丙']);
  });

  it('takes China’s day, eight hours ahead of UTC', () => {
    expect(chinaToday(Date.parse('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
  });
});

describe(nextTrail.name, () => {
  const zone = aNode('region:zone', '经开区', null);
  const town = aNode('region:town', '疃里镇', 'region:zone');
  const village = aNode('region:village', '进士张村', 'region:town');

  it('extends the trail when drilling down and cuts it when going back up', () => {
    let trail = nextTrail([], zone);
    trail = nextTrail(trail, town);
    trail = nextTrail(trail, village);
    expect(trail.map((c) => c.name)).toEqual(['经开区', '疃里镇', '进士张村']);
    expect(nextTrail(trail, town).map((c) => c.name)).toEqual(['经开区', '疃里镇']);
  });

  it('starts from the parent when arriving elsewhere (a reload deep down)', () => {
    expect(nextTrail([], village)).toEqual([
      { ref: 'region:town', name: null },
      { ref: 'region:village', name: '进士张村' },
    ]);
    expect(nextTrail([{ ref: 'region:other', name: '马集镇' }], zone)).toEqual([
      { ref: 'region:zone', name: '经开区' },
    ]);
  });
});
