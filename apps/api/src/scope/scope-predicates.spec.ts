import { childScopePredicate, pathWithin, scopeRowPredicate } from './scope-predicates';

describe('scope predicates', () => {
  it('turns a region scope into one prefix predicate on the path column', () => {
    const predicate = scopeRowPredicate(
      { kind: 'region', regionId: 'r', regionPath: '/37/3708/Z370800001/' },
      { path: 's.region_path', schoolId: 's.school_id' },
    );
    expect(predicate.sql).toMatch(/^s\.region_path LIKE :scope_path_\d+$/);
    expect(Object.values(predicate.params)).toEqual(['/37/3708/Z370800001/%']);
  });

  it('turns a school scope into an equality on the school column', () => {
    const predicate = scopeRowPredicate(
      { kind: 'school', schoolId: 'school-1', regionPath: '/37/' },
      { path: 's.region_path', schoolId: 's.school_id' },
    );
    expect(predicate.sql).toMatch(/^s\.school_id = :scope_school_\d+$/);
    expect(Object.values(predicate.params)).toEqual(['school-1']);
  });

  it('gives each predicate its own parameter name and refuses a path with wildcards', () => {
    const a = pathWithin('a.path', '/37/');
    const b = pathWithin('b.path', '/37/');
    expect(Object.keys(a.params)[0]).not.toBe(Object.keys(b.params)[0]);
    expect(() => pathWithin('a.path', '/37/%')).toThrow();
  });

  it('lets a region scope see a child by 户籍 village or by school, a school scope by school only', () => {
    const region = childScopePredicate(
      { kind: 'region', regionId: 'r', regionPath: '/37/3708/Z370800001/' },
      's',
    );
    expect(region.sql).toMatch(
      /^\(s\.region_path LIKE :scope_path_\d+ OR s\.school_region_path LIKE :scope_path_\d+\)$/,
    );
    expect(Object.values(region.params)).toEqual(['/37/3708/Z370800001/%', '/37/3708/Z370800001/%']);
    const school = childScopePredicate({ kind: 'school', schoolId: 'x', regionPath: '/37/' }, 'c');
    expect(school.sql).toMatch(/^c\.school_id = :scope_school_\d+$/);
  });
});
