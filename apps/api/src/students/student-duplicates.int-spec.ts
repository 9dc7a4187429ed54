import { composeIdNumber } from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';

interface Created {
  id: string;
  version: number;
}

/**
 * Possible duplicates of a child: kept as candidate pairs when registered or changed,
 * listed for the bureau within its scope, merged by a bureau officer (guardians, flags and
 * cases move; one open case per child holds) or dismissed, every step audited.
 */
describe('student duplicates', () => {
  let t: TestApp;
  let officer: TestClient;
  let villageId: string;
  let otherVillageId: string;
  let schoolId: string;
  let sequence = 101;

  const nextIdNumber = (birthDate: string, sex: 'male' | 'female' = 'male'): string => {
    sequence += 2;
    return composeIdNumber('370829', birthDate, sex === 'male' ? sequence : sequence + 1);
  };

  const register = async (body: Record<string, unknown>): Promise<Created & Record<string, unknown>> => {
    const response = await officer.post('/api/students', {
      sex: 'male',
      hukouRegionId: villageId,
      schoolId,
      grade: 4,
      ...body,
    });
    expect(response.status).toBe(201);
    return response.body;
  };

  /** Two records of one child (same ID number), with what each holds. */
  const pair = async (name: string, birthDate: string) => {
    const idNumber = nextIdNumber(birthDate);
    const a = await register({ fullName: name, birthDate, idNumber, ethnicity: '汉族' });
    const b = await register({ fullName: `${name}二`, birthDate, idNumber, ethnicity: '回族', grade: 5 });
    const duplicateId = await candidateOf(a.id, b.id);
    return { a, b, duplicateId };
  };

  const candidateOf = async (x: string, y: string): Promise<string> => {
    const rows = await t.dataSource.query(
      `SELECT id FROM student_duplicates
        WHERE (first_student_id = $1 AND second_student_id = $2) OR (first_student_id = $2 AND second_student_id = $1)`,
      [x, y],
    );
    if (!rows[0]) throw new Error('no candidate for the pair');
    return rows[0].id;
  };

  const candidate = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT status, reason, version, resolution_note FROM student_duplicates WHERE id = $1',
        [id],
      )
    )[0];

  const studentRow = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT full_name, ethnicity, grade, version, merged_into_id FROM students WHERE id = $1',
        [id],
      )
    )[0];

  const openCase = async (studentId: string): Promise<string> => {
    const response = await officer.post('/api/cases', {
      studentId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'learning_difficulty',
    });
    expect(response.status).toBe(201);
    return response.body.id;
  };

  const auditCount = async (action: string, entityId: string): Promise<number> =>
    (
      await t.dataSource.query(
        'SELECT count(*)::int AS count FROM audit_events WHERE action = $1 AND entity_id = $2',
        [action, entityId],
      )
    )[0].count;

  const merge = (client: TestClient, survivor: Created, other: Created, duplicateId: string, extra = {}) =>
    client.post(`/api/students/${survivor.id}/merge`, {
      duplicateId,
      version: survivor.version,
      otherVersion: other.version,
      reason: '同一儿童重复登记',
      ...extra,
    });

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.as('bureau.officer');
    const villages = await t.dataSource.query(
      "SELECT id FROM regions WHERE kind = 'village' AND path LIKE '%/370829104/%' ORDER BY code LIMIT 2",
    );
    villageId = villages[0].id;
    otherVillageId = villages[1].id;
    schoolId = (
      await t.dataSource.query(
        "SELECT id FROM organisations WHERE type = 'school' AND region_path LIKE '%/370829104/%' ORDER BY name LIMIT 1",
      )
    )[0].id;
  });
  afterAll(() => t.close());

  describe('flagging', () => {
    it('keeps a candidate pair when a child is registered, by ID number or by name, birth date and village', async () => {
      const birthDate = '2014-02-03';
      const idNumber = nextIdNumber(birthDate);
      const a = await register({ fullName: '孙小宝', birthDate, idNumber });
      const b = await register({ fullName: '孙宝', birthDate, idNumber });
      expect(b.possibleDuplicates).toEqual([expect.objectContaining({ id: a.id, matchedBy: 'id_number' })]);
      expect(await candidate(await candidateOf(a.id, b.id))).toMatchObject({
        status: 'open',
        reason: 'same_id_number',
      });

      const c = await register({ fullName: '孙小宝', birthDate });
      expect(await candidate(await candidateOf(a.id, c.id))).toMatchObject({
        reason: 'same_name_birth_village',
      });
      await expect(candidateOf(b.id, c.id)).rejects.toThrow('no candidate');

      // Another village: not a candidate by name.
      await register({ fullName: '孙小宝', birthDate, hukouRegionId: otherVillageId });
      const detail = await officer.get(`/api/students/${a.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.mergedIntoId).toBeNull();
      expect(detail.body.openDuplicates.map((d: { other: { id: string } }) => d.other.id).sort()).toEqual(
        [b.id, c.id].sort(),
      );
      expect(detail.body.openDuplicates[0].other.maskedName).toMatch(/^孙\*+$/);
    });

    it('keeps the pair when the same child is registered twice at the same moment', async () => {
      const birthDate = '2014-06-07';
      const idNumber = nextIdNumber(birthDate);
      const other = await t.client();
      await other.login('bureau.officer');
      const body = {
        fullName: '李同时',
        sex: 'male',
        birthDate,
        idNumber,
        hukouRegionId: villageId,
        schoolId,
      };
      const [a, b] = await Promise.all([
        officer.post('/api/students', body),
        other.post('/api/students', body),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(await candidate(await candidateOf(a.body.id, b.body.id))).toMatchObject({
        status: 'open',
        reason: 'same_id_number',
      });
    });

    it('keeps a candidate when an update makes two records match', async () => {
      const birthDate = '2014-04-05';
      const a = await register({ fullName: '钱多多', birthDate });
      const d = await register({ fullName: '钱多', birthDate });
      expect(d.possibleDuplicates).toEqual([]);
      const updated = await officer.patch(`/api/students/${d.id}`, {
        version: d.version,
        fullName: '钱多多',
      });
      expect(updated.status).toBe(200);
      expect(updated.body.openDuplicates).toEqual([
        expect.objectContaining({
          reason: 'same_name_birth_village',
          other: expect.objectContaining({ id: a.id }),
        }),
      ]);
    });
  });

  describe('list', () => {
    it('lists open candidates with both records in scope, masked, to the bureau only', async () => {
      const { a, b, duplicateId } = await pair('周全', '2013-05-06');
      // A pair in 嘉祥县 itself: outside the zone the officer serves.
      const [county] = await t.dataSource.query("SELECT id, path FROM regions WHERE code = '370829'");
      const outside: { id: string }[] = await t.dataSource.query(
        `INSERT INTO students (full_name, sex, birth_date, region_path, hukou_region_id, enrolment_status)
         VALUES ('县外甲', 'male', '2014-05-06', $1, $2, 'not_enrolled'),
                ('县外甲', 'male', '2014-05-06', $1, $2, 'not_enrolled') RETURNING id`,
        [county.path, county.id],
      );
      const [first, second] = outside.map((r) => r.id).sort();
      const [{ id: outsideDuplicateId }] = await t.dataSource.query(
        `INSERT INTO student_duplicates (first_student_id, second_student_id, reason)
         VALUES ($1, $2, 'same_name_birth_village') RETURNING id`,
        [first, second],
      );

      const listed = await officer.get('/api/students/duplicates?pageSize=100');
      expect(listed.status).toBe(200);
      const ids = listed.body.items.map((d: { id: string }) => d.id);
      expect(ids).toContain(duplicateId);
      expect(ids).not.toContain(outsideDuplicateId);
      const item = listed.body.items.find((d: { id: string }) => d.id === duplicateId);
      expect(item).toMatchObject({
        status: 'open',
        reason: 'same_id_number',
        conflicts: ['fullName', 'ethnicity', 'grade'],
      });
      expect([item.first.id, item.second.id].sort()).toEqual([a.id, b.id].sort());
      expect(JSON.stringify(listed.body)).not.toMatch(/\d{17}[\dX]/);
      expect(JSON.stringify(listed.body)).not.toContain('周全');

      const leader = await t.as('bureau.leader');
      expect((await leader.get('/api/students/duplicates')).status).toBe(200);
      for (const username of ['town.official', 'village.official', 'school.teacher'])
        expect((await (await t.as(username)).get('/api/students/duplicates')).status).toBe(403);

      const bad = await officer.get('/api/students/duplicates?status=maybe');
      expect(bad.status).toBe(400);
      expect(bad.body.details[0]).toMatchObject({ field: 'status' });

      // Out of scope answers like missing, and changes nothing.
      const dismissOutside = await officer.post(`/api/students/duplicates/${outsideDuplicateId}/dismiss`, {
        version: 1,
        reason: '不是同一人',
      });
      expect(dismissOutside.status).toBe(404);
      const mergeOutside = await officer.post(`/api/students/${first}/merge`, {
        duplicateId: outsideDuplicateId,
        version: 1,
        otherVersion: 1,
        reason: '同一儿童重复登记',
      });
      expect(mergeOutside.status).toBe(404);
      expect(await candidate(outsideDuplicateId)).toMatchObject({ status: 'open', version: 1 });
    });
  });

  describe('merge', () => {
    it('moves guardians, flags and cases to the survivor, keeps the other pointing at it, audited', async () => {
      const birthDate = '2012-06-07';
      const idNumber = nextIdNumber(birthDate);
      const a = await register({
        fullName: '吴小军',
        birthDate,
        idNumber,
        ethnicity: '汉族',
        guardians: [{ fullName: '吴母', relation: 'mother', phone: '13800001111' }],
        flags: [{ flag: 'left_behind', fromDate: '2024-01-01' }],
      });
      const b = await register({
        fullName: '吴小君',
        birthDate,
        idNumber,
        ethnicity: '回族',
        guardians: [
          { fullName: '吴母', relation: 'mother', phone: '13800001111' },
          { fullName: '吴父', relation: 'father', worksAway: true, worksAwayPlace: '苏州' },
        ],
        flags: [
          { flag: 'left_behind', fromDate: '2024-01-01' },
          { flag: 'low_income', fromDate: '2023-09-01' },
        ],
      });
      const duplicateId = await candidateOf(a.id, b.id);
      const closedCase = await openCase(b.id);
      await t.dataSource.query("UPDATE cases SET state = 'closed', closed_at = now() WHERE id = $1", [
        closedCase,
      ]);
      const openOne = await openCase(b.id);
      const caseVersion = (await t.dataSource.query('SELECT version FROM cases WHERE id = $1', [openOne]))[0]
        .version;

      const response = await merge(officer, a, b, duplicateId, { takeFromOther: ['ethnicity'] });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        mergedId: b.id,
        movedGuardians: 1,
        movedFlags: 1,
        movedCases: 2,
      });
      expect(response.body.survivor).toMatchObject({
        id: a.id,
        fullName: '吴小军',
        ethnicity: '回族',
        version: a.version + 1,
        mergedIntoId: null,
      });
      expect(response.body.survivor.guardians.map((g: { fullName: string }) => g.fullName).sort()).toEqual([
        '吴母',
        '吴父',
      ]);
      expect([...response.body.survivor.flags].sort()).toEqual(['left_behind', 'low_income']);
      expect(response.body.survivor.openDuplicates).toEqual([]);

      const cases = await t.dataSource.query('SELECT id, student_id, version FROM cases WHERE id = ANY($1)', [
        [closedCase, openOne],
      ]);
      expect(cases.every((c: { student_id: string }) => c.student_id === a.id)).toBe(true);
      expect(cases.find((c: { id: string }) => c.id === openOne).version).toBe(caseVersion + 1);

      expect(await studentRow(b.id)).toMatchObject({ merged_into_id: a.id, version: b.version + 1 });
      expect(await candidate(duplicateId)).toMatchObject({
        status: 'merged',
        resolution_note: '同一儿童重复登记',
      });
      const [audit] = await t.dataSource.query(
        "SELECT actor_username, reason, details FROM audit_events WHERE action = 'student.merge' AND entity_id = $1",
        [a.id],
      );
      expect(audit).toMatchObject({
        actor_username: 'bureau.officer',
        reason: '同一儿童重复登记',
        details: expect.objectContaining({ mergedId: b.id, fieldsFromOther: ['ethnicity'] }),
      });
      expect(await auditCount('student.merged_into', b.id)).toBe(1);

      // The merged record: out of lists and search, its detail a read-only pointer.
      const search = await officer.get(`/api/students?idNumber=${idNumber}`);
      expect(search.body.items.map((s: { id: string }) => s.id)).toEqual([a.id]);
      const old = await officer.get(`/api/students/${b.id}`);
      expect(old.status).toBe(200);
      expect(old.body).toMatchObject({
        mergedIntoId: a.id,
        guardians: [expect.objectContaining({ fullName: '吴母' })],
      });
      const edit = await officer.patch(`/api/students/${b.id}`, { version: b.version + 1, grade: 6 });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('student.merged');
      const listed = await officer.get('/api/students/duplicates?pageSize=100');
      expect(listed.body.items.map((d: { id: string }) => d.id)).not.toContain(duplicateId);
      const merged = await officer.get('/api/students/duplicates?status=merged&pageSize=100');
      expect(merged.body.items.map((d: { id: string }) => d.id)).toContain(duplicateId);
    });

    it('fills what the survivor lacks from the other record, ID number and student number included', async () => {
      const birthDate = '2012-07-08';
      const idNumber = nextIdNumber(birthDate);
      // Same name, birth date and village; only the second has an ID number and a 学籍号.
      const a = await register({ fullName: '何无证', birthDate, hukouAddress: '进士张村1号' });
      const b = await register({
        fullName: '何无证',
        birthDate,
        idNumber,
        studentNumber: `G${idNumber}`,
        guardians: [{ fullName: '何母', relation: 'mother' }],
      });
      const duplicateId = await candidateOf(a.id, b.id);
      expect(await candidate(duplicateId)).toMatchObject({ reason: 'same_name_birth_village' });

      const response = await merge(officer, a, b, duplicateId);
      expect(response.status).toBe(200);
      expect(response.body.survivor).toMatchObject({
        id: a.id,
        idNumberMasked: `370829********${idNumber.slice(-4)}`,
        studentNumberMasked: expect.stringMatching(/^G370829\*+/),
      });
      const [row] = await t.dataSource.query(
        `SELECT (SELECT student_number FROM students WHERE id = $1) AS kept,
                (SELECT student_number FROM students WHERE id = $2) AS gone`,
        [a.id, b.id],
      );
      expect(row).toEqual({ kept: `G${idNumber}`, gone: null });
      const search = await officer.get(`/api/students?idNumber=${idNumber}`);
      expect(search.body.items.map((s: { id: string }) => s.id)).toEqual([a.id]);
      const [audit] = await t.dataSource.query(
        "SELECT details FROM audit_events WHERE action = 'student.merge' AND entity_id = $1",
        [a.id],
      );
      expect(audit.details.fieldsFromOther).toEqual(['idNumber', 'studentNumber']);
      expect(JSON.stringify(audit.details)).not.toContain(idNumber);
      const old = await officer.get(`/api/students/${b.id}`);
      expect(old.body).toMatchObject({ mergedIntoId: a.id, openDuplicates: [] });
    });

    it('takes the 学籍号 with the ID number, and refuses a merge that would split them', async () => {
      const birthDate = '2012-07-09';
      const [x, y, z] = [nextIdNumber(birthDate), nextIdNumber(birthDate), nextIdNumber(birthDate)];
      const a = await register({ fullName: '施两号', birthDate, idNumber: x, studentNumber: `G${x}` });
      const b = await register({ fullName: '施两号', birthDate, idNumber: y });
      const split = await merge(officer, a, b, await candidateOf(a.id, b.id), {
        takeFromOther: ['idNumber'],
      });
      expect(split.status).toBe(400);
      expect(split.body.details[0]).toMatchObject({
        field: 'takeFromOther',
        rule: 'studentNumberMatchesIdNumber',
      });
      expect(await studentRow(a.id)).toMatchObject({ version: a.version, merged_into_id: null });

      const c = await register({ fullName: '施两号', birthDate, idNumber: z, studentNumber: `G${z}` });
      const both = await merge(officer, a, c, await candidateOf(a.id, c.id), { takeFromOther: ['idNumber'] });
      expect(both.status).toBe(200);
      expect(both.body.survivor.idNumberMasked).toBe(`370829********${z.slice(-4)}`);
      const [row] = await t.dataSource.query('SELECT student_number FROM students WHERE id = $1', [a.id]);
      expect(row.student_number).toBe(`G${z}`);
    });

    it('refuses when both children have an open case, changing nothing', async () => {
      const { a, b, duplicateId } = await pair('郑两案', '2012-08-09');
      await openCase(a.id);
      await openCase(b.id);
      const response = await merge(officer, a, b, duplicateId);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('student.merge_two_open_cases');
      expect(await studentRow(b.id)).toMatchObject({ merged_into_id: null, version: b.version });
      expect(await candidate(duplicateId)).toMatchObject({ status: 'open', version: 1 });
      const listed = await officer.get('/api/students/duplicates?pageSize=100');
      expect(listed.body.items.find((d: { id: string }) => d.id === duplicateId).bothHaveOpenCases).toBe(
        true,
      );
    });

    it('is for bureau officers only (403), and the survivor must be one of the pair', async () => {
      const { a, b, duplicateId } = await pair('冯官', '2012-09-10');
      for (const username of ['bureau.leader', 'town.official', 'village.official', 'school.teacher']) {
        const response = await merge(await t.as(username), a, b, duplicateId);
        expect(response.status).toBe(403);
      }
      const stranger = await register({ fullName: '陈路人', birthDate: '2012-09-11' });
      const notInPair = await merge(officer, stranger, b, duplicateId);
      expect(notInPair.status).toBe(400);
      expect(notInPair.body.details[0]).toMatchObject({ field: 'duplicateId' });
      const unknownField = await merge(officer, a, b, duplicateId, { takeFromOther: ['shoeSize'] });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.details[0]).toMatchObject({ field: 'takeFromOther' });
      expect(await studentRow(b.id)).toMatchObject({ merged_into_id: null, version: b.version });
      expect(await candidate(duplicateId)).toMatchObject({ status: 'open' });
    });

    it('gets 409 on a stale version of either record and changes nothing', async () => {
      const { a, b, duplicateId } = await pair('褚旧', '2012-10-11');
      await officer.patch(`/api/students/${b.id}`, { version: b.version, className: '2班' });
      const stale = await merge(officer, a, b, duplicateId);
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('student.stale_version');
      const staleSurvivor = await merge(
        officer,
        { ...a, version: a.version + 5 },
        { ...b, version: b.version + 1 },
        duplicateId,
      );
      expect(staleSurvivor.status).toBe(409);
      expect(await studentRow(a.id)).toMatchObject({ version: a.version, merged_into_id: null });
      expect(await studentRow(b.id)).toMatchObject({ version: b.version + 1, merged_into_id: null });
      expect(await candidate(duplicateId)).toMatchObject({ status: 'open', version: 1 });
      expect(await auditCount('student.merge', a.id)).toBe(0);
    });

    it('lets one of two concurrent merges of a pair win; the other gets 409', async () => {
      const { a, b, duplicateId } = await pair('卫并发', '2012-11-12');
      const other = await t.client();
      await other.login('bureau.officer');
      const results = await Promise.all([merge(officer, a, b, duplicateId), merge(other, b, a, duplicateId)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409);
      expect(['duplicate.not_open', 'student.stale_version', 'student.merged']).toContain(loser?.body.code);
      const rows = await t.dataSource.query(
        'SELECT count(*)::int AS merged FROM students WHERE id = ANY($1) AND merged_into_id IS NOT NULL',
        [[a.id, b.id]],
      );
      expect(rows[0].merged).toBe(1);
      expect(await candidate(duplicateId)).toMatchObject({ status: 'merged', version: 2 });
    });
  });

  describe('dismiss', () => {
    it('closes a candidate as not the same child, with a reason, audited; it does not come back', async () => {
      const { a, b, duplicateId } = await pair('蒋双胞', '2013-01-02');
      const stale = await officer.post(`/api/students/duplicates/${duplicateId}/dismiss`, {
        version: 2,
        reason: '双胞胎，不是同一人',
      });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('duplicate.stale_version');
      const leader = await t.as('bureau.leader');
      const refused = await leader.post(`/api/students/duplicates/${duplicateId}/dismiss`, {
        version: 1,
        reason: '双胞胎，不是同一人',
      });
      expect(refused.status).toBe(403);
      const blank = await officer.post(`/api/students/duplicates/${duplicateId}/dismiss`, {
        version: 1,
        reason: '   ',
      });
      expect(blank.status).toBe(400);

      const dismissed = await officer.post(`/api/students/duplicates/${duplicateId}/dismiss`, {
        version: 1,
        reason: '双胞胎，不是同一人',
      });
      expect(dismissed.status).toBe(200);
      expect(dismissed.body).toMatchObject({
        id: duplicateId,
        status: 'dismissed',
        resolutionNote: '双胞胎，不是同一人',
        version: 2,
      });
      expect(await auditCount('student_duplicate.dismiss', duplicateId)).toBe(1);
      const again = await officer.post(`/api/students/duplicates/${duplicateId}/dismiss`, {
        version: 2,
        reason: '双胞胎，不是同一人',
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('duplicate.not_open');
      const mergeDismissed = await merge(officer, a, b, duplicateId);
      expect(mergeDismissed.status).toBe(409);
      expect(mergeDismissed.body.code).toBe('duplicate.not_open');

      // A later change that still matches leaves the dismissed pair as it is.
      const changed = await officer.patch(`/api/students/${b.id}`, {
        version: b.version,
        fullName: '蒋双胞',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.openDuplicates).toEqual([]);
      expect(await candidate(duplicateId)).toMatchObject({ status: 'dismissed' });
    });
  });
});
