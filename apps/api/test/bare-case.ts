import { openCase } from './case-fixtures';
import { TestApp } from './test-app';

/**
 * A case opened through the API (as bureau.officer) for the first child matching
 * `studentWhere` (SQL on `students s`) who has no case yet; its derived due items and
 * responsible persons are removed, so a test sets exactly the work it means to test.
 */
export async function openBareCase(
  t: TestApp,
  studentWhere: string,
  params: unknown[],
): Promise<{ id: string; name: string }> {
  const [student]: { id: string; full_name: string }[] = await t.dataSource.query(
    `SELECT s.id, s.full_name FROM students s
      WHERE ${studentWhere} AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
      ORDER BY s.id LIMIT 1`,
    params,
  );
  const id = await openCase(t, student.id);
  await t.dataSource.query('DELETE FROM due_items WHERE case_id = $1', [id]);
  await t.dataSource.query('DELETE FROM case_responsibles WHERE case_id = $1', [id]);
  return { id, name: student.full_name };
}
