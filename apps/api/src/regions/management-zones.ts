/**
 * A management zone (功能区): a region that is not in the statistical code tables but
 * administers towns coded under some county. The import puts it under its city and moves
 * its towns (and their villages) into its subtree.
 */
export interface ManagementZone {
  /** `Z` + digits (see isZoneCode), so it never collides with a statistical code. */
  code: string;
  name: string;
  /** Statistical code of the city the zone sits under, as a county would. */
  parentCode: string;
  /** Towns it administers; they keep their own codes and statistical parent. */
  townCodes: readonly string[];
}

export const MANAGEMENT_ZONES: readonly ManagementZone[] = [
  {
    code: 'Z370800001',
    name: '济宁经济技术开发区',
    parentCode: '3708', // 济宁市
    townCodes: [
      '370829104', // 疃里镇, coded under 嘉祥县
      '370829108', // 马集镇, coded under 嘉祥县
    ],
  },
];
