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
  const response = await (
    await t.as('bureau.officer')
  ).post('/api/cases', {
    studentId: student.id,
    type: 'suspected_dropout',
    source: 'village_patrol',
    primaryReason: 'family_hardship',
  });
  if (response.status !== 201)
    throw new Error(`opening a case: ${response.status} ${JSON.stringify(response.body)}`);
  const id = response.body.id as string;
  await t.dataSource.query('DELETE FROM due_items WHERE case_id = $1', [id]);
  await t.dataSource.query('DELETE FROM case_responsibles WHERE case_id = $1', [id]);
  return { id, name: student.full_name };
}
