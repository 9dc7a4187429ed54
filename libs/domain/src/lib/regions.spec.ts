import { isZoneCode, kindOfStatisticalCode, regionDepth, regionPath, statisticalParentCode } from './regions';

describe('statistical region codes', () => {
  it('knows each level by its length', () => {
    expect(['37', '3708', '370829', '370829104', '370829104001'].map(kindOfStatisticalCode)).toEqual([
      'province',
      'city',
      'county',
      'town',
      'village',
    ]);
    expect(kindOfStatisticalCode('370')).toBeNull();
    expect(kindOfStatisticalCode('Z370800001')).toBeNull();
  });

  it('walks up by code', () => {
    expect(statisticalParentCode('370829104001')).toBe('370829104');
    expect(statisticalParentCode('3708')).toBe('37');
    expect(statisticalParentCode('37')).toBeNull();
  });

  it('joins a path with a slash at both ends', () => {
    expect(regionPath(['37', '3708', 'Z370800001', '370829104'])).toBe('/37/3708/Z370800001/370829104/');
  });

  it('tells zone codes from statistical codes', () => {
    expect(isZoneCode('Z370800001')).toBe(true);
    expect(isZoneCode('370800')).toBe(false);
  });
});

describe('regionDepth', () => {
  it('puts a zone level with a county', () => {
    expect(regionDepth('province')).toBe(1);
    expect(regionDepth('zone')).toBe(regionDepth('county'));
    expect(regionDepth('town')).toBe(4);
    expect(regionDepth('village')).toBe(5);
  });
});
