import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chinaToday, INTERVENTION_PHOTO_LIMIT } from '@baoxue/domain';
import { openCase, studentPicker } from '../../test/case-fixtures';
import { fetchBytes as fetchBytesAs } from '../../test/fetch-bytes';
import { createTestApp, TestApp, TestClient, TestResponse } from '../../test/test-app';

const TUANLI = '%/370829104/%';
const MAJI = '%/370829108/%';
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Photos of interventions: raw image uploads, idempotent by client id, read within the case's scope. */
describe('intervention photos', () => {
  let t: TestApp;

  const as = (username: string): Promise<TestClient> => t.as(username);
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  /** An image of the given signature with random content (the API checks magic bytes, not pixels). */
  const image = (signature: number[], size = 2048): Buffer =>
    Buffer.concat([Buffer.from(signature), randomBytes(size - signature.length)]);

  /** The harness sends strings; fetch takes the Buffer as it is, byte for byte. */
  const put = (client: TestClient, path: string, bytes: Buffer, type = 'image/jpeg'): Promise<TestResponse> =>
    client.raw('PUT', path, bytes as unknown as string, type);

  const fetchBytes = (username: string, path: string) => fetchBytesAs(t, username, path);

  const student = studentPicker(() => t);

  /** An open case with one intervention on it. */
  const intervention = async (where = 's.region_path LIKE $1', params: unknown[] = [TUANLI]) => {
    const officer = await as('bureau.officer');
    const caseId = await openCase(t, await student(where, params));
    const recorded = await officer.post(`/api/cases/${caseId}/interventions`, {
      clientId: randomUUID(),
      kind: 'home_visit',
      occurredOn: chinaToday(new Date()),
    });
    expect(recorded.status).toBe(201);
    const interventionId: string = recorded.body.id;
    return {
      caseId,
      interventionId,
      photoPath: (clientId: string = randomUUID()) =>
        `/api/cases/${caseId}/interventions/${interventionId}/photos/${clientId}`,
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores a photo once per clientId, lists it and serves the same bytes, audited', async () => {
    const x = await intervention();
    const officer = await as('bureau.officer');
    const bytes = image(JPEG, 200 * 1024);
    const path = x.photoPath();
    const first = await put(officer, path, bytes);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ contentType: 'image/jpeg', size: bytes.length });

    const again = await put(officer, path, bytes);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await count('case_intervention_photos WHERE intervention_id = $1', [x.interventionId])).toBe(1);
    expect(
      await count("audit_events WHERE entity_id = $1 AND action = 'case.photo_upload'", [x.caseId]),
    ).toBe(1);
    const [row] = await t.dataSource.query(
      'SELECT sha256, uploaded_by FROM case_intervention_photos WHERE id = $1',
      [first.body.id],
    );
    expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(row.uploaded_by).toEqual(expect.any(String));

    const listed = await officer.get(`/api/cases/${x.caseId}/interventions`);
    expect(listed.body[0].photos).toEqual([first.body]);

    const read = await fetchBytes(
      'bureau.officer',
      `/api/cases/${x.caseId}/interventions/${x.interventionId}/photos/${first.body.id}`,
    );
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/jpeg');
    expect(read.headers.get('cache-control')).toBe('private, no-store');
    expect(read.bytes.equals(bytes)).toBe(true);
    const [audit] = await t.dataSource.query(
      "SELECT details FROM audit_events WHERE entity_id = $1 AND action = 'case.photo_read'",
      [x.caseId],
    );
    expect(audit.details).toEqual({ interventionId: x.interventionId, photoId: first.body.id });
  });

  it('stores exactly one copy when the same clientId is sent concurrently', async () => {
    const x = await intervention();
    const officer = await as('bureau.officer');
    const bytes = image(PNG);
    const path = x.photoPath();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => put(officer, path, bytes, 'image/png')),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await count('case_intervention_photos WHERE intervention_id = $1', [x.interventionId])).toBe(1);
    expect(
      await count("audit_events WHERE entity_id = $1 AND action = 'case.photo_upload'", [x.caseId]),
    ).toBe(1);
  });

  it('refuses other types, content that is not what it says, and bodies over the limit', async () => {
    const x = await intervention();
    const officer = await as('bureau.officer');
    const gif = await put(officer, x.photoPath(), Buffer.from('GIF89a-------'), 'image/gif');
    expect(gif.status).toBe(415);
    expect(gif.body.details[0]).toMatchObject({ field: 'photo', rule: 'imageType' });
    const json = await officer.raw('PUT', x.photoPath(), '{"photo":"x"}');
    expect(json.status).toBe(415);
    expect(json.body.details[0]).toMatchObject({ field: 'photo', rule: 'imageType' });
    const mismatched = await put(officer, x.photoPath(), image(PNG), 'image/jpeg');
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.details[0]).toMatchObject({ field: 'photo', rule: 'contentMatchesType' });
    const empty = await put(officer, x.photoPath(), Buffer.alloc(0), 'image/jpeg');
    expect(empty.status).toBe(400);

    const limit = t.config.PHOTO_MAX_BYTES;
    expect((await put(officer, x.photoPath(), image(JPEG, limit + 1))).status).toBe(413);
    expect((await put(officer, x.photoPath(), image(JPEG, limit))).status).toBe(201);
    // Other routes keep the small JSON limit for an image body.
    const elsewhere = image(JPEG, 2 * 1024 * 1024) as unknown as string;
    expect(
      (await officer.raw('POST', `/api/cases/${x.caseId}/interventions`, elsewhere, 'image/jpeg')).status,
    ).toBe(413);
    // A small image sent to a JSON route is bad input, not a server error.
    const misrouted = await officer.raw(
      'POST',
      `/api/cases/${x.caseId}/interventions`,
      image(JPEG) as unknown as string,
      'image/jpeg',
    );
    expect(misrouted.status).toBe(400);
    expect(await count('case_intervention_photos WHERE intervention_id = $1', [x.interventionId])).toBe(1);
  });

  it(`refuses more than ${INTERVENTION_PHOTO_LIMIT} photos on one intervention with 409, a resend still answered`, async () => {
    const x = await intervention();
    const officer = await as('bureau.officer');
    const clientIds = Array.from({ length: INTERVENTION_PHOTO_LIMIT }, () => randomUUID());
    for (const clientId of clientIds)
      expect((await put(officer, x.photoPath(clientId), image(JPEG))).status).toBe(201);
    const over = await put(officer, x.photoPath(), image(JPEG));
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('intervention.photo_limit');
    expect((await put(officer, x.photoPath(clientIds[0]), image(JPEG))).status).toBe(200);
    expect(await count('case_intervention_photos WHERE intervention_id = $1', [x.interventionId])).toBe(
      INTERVENTION_PHOTO_LIMIT,
    );
  });

  it('refuses a photo on a case that is not open with 409', async () => {
    const x = await intervention();
    const officer = await as('bureau.officer');
    const stored = await put(officer, x.photoPath(), image(JPEG));
    await t.dataSource.query("UPDATE cases SET state = 'closed', closed_at = now() WHERE id = $1", [
      x.caseId,
    ]);
    const refused = await put(officer, x.photoPath(), image(JPEG));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('case.not_open');
    // What was stored stays readable.
    const read = await fetchBytes(
      'bureau.officer',
      `/api/cases/${x.caseId}/interventions/${x.interventionId}/photos/${stored.body.id}`,
    );
    expect(read.status).toBe(200);
    expect(await count('case_intervention_photos WHERE intervention_id = $1', [x.interventionId])).toBe(1);
  });

  it('answers 404 outside scope or for a photo of another case, and 403 to roles that may not act', async () => {
    const foreign = await intervention('s.region_path LIKE $1 AND s.school_region_path NOT LIKE $2', [
      MAJI,
      TUANLI,
    ]);
    const stored = await put(await as('bureau.officer'), foreign.photoPath(), image(JPEG));
    expect(stored.status).toBe(201);
    const village = await as('village.official');
    expect((await put(village, foreign.photoPath(), image(JPEG))).status).toBe(404);
    const photoPath = `/api/cases/${foreign.caseId}/interventions/${foreign.interventionId}/photos/${stored.body.id}`;
    expect((await fetchBytes('village.official', photoPath)).status).toBe(404);
    expect((await fetchBytes('town.official', photoPath)).status).toBe(404);
    expect(
      await count("audit_events WHERE entity_id = $1 AND action = 'case.photo_read'", [foreign.caseId]),
    ).toBe(0);

    // The photo addressed through another case (even one in scope) is not found.
    const own = await intervention();
    const crossed = `/api/cases/${own.caseId}/interventions/${foreign.interventionId}/photos/${stored.body.id}`;
    expect((await fetchBytes('bureau.officer', crossed)).status).toBe(404);
    expect(
      (
        await put(
          await as('bureau.officer'),
          `/api/cases/${own.caseId}/interventions/${foreign.interventionId}/photos/${randomUUID()}`,
          image(JPEG),
        )
      ).status,
    ).toBe(404);

    for (const username of ['admin', 'dept.police']) {
      const refused = await put(await as(username), own.photoPath(), image(JPEG));
      expect(refused.status).toBe(403);
    }
    expect(await count('case_intervention_photos WHERE intervention_id = $1', [own.interventionId])).toBe(0);
    expect(
      (
        await put(
          village,
          `/api/cases/${own.caseId}/interventions/${own.interventionId}/photos/nope`,
          image(JPEG),
        )
      ).status,
    ).toBe(400);
  });
});
