import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiErrorDetail, ClassRoll, SaveRollResult, SchoolClass } from '@baoxue/contracts';
import { chinaToday, daysBetween, isIsoDate, Scope } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { DomainError, invalid } from '../common/domain-error';
import { RiskScheduler } from '../early-warning/risk-scheduler';
import { AbsenceRule } from './absence-rule';
import { attendanceSchool, schoolIdFor } from './attendance-school';
import { writeAttendance } from './attendance-writer';
import { readClassRoll, rosterIds } from './class-roll.query';
import { ClassRollQueryDto, SaveRollDto } from './dto/attendance.dto';

/** A day a roll may be taken for: a real date, not after today (China). */
export function assertRollDate(field: string, date: string, today: string): void {
  if (!isIsoDate(date)) throw invalid(field, 'isDate', `${field} must be a real date`);
  if (daysBetween(date, today) < 0) throw invalid(field, 'notFuture', `${field} must not be in the future`);
}

const badMarks = (details: ApiErrorDetail[]) =>
  new DomainError(HttpStatus.BAD_REQUEST, 'validation', details.map((d) => d.message).join('; '), details);

/** Each child once; a reason with `excused` and only with it. */
function markProblems(dto: SaveRollDto): ApiErrorDetail[] {
  const problems: ApiErrorDetail[] = [];
  const seen = new Set<string>();
  dto.marks.forEach((m, i) => {
    if (seen.has(m.studentId))
      problems.push({
        field: `marks.${i}.studentId`,
        rule: 'unique',
        message: `marks.${i}.studentId appears twice`,
      });
    seen.add(m.studentId);
    if (m.mark === 'excused' && !m.excuseReason)
      problems.push({
        field: `marks.${i}.excuseReason`,
        rule: 'requiredWhenExcused',
        message: `marks.${i}.excuseReason is required with an excused absence`,
      });
    if (m.mark !== 'excused' && m.excuseReason)
      problems.push({
        field: `marks.${i}.excuseReason`,
        rule: 'onlyWhenExcused',
        message: `marks.${i}.excuseReason is only given with an excused absence`,
      });
  });
  return problems;
}

/** Class rolls (点名): the classes of a school, a class's roll for a day, saving it. */
@Injectable()
export class AttendanceRollsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly rule: AbsenceRule,
    private readonly risk: RiskScheduler,
  ) {}

  /** The school's classes (年级 + 班级) from its enrolled children. */
  async classes(scope: Scope, schoolId: string | undefined): Promise<SchoolClass[]> {
    const school = await attendanceSchool(this.dataSource.manager, scope, schoolIdFor(scope, schoolId));
    const rows: { grade: number; class_name: string; student_count: number }[] = await this.dataSource.query(
      `SELECT grade, class_name, count(*)::int AS student_count FROM students
        WHERE school_id = $1 AND enrolment_status = 'enrolled' AND merged_into_id IS NULL
          AND grade IS NOT NULL AND class_name IS NOT NULL
        GROUP BY grade, class_name ORDER BY grade, class_name`,
      [school.id],
    );
    return rows.map((row) => ({
      grade: row.grade,
      className: row.class_name,
      studentCount: row.student_count,
    }));
  }

  /** A class's roll for a day; names children, so the read is audited (one event per roll). */
  async roll(user: AuthUser, query: ClassRollQueryDto, actor: AuditActor): Promise<ClassRoll> {
    const date = query.date ?? chinaToday(this.clock.now());
    if (!isIsoDate(date)) throw invalid('date', 'isDate', 'date must be a real date');
    return this.dataSource.transaction(async (manager) => {
      const school = await attendanceSchool(manager, user.scope, schoolIdFor(user.scope, query.schoolId));
      const roll = await readClassRoll(manager, school, {
        grade: query.grade,
        className: query.className,
        date,
      });
      await this.audit.record(manager, actor, {
        action: 'attendance.roll_read',
        entityType: 'school',
        entityId: school.id,
        regionPath: school.regionPath,
        details: { grade: query.grade, className: query.className, date, children: roll.entries.length },
      });
      return roll;
    });
  }

  /** Saves the given children's marks for the day and applies the absence rule, in one transaction. */
  async save(user: AuthUser, dto: SaveRollDto, actor: AuditActor): Promise<SaveRollResult> {
    assertRollDate('date', dto.date, chinaToday(this.clock.now()));
    const problems = markProblems(dto);
    if (problems.length > 0) throw badMarks(problems);
    const day = { grade: dto.grade, className: dto.className, date: dto.date };
    const { school, absences } = await this.dataSource.transaction(async (manager) => {
      const school = await attendanceSchool(manager, user.scope, dto.schoolId);
      const roster = await rosterIds(manager, school.id, day);
      const offRoll = dto.marks.flatMap((m, i) =>
        roster.has(m.studentId)
          ? []
          : [
              {
                field: `marks.${i}.studentId`,
                rule: 'onRoll',
                message: `marks.${i}.studentId is not on this class's roll`,
              },
            ],
      );
      if (offRoll.length > 0) throw badMarks(offRoll);
      await writeAttendance(
        manager,
        school.id,
        user.id,
        this.clock.now(),
        dto.marks.map((m) => ({
          studentId: m.studentId,
          ...day,
          mark: m.mark,
          excuseReason: m.excuseReason ?? null,
          note: m.note?.trim() || null,
        })),
        dto.marks.length > 0 ? [day] : [],
      );
      await this.audit.record(manager, actor, {
        action: 'attendance.roll_save',
        entityType: 'school',
        entityId: school.id,
        regionPath: school.regionPath,
        details: { ...day, marks: dto.marks.length },
      });
      const unexcused = dto.marks
        .filter((m) => m.mark === 'unexcused')
        .map((m) => ({ studentId: m.studentId, date: dto.date }));
      return { school, absences: await this.rule.apply(manager, user, actor, school, unexcused) };
    });
    await this.rule.afterCommit(absences);
    await this.risk.afterAttendance(dto.marks.map((m) => m.studentId));
    const roll = await readClassRoll(this.dataSource.manager, school, day);
    return { roll, openedCases: absences.opened };
  }
}
