import { isWithinPath, Scope } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { invalid, outOfScope } from '../common/domain-error';
import { ResolvedNode } from './resolved-node';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NODE_REF = new RegExp(`^(region|school):(${UUID})$`, 'i');

interface RegionRow {
  id: string;
  name: string;
  kind: ResolvedNode['kind'];
  path: string;
  parent_id: string | null;
}

interface SchoolRow {
  id: string;
  name: string;
  region_path: string;
  region_id: string;
  school_level: ResolvedNode['schoolLevel'];
}

/**
 * Turns a `node` parameter into a node of the caller's scope: none means the scope's root
 * (its region, or its school); a node outside the scope is answered as missing (404).
 */
@Injectable()
export class NodeResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async resolve(scope: Scope, ref?: string | null, manager?: EntityManager): Promise<ResolvedNode> {
    const db = manager ?? this.dataSource.manager;
    if (ref === undefined || ref === null || ref === '') {
      return scope.kind === 'school'
        ? this.school(db, scope, scope.schoolId)
        : this.region(db, scope, scope.regionId);
    }
    const match = NODE_REF.exec(ref);
    if (!match) throw invalid('node', 'isNodeRef', 'node must be region:<uuid> or school:<uuid>');
    const id = match[2].toLowerCase();
    return match[1].toLowerCase() === 'school' ? this.school(db, scope, id) : this.region(db, scope, id);
  }

  private async region(db: EntityManager, scope: Scope, id: string): Promise<ResolvedNode> {
    // A school-scoped user sees only their school.
    if (scope.kind === 'school') throw outOfScope('node');
    const [row]: RegionRow[] = await db.query(
      'SELECT id, name, kind, path, parent_id FROM regions WHERE id = $1',
      [id],
    );
    if (!row || !isWithinPath(row.path, scope.regionPath)) throw outOfScope('node');
    const atRoot = row.path === scope.regionPath || row.parent_id === null;
    return {
      ref: `region:${row.id}`,
      kind: row.kind,
      id: row.id,
      name: row.name,
      path: row.path,
      parentRef: atRoot ? null : `region:${row.parent_id}`,
      schoolLevel: null,
    };
  }

  private async school(db: EntityManager, scope: Scope, id: string): Promise<ResolvedNode> {
    const [row]: SchoolRow[] = await db.query(
      `SELECT id, name, region_path, region_id, school_level FROM organisations
       WHERE id = $1 AND type = 'school'`,
      [id],
    );
    if (!row) throw outOfScope('node');
    const visible =
      scope.kind === 'school' ? scope.schoolId === row.id : isWithinPath(row.region_path, scope.regionPath);
    if (!visible) throw outOfScope('node');
    return {
      ref: `school:${row.id}`,
      kind: 'school',
      id: row.id,
      name: row.name,
      path: row.region_path,
      parentRef: scope.kind === 'school' ? null : `region:${row.region_id}`,
      schoolLevel: row.school_level,
    };
  }
}
