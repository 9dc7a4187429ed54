import { TestApp } from './test-app';

/**
 * Picks children with no case yet, matching `where` (SQL on `students s`) and every one of
 * `conditions`; a picker never hands out the same child twice, so a suite's tests stay apart.
 * `app` is read at each pick, because the suite creates its app in beforeAll.
 */
export function studentPicker(
  app: () => TestApp,
  conditions: string[] = [],
): (where: string, params: unknown[]) => Promise<string> {
  const used: string[] = [];
  return async (where, params) => {
    const rows: { id: string }[] = await app().dataSource.query(
      `SELECT s.id FROM students s WHERE ${[where, ...conditions].join(' AND ')}
         AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($${params.length + 1})) ORDER BY s.id LIMIT 1`,
      [...params, used],
    );
    if (!rows[0]) throw new Error(`no student where ${where}`);
    used.push(rows[0].id);
    return rows[0].id;
  };
}

/** A suspected-dropout case opened through the API by the bureau officer; its id (version 1). */
export async function openCase(
  t: TestApp,
  studentId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await (
    await t.as('bureau.officer')
  ).post('/api/cases', {
    studentId,
    type: 'suspected_dropout',
    source: 'village_patrol',
    primaryReason: 'family_hardship',
    ...extra,
  });
  if (response.status !== 201)
    throw new Error(`opening a case: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}
