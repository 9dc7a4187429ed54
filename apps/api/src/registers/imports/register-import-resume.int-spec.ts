import { Client } from 'pg';
import { createTestApp, TestApp, TestClient } from '../../../test/test-app';
import { waitFor } from '../../operations/wait-for';
import { WorkerProcess } from '../../operations/worker-process';
import {
  csv,
  HOUSEHOLD_HEADER,
  householdRows,
  sessionCookie,
  uploadRegister,
  waitForStatus,
  zoneVillages,
} from '../../../test/register-import-files';

const ROWS = 20_000;
const CHUNK_ROWS = 2_000;
/** Held by the test: chunk writers from row 8000 on wait for it (see the trigger below). */
const GATE = 740_829;

/**
 * MUST-SHOW: the real run's worker (a real process) is killed (SIGKILL) with some chunks
 * written and others not; a new worker picks the stalled job up, skips the written chunks and
 * writes the rest: every valid row is imported exactly once.
 */
describe('register import: a killed worker resumes', () => {
  let t: TestApp;
  let officer: TestClient;
  let gate: Client;
  const workers: WorkerProcess[] = [];
  const workerEnv = { REGISTER_CHUNK_ROWS: String(CHUNK_ROWS), WORKER_LOCK_MS: '1000' };

  beforeAll(async () => {
    t = await createTestApp({ env: { REGISTER_CHUNK_ROWS: String(CHUNK_ROWS) } });
    officer = await t.as('bureau.officer');
    gate = new Client({ connectionString: t.config.DATABASE_URL });
    await gate.connect();
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await gate?.end();
    await t?.close();
  });

  it('imports each valid row exactly once across the crash', async () => {
    const villages = (await zoneVillages(t)).map((v) => v.code);
    const rows = householdRows(ROWS, villages);
    // Two bad rows, so "valid" is not simply every row.
    rows[100][3] = '2016-02-30';
    rows[15_000][4] = '370829999999';
    const cookie = await sessionCookie(t, 'bureau.officer');
    const upload = await uploadRegister(t, cookie, csv([HOUSEHOLD_HEADER, ...rows]));
    expect(upload.status).toBe(201);
    const id: string = upload.body.id;

    const first = WorkerProcess.start(t.config, workerEnv);
    workers.push(first);
    await first.ready();
    const dry = await officer.post(`/api/registers/imports/${id}/dry-run`, { version: upload.body.version });
    expect(dry.status).toBe(202);
    expect(await waitForStatus(t, id, ['validated', 'rejected', 'failed'], 120_000)).toBe('validated');
    const validated = (await officer.get(`/api/registers/imports/${id}`)).body;
    expect(validated.counts).toMatchObject({ rows: ROWS, valid: ROWS - 2, invalid: 2 });

    // Chunks from row 8000 on wait at the gate: the run stops part-way, deterministically.
    await gate.query(`SELECT pg_advisory_lock(${GATE})`);
    await t.dataSource.query(`
      CREATE FUNCTION test_chunk_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_row >= 8000 THEN PERFORM pg_advisory_xact_lock_shared(${GATE}); END IF;
        RETURN NEW;
      END $$`);
    await t.dataSource.query(
      'CREATE TRIGGER test_chunk_gate BEFORE INSERT ON register_import_chunks FOR EACH ROW EXECUTE FUNCTION test_chunk_gate()',
    );

    const commit = await officer.post(`/api/registers/imports/${id}/commit`, { version: validated.version });
    expect(commit.status).toBe(202);
    expect(commit.body.status).toBe('importing');

    const waiting = async (): Promise<number[]> =>
      (
        await gate.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${GATE} AND NOT granted`,
        )
      ).rows.map((r) => r.pid);
    const chunks = async () =>
      (await t.dataSource.query(
        'SELECT first_row, last_row, rows, written_at FROM register_import_chunks WHERE import_id = $1 ORDER BY first_row',
        [id],
      )) as { first_row: number; last_row: number; rows: number; written_at: Date }[];
    // Chunks 2–1999 … 6000–7999 written; both writers held at the gate.
    await waitFor(
      async () => (await chunks()).length === 4 && (await waiting()).length === 2,
      'four chunks, two writers at the gate',
      60_000,
    );
    const before = await chunks();
    const importedBefore = (
      await t.dataSource.query('SELECT imported_rows FROM register_imports WHERE id = $1', [id])
    )[0].imported_rows as number;
    expect(importedBefore).toBe(before.reduce((sum, c) => sum + c.rows, 0));

    await first.kill();
    // The dead worker's sessions, still waiting, end as a lost connection ends them.
    for (const pid of await waiting()) await gate.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor(async () => (await waiting()).length === 0, 'the dead sessions gone');
    await gate.query(`SELECT pg_advisory_unlock(${GATE})`);
    await t.dataSource.query('DROP TRIGGER test_chunk_gate ON register_import_chunks');
    expect(await chunks()).toEqual(before);
    expect(
      (await t.dataSource.query('SELECT status FROM register_imports WHERE id = $1', [id]))[0].status,
    ).toBe('importing');

    const second = WorkerProcess.start(t.config, workerEnv);
    workers.push(second);
    await second.ready();
    expect(await waitForStatus(t, id, ['committed', 'failed'], 120_000)).toBe('committed');

    const after = await chunks();
    // The chunks written before the crash were kept, not written again.
    expect(after.slice(0, 4)).toEqual(before);
    expect(after.map((c) => [c.first_row, c.last_row])).toEqual(
      Array.from({ length: ROWS / CHUNK_ROWS + 1 }, (_, k) => [
        Math.max(2, k * CHUNK_ROWS),
        Math.min((k + 1) * CHUNK_ROWS - 1, ROWS + 1),
      ]),
    );
    const [written] = await t.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows, min(row_number) AS first,
              max(row_number) AS last FROM register_rows WHERE import_id = $1`,
      [id],
    );
    expect(written).toEqual({ n: ROWS - 2, distinct_rows: ROWS - 2, first: 2, last: ROWS + 1 });
    expect(after.reduce((sum, c) => sum + c.rows, 0)).toBe(ROWS - 2);
    const bad = await t.dataSource.query(
      'SELECT row_number FROM register_rows WHERE import_id = $1 AND row_number IN (102, 15002)',
      [id],
    );
    expect(bad).toEqual([]);
    const [blocks] = await t.dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT block)::int AS distinct_blocks FROM register_id_blocks WHERE import_id = $1',
      [id],
    );
    // Rows 2 … 20001: blocks 0 … 20, one each.
    expect(blocks).toEqual({ n: 21, distinct_blocks: 21 });
    const detail = (await officer.get(`/api/registers/imports/${id}`)).body;
    expect(detail.counts).toEqual({ rows: ROWS, valid: ROWS - 2, invalid: 2, imported: ROWS - 2 });
    const [{ files }] = await t.dataSource.query(
      'SELECT count(*)::int AS files FROM register_import_files WHERE import_id = $1',
      [id],
    );
    expect(files).toBe(0);
  }, 400_000);
});
