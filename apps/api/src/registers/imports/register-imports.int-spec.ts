import type { Page, RegisterImportDetail, RegisterImportSummary } from '@baoxue/contracts';
import { addJiaxiangBureau, JIAXIANG_OFFICER } from '../../../test/jiaxiang-bureau';
import { createTestApp, TestApp, TestClient } from '../../../test/test-app';
import {
  csv,
  HOUSEHOLD_HEADER,
  householdRows,
  sessionCookie,
  uploadRegister,
  waitForStatus,
  zoneVillages,
} from '../../../test/register-import-files';

/**
 * The commit flow end to end (upload → mapping → dry run → commit → committed), a newer
 * import superseding the older, all-or-nothing when a chunk fails, scope and permissions,
 * stale versions and bad mappings.
 */
describe('register imports', () => {
  let t: TestApp;
  let officer: TestClient;
  let cookie: string;
  let villages: string[];
  let zone: { id: string; path: string };

  beforeAll(async () => {
    t = await createTestApp({
      worker: true,
      // Small chunks so a file of a few thousand rows is several transactions; quick retries.
      env: {
        REGISTER_CHUNK_ROWS: '1000',
        REGISTER_JOB_ATTEMPTS: '2',
        REGISTER_JOB_BACKOFF_MS: '50',
        REGISTER_MAX_BYTES: String(1024 * 1024),
      },
    });
    officer = await t.as('bureau.officer');
    cookie = await sessionCookie(t, 'bureau.officer');
    villages = (await zoneVillages(t)).map((v) => v.code);
    [zone] = await t.dataSource.query(
      "SELECT r.id, r.path FROM users u JOIN regions r ON r.id = u.scope_region_id WHERE u.username = 'bureau.officer'",
    );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const detail = async (id: string): Promise<RegisterImportDetail> =>
    (await officer.get<RegisterImportDetail>(`/api/registers/imports/${id}`)).body;

  /** Uploads a household file of `count` rows (offset: other children) and dry-runs it. */
  async function validated(count: number, offset = 0, extraBad = false): Promise<RegisterImportDetail> {
    const rows = householdRows(count, villages, offset);
    if (extraBad) rows[0][3] = '2016-02-30';
    const upload = await uploadRegister(t, cookie, csv([HOUSEHOLD_HEADER, ...rows]));
    expect(upload.status).toBe(201);
    const dry = await officer.post(`/api/registers/imports/${upload.body.id}/dry-run`, {
      version: upload.body.version,
    });
    expect(dry.status).toBe(202);
    expect(await waitForStatus(t, upload.body.id, ['validated', 'rejected', 'failed'])).toBe('validated');
    return detail(upload.body.id);
  }

  async function commit(d: RegisterImportDetail, until = ['committed', 'failed']): Promise<string> {
    const started = await officer.post(`/api/registers/imports/${d.id}/commit`, { version: d.version });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('importing');
    return waitForStatus(t, d.id, until);
  }

  const rowsOf = async (id: string): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM register_rows WHERE import_id = $1', [id]))[0]
      .n;

  let firstId: string;

  it('goes upload → mapping → dry run → commit → committed, audited, leaving nothing behind', async () => {
    // A header the defaults do not know: the user maps it.
    const header = ['身份证号', '姓名', '性别', '出生日期', '村编码', '备注'];
    const rows = householdRows(2_500, villages).map((r) => [...r, '']);
    rows[10][2] = '未知';
    const upload = await uploadRegister(t, cookie, csv([header, ...rows]), { kind: 'household' }, '户籍.csv');
    expect(upload.status).toBe(201);
    const uploaded: RegisterImportDetail = upload.body;
    expect(uploaded).toMatchObject({
      kind: 'household',
      status: 'uploaded',
      fileName: '户籍.csv',
      format: 'csv',
      encoding: 'utf-8',
      region: { id: zone.id, path: zone.path },
      createdBy: { name: expect.any(String) },
      headers: header,
    });
    expect(uploaded.fileSize).toBeGreaterThan(50_000);
    expect(uploaded.mapping).toMatchObject({
      idNumber: 0,
      fullName: 1,
      sex: 2,
      birthDate: 3,
      hukouRegionCode: null,
    });
    expect(uploaded.fileProblems).toEqual([
      expect.objectContaining({ field: 'hukouRegionCode', rule: 'missing_column' }),
    ]);
    // The preview never shows a whole ID number.
    expect(uploaded.sample[0][0]).toMatch(/^370829\*{8}[\dX]{4}$/);

    const mapped = await officer.request<RegisterImportDetail>(
      'PUT',
      `/api/registers/imports/${uploaded.id}/mapping`,
      {
        mapping: { ...uploaded.mapping, hukouRegionCode: 4 },
        version: uploaded.version,
      },
    );
    expect(mapped.status).toBe(200);
    expect(mapped.body.fileProblems).toEqual([]);
    expect(mapped.body.version).toBe(uploaded.version + 1);

    const dry = await officer.post(`/api/registers/imports/${uploaded.id}/dry-run`, {
      version: mapped.body.version,
    });
    expect(dry.status).toBe(202);
    await waitForStatus(t, uploaded.id, ['validated', 'failed', 'rejected']);
    const checked = await detail(uploaded.id);
    expect(checked.status).toBe('validated');
    expect(checked.counts).toEqual({ rows: 2_500, valid: 2_499, invalid: 1, imported: 0 });
    expect(checked.problemsByRule).toEqual({ sex: 1 });
    expect(await rowsOf(uploaded.id)).toBe(0);

    expect(await commit(checked)).toBe('committed');
    const done = await detail(uploaded.id);
    expect(done.counts).toEqual({ rows: 2_500, valid: 2_499, invalid: 1, imported: 2_499 });
    expect(done.committedAt).not.toBeNull();
    expect(await rowsOf(uploaded.id)).toBe(2_499);
    const chunks = await t.dataSource.query(
      'SELECT first_row, last_row, rows FROM register_import_chunks WHERE import_id = $1 ORDER BY first_row',
      [uploaded.id],
    );
    // File rows 2 … 2501 in chunks aligned on 1000; row 12 (the bad sex) is not written.
    expect(chunks).toEqual([
      { first_row: 2, last_row: 999, rows: 997 },
      { first_row: 1000, last_row: 1999, rows: 1000 },
      { first_row: 2000, last_row: 2501, rows: 502 },
    ]);
    const [{ files }] = await t.dataSource.query(
      'SELECT count(*)::int AS files FROM register_import_files WHERE import_id = $1',
      [uploaded.id],
    );
    expect(files).toBe(0);
    const staging = await t.dataSource.query('SELECT 1 FROM pg_class WHERE relname = $1', [
      `register_staging_${uploaded.id.replace(/-/g, '')}`,
    ]);
    expect(staging).toEqual([]);
    const actions: { action: string }[] = await t.dataSource.query(
      'SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY action',
      [uploaded.id],
    );
    expect(actions.map((a) => a.action).sort()).toEqual(
      [
        'register.dry_run',
        'register.import.commit',
        // The page's detail reads, polled while the jobs ran: one look.
        'register.import.read',
        'register.import.start',
        'register.mapping',
        'register.upload',
      ].sort(),
    );
    const [commitEvent] = await t.dataSource.query(
      "SELECT details FROM audit_events WHERE entity_id = $1 AND action = 'register.import.commit'",
      [uploaded.id],
    );
    expect(commitEvent.details).toMatchObject({
      kind: 'household',
      rows: 2_500,
      valid: 2_499,
      invalid: 1,
      imported: 2_499,
    });

    const list = await officer.get<Page<RegisterImportSummary>>(
      '/api/registers/imports?kind=household&status=committed',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toEqual([uploaded.id]);
    firstId = uploaded.id;
  });

  it('a newer committed import of the kind and region supersedes the older', async () => {
    const second = await validated(1_200, 50_000);
    expect(await commit(second)).toBe('committed');
    const current: { id: string; status: string }[] = await t.dataSource.query(
      "SELECT id, status FROM register_imports WHERE kind = 'household' AND status IN ('committed', 'superseded') ORDER BY created_at",
    );
    expect(current).toEqual([
      { id: firstId, status: 'superseded' },
      { id: second.id, status: 'committed' },
    ]);
    // The older snapshot's rows stay (findings point at them); only committed imports are compared.
    expect(await rowsOf(firstId)).toBe(2_499);
    const list = await officer.get<Page<RegisterImportSummary>>('/api/registers/imports');
    expect(list.body.items[0].id).toBe(second.id);
  });

  it('is all or nothing: a chunk that cannot be written leaves no row and the current snapshot in place', async () => {
    const third = await validated(2_500, 100_000);
    // An ID block already in place where the second chunk writes: that chunk fails on every try.
    await t.dataSource.query(
      `INSERT INTO register_id_blocks (import_id, block, iv, cipher) VALUES ($1, 1, '\\x00', '\\x00')`,
      [third.id],
    );
    expect(await commit(third)).toBe('failed');
    const failed = await detail(third.id);
    expect(failed.failure).toMatch(/import_failed/);
    expect(failed.counts.imported).toBe(0);
    expect(await rowsOf(third.id)).toBe(0);
    const leftovers = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM register_import_chunks WHERE import_id = $1)::int AS chunks,
              (SELECT count(*) FROM register_id_blocks WHERE import_id = $1)::int AS blocks`,
      [third.id],
    );
    expect(leftovers).toEqual([{ chunks: 0, blocks: 0 }]);
    const committed = await t.dataSource.query(
      "SELECT id FROM register_imports WHERE kind = 'household' AND status = 'committed'",
    );
    expect(committed).toHaveLength(1);
    expect(committed[0].id).not.toBe(third.id);
  });

  it('commits every row of a file with blank rows among its rows (they keep their numbers)', async () => {
    const rows = householdRows(1_500, villages, 200_000);
    const lines = csv([HOUSEHOLD_HEADER, ...rows]).split('\n');
    // Row 501 of the file is all empty cells, row 1202 a blank line: the last child is row 1503.
    lines.splice(500, 0, ',,,,');
    lines.splice(1201, 0, '');
    const upload = await uploadRegister(t, cookie, lines.join('\n'));
    expect(upload.status).toBe(201);
    const dry = await officer.post(`/api/registers/imports/${upload.body.id}/dry-run`, {
      version: upload.body.version,
    });
    expect(dry.status).toBe(202);
    expect(await waitForStatus(t, upload.body.id, ['validated', 'rejected', 'failed'])).toBe('validated');
    const checked = await detail(upload.body.id);
    expect(checked.counts).toMatchObject({ rows: 1_500, valid: 1_500, invalid: 0 });
    expect(await commit(checked)).toBe('committed');
    const [written] = await t.dataSource.query(
      `SELECT count(*)::int AS n, max(row_number) AS last,
              count(*) FILTER (WHERE row_number IN (501, 1202))::int AS blank
         FROM register_rows WHERE import_id = $1`,
      [checked.id],
    );
    expect(written).toEqual({ n: 1_500, last: 1_503, blank: 0 });
  });

  it('derives the rows again when a database restart emptied the unlogged work tables, then commits', async () => {
    const checked = await validated(1_200, 300_000);
    const hex = checked.id.replace(/-/g, '');
    // What a crash leaves of UNLOGGED tables: empty ones (their marks stay in the catalogue).
    await t.dataSource.query(
      `TRUNCATE register_staging_${hex}, register_pending_${hex}, register_pending_${hex}_ids`,
    );
    expect(await commit(checked)).toBe('committed');
    expect(await rowsOf(checked.id)).toBe(1_200);
    const [{ blocks }] = await t.dataSource.query(
      'SELECT count(*)::int AS blocks FROM register_id_blocks WHERE import_id = $1',
      [checked.id],
    );
    expect(blocks).toBe(2);
  });

  it('answers stale versions 409, bad mappings 400 naming each field, wrong order 409', async () => {
    const rows = householdRows(3, villages, 200_000);
    const upload = await uploadRegister(t, cookie, csv([HOUSEHOLD_HEADER, ...rows]));
    const d: RegisterImportDetail = upload.body;
    const put = (mapping: Record<string, number | null>, version = d.version) =>
      officer.request<{ details: { field: string; rule: string }[] }>(
        'PUT',
        `/api/registers/imports/${d.id}/mapping`,
        {
          mapping,
          version,
        },
      );

    const unknown = await put({ ...d.mapping, birthDate: 9 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([
      expect.objectContaining({ field: 'mapping.birthDate', rule: 'unknown_column' }),
    ]);
    const twice = await put({ ...d.mapping, sex: 1 });
    expect(twice.status).toBe(400);
    expect(twice.body.details).toEqual([
      expect.objectContaining({ field: 'mapping.sex', rule: 'column_twice' }),
    ]);
    const missing = await put({ ...d.mapping, fullName: null });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([
      expect.objectContaining({ field: 'mapping.fullName', rule: 'missing_column' }),
    ]);
    const foreign = await put({ ...d.mapping, schoolCode: 1 });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([expect.objectContaining({ field: 'mapping.schoolCode' })]);

    const commitEarly = await officer.post(`/api/registers/imports/${d.id}/commit`, { version: d.version });
    expect(commitEarly.status).toBe(409);

    expect((await put(d.mapping)).status).toBe(200);
    const stale = await put(d.mapping, d.version);
    expect(stale.status).toBe(409);
    const staleDry = await officer.post(`/api/registers/imports/${d.id}/dry-run`, { version: d.version });
    expect(staleDry.status).toBe(409);

    const discarded = await officer.delete(`/api/registers/imports/${d.id}`);
    expect(discarded.status).toBe(204);
    expect((await detail(d.id)).status).toBe('discarded');
    const [{ files }] = await t.dataSource.query(
      'SELECT count(*)::int AS files FROM register_import_files WHERE import_id = $1',
      [d.id],
    );
    expect(files).toBe(0);
  });

  it('refuses a bad kind or a region outside the scope, naming the field', async () => {
    const file = csv([HOUSEHOLD_HEADER, ...householdRows(1, villages, 300_000)]);
    const badKind = await uploadRegister(t, cookie, file, { kind: 'census' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.details).toEqual([expect.objectContaining({ field: 'kind', rule: 'isIn' })]);
    const [outside] = await t.dataSource.query("SELECT id FROM regions WHERE code = '370829'");
    const badRegion = await uploadRegister(t, cookie, file, { kind: 'household', regionId: outside.id });
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.details).toEqual([expect.objectContaining({ field: 'regionId' })]);
    const notUuid = await uploadRegister(t, cookie, file, { kind: 'household', regionId: 'x' });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.details).toEqual([expect.objectContaining({ field: 'regionId', rule: 'isUuid' })]);
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM register_imports'))[0].n;
    const tooLarge = await uploadRegister(t, cookie, Buffer.alloc(1024 * 1024 + 1, 0x41));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'too_large' })]);
    // Nothing of it was kept: the import's row and bytes rolled back together.
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM register_imports'))[0].n).toBe(before);
    const [{ files }] = await t.dataSource.query(
      'SELECT count(*)::int AS files FROM register_import_files f WHERE NOT EXISTS (SELECT 1 FROM register_imports i WHERE i.id = f.import_id)',
    );
    expect(files).toBe(0);
    const noFile = await officer.post('/api/registers/imports', { kind: 'household' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
  });

  it('keeps imports within scope: village roles 403, another county 404', async () => {
    const village = await t.as('village.official');
    expect((await village.get('/api/registers/imports')).status).toBe(403);
    expect((await village.get(`/api/registers/imports/${firstId}`)).status).toBe(403);
    const villageCookie = await sessionCookie(t, 'village.official');
    const file = csv([HOUSEHOLD_HEADER, ...householdRows(1, villages, 400_000)]);
    expect((await uploadRegister(t, villageCookie, file)).status).toBe(403);

    await addJiaxiangBureau(t);
    const other = t.client();
    await other.login(JIAXIANG_OFFICER.username, JIAXIANG_OFFICER.password);
    expect((await other.get(`/api/registers/imports/${firstId}`)).status).toBe(404);
    expect((await other.get(`/api/registers/imports/${firstId}/problems`)).status).toBe(404);
    expect((await other.delete(`/api/registers/imports/${firstId}`)).status).toBe(404);
    expect((await other.post(`/api/registers/imports/${firstId}/dry-run`, { version: 1 })).status).toBe(404);
    const list = await other.get<Page<RegisterImportSummary>>('/api/registers/imports');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(0);
  });
});
