import { randomBytes, randomUUID } from 'node:crypto';
import { FieldCaseCard, FieldCards } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { openCase as openCaseAs, studentPicker } from '../../test/case-fixtures';
import { createTestApp, TestApp, TestClient, TestResponse } from '../../test/test-app';
import { hashPassword } from '../auth/passwords';

const MAJI = '%/370829108/%';
const TUANLI = '%/370829104/%';
const JPEG = [0xff, 0xd8, 0xff, 0xe0];

/** The field app's cards through the real API and PostgreSQL. */
describe('field cards', () => {
  let t: TestApp;
  let villagePath: string;
  let officialId: string;
  const otherPassword = 'Other-village-2026';

  const as = (username: string): Promise<TestClient> => t.as(username);

  /** A child with a guardian with a phone, an address and no case yet, matching `where`. */
  const student = studentPicker(
    () => t,
    [
      's.current_address IS NOT NULL',
      'EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id AND g.phone IS NOT NULL)',
    ],
  );
  const villageStudent = () => student('s.region_path = $1', [villagePath]);

  /** Opened by the bureau officer: the village's officials become responsible automatically. */
  const openCase = (studentId: string): Promise<string> => openCaseAs(t, studentId);

  /** The open cases in the village on which `userId` is an active responsible person, straight from the tables. */
  const assignedOpenCases = async (userId: string): Promise<string[]> =>
    (
      await t.dataSource.query(
        `SELECT DISTINCT c.id FROM cases c JOIN case_responsibles r ON r.case_id = c.id
          WHERE r.user_id = $1 AND r.active AND c.state IN ('suspected', 'verifying', 'persuading', 'monitoring')
            AND (c.region_path LIKE $2 OR c.school_region_path LIKE $2)
          ORDER BY c.id`,
        [userId, `${villagePath}%`],
      )
    ).map((row: { id: string }) => row.id);

  const cardsOf = async (client: TestClient): Promise<TestResponse<FieldCards>> => {
    const response = await client.get<FieldCards>('/api/field/cards');
    expect(response.status).toBe(200);
    return response;
  };
  const auditCount = async (action: string): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE action = $1', [action]))[0]
      .n;

  let mine: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const [official] = await t.dataSource.query(
      "SELECT id, scope_path, organisation_id, scope_region_id FROM users WHERE username = 'village.official'",
    );
    villagePath = official.scope_path;
    officialId = official.id;
    mine = [await openCase(await villageStudent()), await openCase(await villageStudent())];
    // A second official of the same village, added after those cases opened: in scope, but named on none.
    await t.dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_region_id, scope_path)
       VALUES ('village.other', '进士张村文书', $1, 'village_official', $2, $3, $4)`,
      [await hashPassword(otherPassword), official.organisation_id, official.scope_region_id, villagePath],
    );
  });
  afterAll(() => t.close());

  it('gives exactly my open cases, with the child, guardians’ phones and the address in full', async () => {
    const { body, headers } = await cardsOf(await as('village.official'));
    expect(headers.get('cache-control')).toContain('no-store');
    expect(body.cards.map((c) => c.caseId).sort()).toEqual(await assignedOpenCases(officialId));
    expect(body.cards.map((c) => c.caseId)).toEqual(expect.arrayContaining(mine));
    expect(Date.parse(body.at)).not.toBeNaN();

    for (const card of body.cards.filter((c) => mine.includes(c.caseId))) {
      const [row] = await t.dataSource.query(
        `SELECT c.version, c.state, s.id AS student_id, s.full_name, s.current_address, s.grade, s.class_name,
                o.name AS school_name, v.name AS village_name
           FROM cases c JOIN students s ON s.id = c.student_id
           LEFT JOIN organisations o ON o.id = s.school_id LEFT JOIN regions v ON v.id = s.hukou_region_id
          WHERE c.id = $1`,
        [card.caseId],
      );
      expect(card).toMatchObject({
        version: row.version,
        state: row.state,
        lastIntervention: null,
        student: {
          id: row.student_id,
          fullName: row.full_name,
          currentAddress: row.current_address,
          grade: row.grade,
          className: row.class_name,
          schoolName: row.school_name,
          villageName: row.village_name,
        },
      });
      expect(card.student.currentAddress).not.toContain('*');
      const guardians: { id: string; phone: string | null }[] = await t.dataSource.query(
        'SELECT id, phone FROM guardians WHERE student_id = $1 ORDER BY created_at, id',
        [row.student_id],
      );
      expect(card.guardians.map((g) => ({ id: g.id, phone: g.phone }))).toEqual(guardians);
      expect(card.guardians.some((g) => g.phone !== null && /^[0-9-]+$/.test(g.phone))).toBe(true);

      // The case's pending due items (the verification a new case needs), soonest first.
      const due: { id: string }[] = await t.dataSource.query(
        "SELECT id FROM due_items WHERE case_id = $1 AND status = 'pending' ORDER BY due_on, id",
        [card.caseId],
      );
      expect(due.length).toBeGreaterThan(0);
      expect(card.dueItems.map((d) => d.id)).toEqual(due.map((d) => d.id));
      expect(card.dueItems[0]).toMatchObject({ role: 'responsible', case: { id: card.caseId } });
    }
  });

  it('shows the last intervention with its photos and location', async () => {
    const official = await as('village.official');
    const [caseId] = mine;
    const record = (occurredOn: string, extra: Record<string, unknown> = {}) =>
      official.post(`/api/cases/${caseId}/interventions`, {
        clientId: randomUUID(),
        kind: 'home_visit',
        occurredOn,
        outcome: 'willing_to_return',
        ...extra,
      });
    const today = chinaToday(new Date());
    const latest = await record(today, {
      location: { latitude: 35.4, longitude: 116.3, accuracyMeters: 30 },
    });
    expect(latest.status).toBe(201);
    // Recorded later but about an earlier day: not the last one.
    const backdated = await record(chinaToday(new Date(Date.now() - 3 * 24 * 60 * 60 * 1000)));
    expect(backdated.status).toBe(201);
    const bytes = Buffer.concat([Buffer.from(JPEG), randomBytes(1024)]);
    const photo = await official.raw(
      'PUT',
      `/api/cases/${caseId}/interventions/${latest.body.id}/photos/${randomUUID()}`,
      bytes as unknown as string,
      'image/jpeg',
    );
    expect(photo.status).toBe(201);

    const card = (await official.get<FieldCaseCard>(`/api/field/cards/${caseId}`)).body;
    expect(card.lastIntervention).toMatchObject({
      id: latest.body.id,
      location: { latitude: 35.4, longitude: 116.3, accuracyMeters: 30 },
      photos: [{ id: photo.body.id, contentType: 'image/jpeg', size: bytes.length }],
    });
    const listed = (await cardsOf(official)).body.cards.find((c) => c.caseId === caseId);
    expect(listed?.lastIntervention?.id).toBe(latest.body.id);
    expect(listed?.lastIntervention?.photos).toHaveLength(1);
  });

  it('gives another official of the same village none of them, and 404 for each', async () => {
    const other = t.client();
    await other.login('village.other', otherPassword);
    const before = await auditCount('field.cards.read');
    expect((await cardsOf(other)).body.cards).toEqual([]);
    // No card, nothing personal read: no audit entry.
    expect(await auditCount('field.cards.read')).toBe(before);
    for (const caseId of mine) {
      // In their scope (the case itself is readable), but not their responsibility.
      expect((await other.get(`/api/cases/${caseId}`)).status).toBe(200);
      const card = await other.get(`/api/field/cards/${caseId}`);
      expect(card.status).toBe(404);
      expect(card.body.code).toBe('case.not_found');
    }
    expect((await other.get(`/api/field/cards/${randomUUID()}`)).status).toBe(404);
    expect((await other.get('/api/field/cards/not-a-uuid')).status).toBe(400);
  });

  it('gives a department liaison none, and a case outside my scope never', async () => {
    expect((await cardsOf(await as('dept.police'))).body.cards).toEqual([]);

    // Responsible on a case outside the scope (e.g. moved away): not shown.
    const maji = await openCase(
      await student(
        's.region_path LIKE $1 AND (s.school_region_path IS NULL OR s.school_region_path NOT LIKE $2)',
        [MAJI, TUANLI],
      ),
    );
    await t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, name, party, line, level, user_id)
       VALUES ($1, '进士张村主任', 'village', 'government', 'village', $2)`,
      [maji, officialId],
    );
    const official = await as('village.official');
    expect((await cardsOf(official)).body.cards.map((c) => c.caseId)).not.toContain(maji);
    expect((await official.get(`/api/field/cards/${maji}`)).status).toBe(404);
  });

  it('drops a case once it is closed or I step down', async () => {
    const official = await as('village.official');
    const closing = await openCase(await villageStudent());
    const steppingDown = await openCase(await villageStudent());
    const ids = async () => (await cardsOf(official)).body.cards.map((c) => c.caseId);
    expect(await ids()).toEqual(expect.arrayContaining([closing, steppingDown]));

    await t.dataSource.query("UPDATE cases SET state = 'closed', closed_at = now() WHERE id = $1", [closing]);
    await t.dataSource.query(
      'UPDATE case_responsibles SET active = false WHERE case_id = $1 AND user_id = $2',
      [steppingDown, officialId],
    );
    const after = await ids();
    expect(after).not.toContain(closing);
    expect(after).not.toContain(steppingDown);
    expect(after.sort()).toEqual(await assignedOpenCases(officialId));
    expect((await official.get(`/api/field/cards/${closing}`)).status).toBe(404);
  });

  it('audits every read: one entry per list naming the cases and children, one per card', async () => {
    const official = await as('village.official');
    const before = await auditCount('field.cards.read');
    const { body } = await cardsOf(official);
    expect(await auditCount('field.cards.read')).toBe(before + 1);
    const [entry] = await t.dataSource.query(
      `SELECT actor_username, details FROM audit_events WHERE action = 'field.cards.read'
        ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    );
    expect(entry.actor_username).toBe('village.official');
    expect(entry.details).toEqual({
      caseIds: body.cards.map((c) => c.caseId),
      studentIds: body.cards.map((c) => c.student.id),
      fields: ['guardianPhones', 'currentAddress'],
    });

    const [caseId] = mine;
    await official.get(`/api/field/cards/${caseId}`);
    const [one] = await t.dataSource.query(
      `SELECT entity_type, entity_id, region_path, details FROM audit_events
        WHERE action = 'field.card.read' AND entity_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [caseId],
    );
    expect(one).toMatchObject({ entity_type: 'case', entity_id: caseId, region_path: villagePath });
    // It shows in the case's "who looked at this record".
    const log = await (await as('bureau.officer')).get(`/api/cases/${caseId}/access-log`);
    expect(log.body.items.map((i: { action: string }) => i.action)).toContain('field.card.read');
  });

  it('reads all cards in a fixed number of queries, however many there are', async () => {
    const official = await as('village.official');
    // The statements that read a card's parts (sign-in and session checks are left out).
    const parts =
      /guardians|student_flags|case_interventions|case_intervention_photos|due_items|case_responsibles/;
    const countQueries = async (): Promise<{ statements: number; cards: number }> => {
      const logger = t.dataSource.logger;
      const original = logger.logQuery.bind(logger);
      let statements = 0;
      logger.logQuery = (query, parameters, runner) => {
        if (parts.test(query)) statements++;
        return original(query, parameters, runner);
      };
      try {
        const cards = (await cardsOf(official)).body.cards.length;
        return { statements, cards };
      } finally {
        logger.logQuery = original;
      }
    };
    const few = await countQueries();
    for (let i = 0; i < 5; i++) await openCase(await villageStudent());
    const many = await countQueries();
    expect(many.cards).toBe(few.cards + 5);
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBeLessThanOrEqual(8);
  });
});
