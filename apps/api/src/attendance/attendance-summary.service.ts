import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AttendanceCounts, AttendanceSummary, AttendanceSummaryRow, DashboardNode } from '@baoxue/contracts';
import { chinaToday, isIsoDate, Scope } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { invalid } from '../common/domain-error';
import { NodeResolver } from '../dashboard/node-resolver';
import { ResolvedNode } from '../dashboard/resolved-node';

interface CountRow {
  expected: number;
  present: number;
  late: number;
  excused: number;
  unexcused: number;
  classes: number;
  not_taken: number;
}

interface SchoolRow extends CountRow {
  id: string;
  name: string;
  region_path: string;
  region_id: string;
}

interface ClassRow extends CountRow {
  grade: number;
  class_name: string;
}

interface UnitRow {
  id: string;
  name: string;
  kind: DashboardNode['kind'];
  path: string;
}

/** The day's marks of one school (or class): an index range of attendance_records (school_id, date). */
const MARK_COUNTS = `
  count(*)::int AS expected,
  count(*) FILTER (WHERE r.mark = 'present')::int AS present,
  count(*) FILTER (WHERE r.mark = 'late')::int AS late,
  count(*) FILTER (WHERE r.mark = 'excused')::int AS excused,
  count(*) FILTER (WHERE r.mark = 'unexcused')::int AS unexcused`;

/** A school's classes: those with enrolled children now, and any that took a roll that day. */
const CLASSES_OF = (school: string) => `
  SELECT DISTINCT s.grade, s.class_name FROM students s
   WHERE s.school_id = ${school} AND s.enrolment_status = 'enrolled' AND s.merged_into_id IS NULL
     AND s.grade IS NOT NULL AND s.class_name IS NOT NULL
  UNION
  SELECT ar.grade, ar.class_name FROM attendance_rolls ar WHERE ar.school_id = ${school} AND ar.date = $2`;

const ZERO: AttendanceCounts = {
  expected: 0,
  present: 0,
  absent: 0,
  late: 0,
  excused: 0,
  unexcused: 0,
  classesNotTaken: 0,
  classes: 0,
};

function counts(row: CountRow): AttendanceCounts {
  return {
    expected: row.expected,
    // 实到: on time or late.
    present: row.present + row.late,
    absent: row.excused + row.unexcused,
    late: row.late,
    excused: row.excused,
    unexcused: row.unexcused,
    classesNotTaken: row.not_taken,
    classes: row.classes,
  };
}

function add(a: AttendanceCounts, b: AttendanceCounts): AttendanceCounts {
  const sum = { ...a };
  for (const key of Object.keys(ZERO) as (keyof AttendanceCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

function sum(rows: readonly AttendanceCounts[]): AttendanceCounts {
  return rows.reduce<AttendanceCounts>((total, row) => add(total, row), ZERO);
}

interface Breakdown {
  total: AttendanceCounts;
  children: AttendanceSummaryRow[];
}

function dashboardNode(node: ResolvedNode): DashboardNode {
  return { ref: node.ref, kind: node.kind, name: node.name, path: node.path, parentRef: node.parentRef };
}

/**
 * 应到 / 实到 / 未到 for a day: a node (default the caller's scope) and each unit directly
 * below it — a region's child regions (and schools standing in the region itself), a town's
 * or village's schools, a school's classes. Aggregates only: no child is named, so reads
 * are not audited (as the dashboard's).
 */
@Injectable()
export class AttendanceSummaryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nodes: NodeResolver,
    private readonly clock: Clock,
  ) {}

  async summary(scope: Scope, ref: string | undefined, date: string | undefined): Promise<AttendanceSummary> {
    const day = date ?? chinaToday(this.clock.now());
    if (!isIsoDate(day)) throw invalid('date', 'isDate', 'date must be a real date');
    const node = await this.nodes.resolve(scope, ref);
    const { total, children } =
      node.kind === 'school' ? await this.classes(node, day) : await this.units(node, day);
    return { node: dashboardNode(node), date: day, ...total, children };
  }

  /** A school's classes, each with its marks and whether it took its roll. */
  private async classes(node: ResolvedNode, day: string): Promise<Breakdown> {
    const rows: ClassRow[] = await this.dataSource.query(
      `SELECT c.grade, c.class_name, m.*, 1 AS classes,
              (CASE WHEN EXISTS (SELECT 1 FROM attendance_rolls ar WHERE ar.school_id = $1 AND ar.date = $2
                 AND ar.grade = c.grade AND ar.class_name = c.class_name) THEN 0 ELSE 1 END)::int AS not_taken
         FROM (${CLASSES_OF('$1')}) c
         CROSS JOIN LATERAL (
           SELECT ${MARK_COUNTS} FROM attendance_records r
            WHERE r.school_id = $1 AND r.date = $2 AND r.grade = c.grade AND r.class_name = c.class_name
         ) m
        ORDER BY c.grade, c.class_name`,
      [node.id, day],
    );
    const children = rows.map((row): AttendanceSummaryRow => ({
      node: {
        ref: `class:${node.id}:${row.grade}:${row.class_name}`,
        kind: 'school',
        name: `${row.grade}年级 ${row.class_name}`,
        path: node.path,
        parentRef: node.ref,
      },
      ...counts(row),
    }));
    return { total: sum(children), children };
  }

  /**
   * Every school under a region with its day's counts (one indexed lookup each), summed into
   * the units below the node: a town's or village's schools themselves; otherwise its child
   * regions, and the schools that stand in the region itself.
   */
  private async units(node: ResolvedNode, day: string): Promise<Breakdown> {
    const schools: SchoolRow[] = await this.dataSource.query(
      `SELECT o.id, o.name, o.region_path, o.region_id, m.*, cls.classes, cls.not_taken
         FROM organisations o
         CROSS JOIN LATERAL (SELECT ${MARK_COUNTS} FROM attendance_records r
                              WHERE r.school_id = o.id AND r.date = $2) m
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS classes,
                  count(*) FILTER (WHERE NOT EXISTS (
                    SELECT 1 FROM attendance_rolls ar WHERE ar.school_id = o.id AND ar.date = $2
                       AND ar.grade = c.grade AND ar.class_name = c.class_name))::int AS not_taken
             FROM (${CLASSES_OF('o.id')}) c
         ) cls
        WHERE o.type = 'school' AND starts_with(o.region_path, $1)
        ORDER BY o.name, o.id`,
      [node.path, day],
    );
    const schoolUnit = (s: SchoolRow): UnitRow => ({
      id: s.id,
      name: s.name,
      kind: 'school',
      path: s.region_path,
    });
    let units: UnitRow[];
    let unitOf: (s: SchoolRow) => UnitRow | undefined;
    if (node.kind === 'town' || node.kind === 'village') {
      units = schools.map(schoolUnit);
      unitOf = schoolUnit;
    } else {
      const regions: UnitRow[] = await this.dataSource.query(
        `SELECT id, name, kind::text AS kind, path FROM regions
          WHERE parent_id = $1 AND starts_with(path, $2) ORDER BY name`,
        [node.id, node.path],
      );
      units = [...regions, ...schools.filter((s) => s.region_id === node.id).map(schoolUnit)];
      unitOf = (s) =>
        s.region_id === node.id ? schoolUnit(s) : regions.find((r) => s.region_path.startsWith(r.path));
    }
    const totals = new Map<string, AttendanceCounts>(units.map((u) => [u.id, ZERO]));
    for (const school of schools) {
      const unit = unitOf(school);
      if (unit) totals.set(unit.id, add(totals.get(unit.id) as AttendanceCounts, counts(school)));
    }
    const children = units.map((u): AttendanceSummaryRow => ({
      node: {
        ref: `${u.kind === 'school' ? 'school' : 'region'}:${u.id}`,
        kind: u.kind,
        name: u.name,
        path: u.path,
        parentRef: node.ref,
      },
      ...(totals.get(u.id) as AttendanceCounts),
    }));
    // Every school under the node counts, in a unit below it or not.
    return { total: schools.map(counts).reduce(add, ZERO), children };
  }
}
