import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { codesOfPath, Scope } from '@baoxue/domain';
import { RegionNode, RegionRef } from '@baoxue/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { outOfScope } from '../common/domain-error';
import { scopeRegionPredicate } from '../scope/scope-predicates';
import { Region } from './region.entity';

export function toRegionRef(region: Pick<Region, 'id' | 'code' | 'name' | 'kind'>): RegionRef {
  return {
    id: region.id,
    code: region.code,
    name: region.name,
    kind: region.kind,
  };
}

/** Reads of the region tree, always within the caller's scope. */
@Injectable()
export class RegionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The chain of regions along a path, province first. */
  async chainOf(path: string, manager: EntityManager = this.dataSource.manager): Promise<RegionRef[]> {
    const codes = codesOfPath(path);
    if (codes.length === 0) return [];
    const rows = await manager
      .getRepository(Region)
      .createQueryBuilder('r')
      .where('r.code IN (:...codes)', { codes })
      .orderBy('r.depth', 'ASC')
      .getMany();
    return rows.map(toRegionRef);
  }

  /** A region in scope, or 404 (also when it exists outside the scope). */
  async getInScope(
    scope: Scope,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Region> {
    const predicate = scopeRegionPredicate(scope, 'r.path');
    const region = await manager
      .getRepository(Region)
      .createQueryBuilder('r')
      .where('r.id = :id', { id })
      .andWhere(predicate.sql, predicate.params)
      .getOne();
    if (!region) throw outOfScope('region');
    return region;
  }

  /**
   * Children of a node (or the scope's own root when no parent is given), with their
   * child counts, for the region pickers and the drill-down.
   */
  async children(scope: Scope, parentId?: string): Promise<RegionNode[]> {
    const query = this.dataSource
      .getRepository(Region)
      .createQueryBuilder('r')
      .select(['r.id', 'r.code', 'r.name', 'r.kind', 'r.parentId', 'r.path'])
      .addSelect('(SELECT count(*) FROM regions c WHERE c.parent_id = r.id)::int', 'child_count')
      .orderBy('r.code', 'ASC');
    if (parentId) {
      await this.getInScope(scope, parentId);
      query.where('r.parent_id = :parentId', { parentId });
    } else if (scope.kind === 'region') {
      query.where('r.id = :id', { id: scope.regionId });
    } else {
      query.where('r.path = :path', { path: scope.regionPath });
    }
    const { entities, raw } = await query.getRawAndEntities<{
      child_count: number;
    }>();
    return entities.map((region, i) => ({
      ...toRegionRef(region),
      parentId: region.parentId,
      path: region.path,
      childCount: raw[i].child_count,
    }));
  }
}
