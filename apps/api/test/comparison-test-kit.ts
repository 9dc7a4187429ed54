import type { ComparisonFindingView, ComparisonRunDetail, Page } from '@baoxue/contracts';
import { IdNumberCipher } from '../src/students/id-number-cipher';
import type { TestApp, TestClient } from './test-app';

/** The village of village.official (进士张村) and the school of school.teacher. */
export const VILLAGE_CODE = '370829104209';

/** `day` moved back `years` whole years (29 Feb never occurs in the tests' dates' use). */
export function yearsBefore(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
}

/** Starts a run as `client` and waits for the worker to finish it. */
export async function runComparison(
  client: TestClient,
  body: Record<string, unknown>,
): Promise<ComparisonRunDetail> {
  const started = await client.post('/api/registers/comparisons', body);
  if (started.status !== 202) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const detail = await client.get<ComparisonRunDetail>(`/api/registers/comparisons/${started.body.id}`);
    if (detail.body.status === 'completed') return detail.body;
    if (detail.body.status === 'failed') throw new Error(`run failed: ${detail.body.failure}`);
    if (Date.now() > deadline) throw new Error('run did not finish');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every finding of a run (paged through). */
export async function allFindings(client: TestClient, runId: string): Promise<ComparisonFindingView[]> {
  const items: ComparisonFindingView[] = [];
  for (let page = 1; ; page += 1) {
    const res = await client.get<Page<ComparisonFindingView>>(
      `/api/registers/comparisons/${runId}/findings?page=${page}&pageSize=100`,
    );
    if (res.status !== 200) throw new Error(`findings: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    if (items.length >= res.body.total) return items;
  }
}

/** Gives a student a (new) ID number, as a record entered with one would have it. */
export async function giveIdNumber(t: TestApp, studentId: string, idNumber: string): Promise<void> {
  const secured = new IdNumberCipher(t.config).protect(idNumber);
  await t.dataSource.query(
    'UPDATE students SET id_number_cipher = $2, id_number_hash = $3, id_number_masked = $4 WHERE id = $1',
    [studentId, secured.cipher, secured.hash, secured.masked],
  );
}
