import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AttendanceImportProblem, AttendanceImportResult } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { RiskScheduler } from '../early-warning/risk-scheduler';
import { IdNumberCipher } from '../students/id-number-cipher';
import { AbsenceOutcome } from './absence-case-opener';
import { AbsenceRule } from './absence-rule';
import { ParsedRow, parseRow } from './attendance-row';
import { attendanceSchool, AttendanceSchool, schoolIdFor } from './attendance-school';
import { readAttendanceSheet } from './attendance-sheet';
import { ClassDay, MarkToWrite, writeAttendance } from './attendance-writer';

interface ChildRow {
  id: string;
  full_name: string;
  student_number: string | null;
  id_hash: string | null;
}

/**
 * Attendance spreadsheets (考勤表导入): every row is checked (the child is one of the
 * school's, the mark and the reason agree, the day is real and past, no child twice on a
 * day); a dry run stops there, otherwise all rows are saved in one transaction or none.
 */
@Injectable()
export class AttendanceImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cipher: IdNumberCipher,
    private readonly rule: AbsenceRule,
    private readonly risk: RiskScheduler,
  ) {}

  async import(
    user: AuthUser,
    schoolId: string | undefined,
    body: Buffer,
    dryRun: boolean,
    actor: AuditActor,
  ): Promise<AttendanceImportResult> {
    const school = await attendanceSchool(
      this.dataSource.manager,
      user.scope,
      schoolIdFor(user.scope, schoolId),
    );
    const sheet = await readAttendanceSheet(body);
    const today = chinaToday(this.clock.now());
    const problems: AttendanceImportProblem[] = [];
    const parsed: ParsedRow[] = [];
    for (const row of sheet) {
      const result = parseRow(row, today);
      problems.push(...result.problems);
      if (result.parsed) parsed.push(result.parsed);
    }
    const outcome = await this.dataSource.transaction(async (manager) => {
      const marks = await this.identify(manager, school, parsed, problems);
      if (dryRun || problems.length > 0) return null;
      return this.save(manager, user, actor, school, marks, sheet.length);
    });
    const result = { dryRun, rows: sheet.length, problems: problems.sort((a, b) => a.row - b.row) };
    if (!outcome) return { ...result, saved: 0, openedCases: [] };
    await this.rule.afterCommit(outcome.absences);
    await this.risk.afterAttendance([...new Set(outcome.marks.map((m) => m.studentId))]);
    return { ...result, saved: outcome.marks.length, openedCases: outcome.absences.opened };
  }

  /** Finds each row's child among the school's (by 学籍号 or 身份证号, the name agreeing); each child once a day. */
  private async identify(
    manager: EntityManager,
    school: AttendanceSchool,
    rows: readonly ParsedRow[],
    problems: AttendanceImportProblem[],
  ): Promise<MarkToWrite[]> {
    const numbers = [...new Set(rows.flatMap((r) => (r.studentNumber ? [r.studentNumber] : [])))];
    const hashes = [
      ...new Set(rows.flatMap((r) => (r.idNumber ? [this.cipher.hash(r.idNumber).toString('hex')] : []))),
    ];
    const children: ChildRow[] = await manager.query(
      `SELECT id, full_name, student_number, encode(id_number_hash, 'hex') AS id_hash FROM students
        WHERE school_id = $1 AND merged_into_id IS NULL
          AND (student_number = ANY($2::text[])
               OR id_number_hash = ANY(ARRAY(SELECT decode(h, 'hex') FROM unnest($3::text[]) AS h)))`,
      [school.id, numbers, hashes],
    );
    const byNumber = new Map(children.filter((c) => c.student_number).map((c) => [c.student_number, c]));
    const byHash = new Map(children.filter((c) => c.id_hash).map((c) => [c.id_hash, c]));
    const seen = new Map<string, number>();
    const marks: MarkToWrite[] = [];
    for (const r of rows) {
      const problem = (field: string, rule: string, message: string) =>
        problems.push({ row: r.row, field, rule, message });
      const child =
        (r.studentNumber ? byNumber.get(r.studentNumber) : undefined) ??
        (r.idNumber ? byHash.get(this.cipher.hash(r.idNumber).toString('hex')) : undefined);
      if (!child) {
        problem(r.studentNumber ? '学籍号' : '身份证号', 'unknownChild', '本校没有这名学生');
        continue;
      }
      if (child.full_name !== r.name) {
        problem('姓名', 'matchesChild', '姓名与学籍号或身份证号对应的学生不一致');
        continue;
      }
      const key = `${child.id}:${r.date}`;
      const first = seen.get(key);
      if (first !== undefined) {
        problem('日期', 'duplicate', `同一学生同一天重复出现（与第 ${first} 行重复）`);
        continue;
      }
      seen.set(key, r.row);
      marks.push({
        studentId: child.id,
        date: r.date,
        grade: r.grade,
        className: r.className,
        mark: r.mark,
        excuseReason: r.excuseReason,
        note: r.note,
      });
    }
    return marks;
  }

  private async save(
    manager: EntityManager,
    user: AuthUser,
    actor: AuditActor,
    school: AttendanceSchool,
    marks: MarkToWrite[],
    rows: number,
  ): Promise<{ marks: MarkToWrite[]; absences: AbsenceOutcome }> {
    const rolls = new Map<string, ClassDay>();
    for (const m of marks)
      rolls.set(`${m.grade}:${m.className}:${m.date}`, {
        grade: m.grade,
        className: m.className,
        date: m.date,
      });
    await writeAttendance(manager, school.id, user.id, this.clock.now(), marks, [...rolls.values()]);
    const dates = marks.map((m) => m.date).sort();
    await this.audit.record(manager, actor, {
      action: 'attendance.import',
      entityType: 'school',
      entityId: school.id,
      regionPath: school.regionPath,
      details: { rows, marks: marks.length, rolls: rolls.size, from: dates[0], to: dates[dates.length - 1] },
    });
    const unexcused = marks
      .filter((m) => m.mark === 'unexcused')
      .map((m) => ({ studentId: m.studentId, date: m.date }));
    return { marks, absences: await this.rule.apply(manager, user, actor, school, unexcused) };
  }
}
