import { randomUUID } from 'node:crypto';
import {
  CASE_STATES,
  CaseState,
  chinaToday,
  FieldRule,
  GUARDS,
  GuardName,
  Role,
  Transition,
  TRANSITION_NAMES,
  TRANSITIONS,
} from '@baoxue/domain';
import { createTestApp, TestApp, TestClient } from '../../test/test-app';
import { TRANSITION_COMMENT_FIELDS, TRANSITION_FIELD_COLUMNS } from './case-rules';

const USER_OF_ROLE: Record<Role, string> = {
  admin: 'admin',
  bureau_leader: 'bureau.leader',
  bureau_officer: 'bureau.officer',
  government_official: 'town.official',
  department_liaison: 'dept.police',
  village_official: 'village.official',
  school_staff: 'school.teacher',
};
const DAY_MS = 24 * 60 * 60 * 1000;
const TUANLI = '%/370829104/%';
const MAJI = '%/370829108/%';

/**
 * Cases through the real API and PostgreSQL. The lifecycle tests are generated from the
 * domain's TRANSITIONS table, so a new transition cannot go untested.
 */
describe('cases', () => {
  let t: TestApp;
  let teacherSchoolId: string;
  let pool: string[] = [];

  const as = (username: string): Promise<TestClient> => t.as(username);

  /** A child nobody has opened a case for yet (in 疃里镇, with a guardian). */
  const freshStudent = (): string => {
    const id = pool.shift();
    if (!id) throw new Error('student pool exhausted');
    return id;
  };
  const studentWhere = async (where: string, params: unknown[]): Promise<string> => {
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT s.id FROM students s WHERE ${where} AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
         AND NOT (s.id = ANY($${params.length + 1})) ORDER BY s.id LIMIT 1`,
      [...params, pool],
    );
    if (!rows[0]) throw new Error(`no student where ${where}`);
    return rows[0].id;
  };

  const openCase = async (studentId: string, username = 'bureau.officer') => {
    const response = await (
      await as(username)
    ).post('/api/cases', {
      studentId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'learning_difficulty',
      otherReasons: ['distance'],
      whereabouts: '在家',
      plan: '班主任与村干部联合家访',
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number; state: CaseState };
  };

  const row = async (id: string) =>
    (await t.dataSource.query('SELECT * FROM cases WHERE id = $1', [id]))[0] as Record<string, unknown>;

  /**
   * A fresh case in `state`, set up directly in the database past its guards: responsible
   * persons on both lines, a monitoring window long passed, a persuasion attempt, and a
   * closing request when the transition needs one.
   */
  const caseIn = async (
    state: CaseState,
    transition?: Transition,
  ): Promise<{ id: string; version: number }> => {
    const opened = await openCase(freshStudent());
    if (state !== 'suspected') {
      await t.dataSource.query(
        `UPDATE cases SET state = $2::case_state, monitoring_started_on = $3, persuasion_attempts = 1,
           closing_requested = $4, closed_at = CASE WHEN $2::case_state = 'closed' THEN now() END WHERE id = $1`,
        [
          opened.id,
          state,
          state === 'monitoring' ? chinaToday(new Date(Date.now() - 120 * DAY_MS)) : null,
          transition?.guards.includes('closing_requested') ?? false,
        ],
      );
    }
    await t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, name, party, line, level) VALUES
         ($1, '王镇长', 'government', 'government', 'town'), ($1, '李老师', 'school', 'education', 'class')`,
      [opened.id],
    );
    return { id: opened.id, version: (await row(opened.id))['version'] as number };
  };

  /**
   * How to make each guard fail on a case `caseIn` set up past all of them. A Record over
   * every guard name: a new guard does not compile until it has a way to be tested.
   */
  const breakGuard: Record<GuardName, (caseId: string, actor: string) => Promise<unknown>> = {
    government_line_responsible: (id) =>
      t.dataSource.query("DELETE FROM case_responsibles WHERE case_id = $1 AND line = 'government'", [id]),
    education_line_responsible: (id) =>
      t.dataSource.query("DELETE FROM case_responsibles WHERE case_id = $1 AND line = 'education'", [id]),
    guardian_recorded: (id) =>
      t.dataSource.query(
        'DELETE FROM guardians WHERE student_id = (SELECT student_id FROM cases WHERE id = $1)',
        [id],
      ),
    monitoring_window_passed: (id) =>
      t.dataSource.query('UPDATE cases SET monitoring_started_on = $2 WHERE id = $1', [
        id,
        chinaToday(new Date()),
      ]),
    persuasion_trail: (id) =>
      t.dataSource.query('UPDATE cases SET persuasion_attempts = 0 WHERE id = $1', [id]),
    closing_not_requested: (id) =>
      t.dataSource.query('UPDATE cases SET closing_requested = true WHERE id = $1', [id]),
    closing_requested: (id) =>
      t.dataSource.query('UPDATE cases SET closing_requested = false WHERE id = $1', [id]),
    another_approver: (id, actor) =>
      t.dataSource.query(
        'UPDATE cases SET closing_requested_by_user_id = (SELECT id FROM users WHERE username = $2) WHERE id = $1',
        [id, actor],
      ),
    no_other_open_case: async (id) => {
      const [{ student_id }] = await t.dataSource.query('SELECT student_id FROM cases WHERE id = $1', [id]);
      return openCase(student_id);
    },
  };

  const yesterday = () => chinaToday(new Date(Date.now() - DAY_MS));

  /** Valid input for every field rule of a transition (conditional ones included). */
  const validInput = (tr: Transition): Record<string, string> => {
    const value = (rule: FieldRule): string => {
      if (rule.kind === 'code') return rule.codes[0];
      if (rule.kind === 'date') return yesterday();
      return rule.field === 'returnSchoolId' ? teacherSchoolId : '经核实的说明';
    };
    return Object.fromEntries(tr.fields.map((rule) => [rule.field, value(rule)]));
  };

  const actorFor = (tr: Transition): string =>
    tr.roles.includes('bureau_officer')
      ? 'bureau.officer'
      : tr.roles.includes('bureau_leader')
        ? 'bureau.leader'
        : USER_OF_ROLE[tr.roles[0]];

  beforeAll(async () => {
    t = await createTestApp();
    teacherSchoolId = (
      await t.dataSource.query("SELECT scope_school_id FROM users WHERE username = 'school.teacher'")
    )[0].scope_school_id;
    // Outside village.official's village: opening names nobody there automatically.
    pool = (
      await t.dataSource.query(
        `SELECT s.id FROM students s WHERE s.region_path LIKE $1 AND s.school_id IS NOT NULL
           AND s.region_path <> (SELECT scope_path FROM users WHERE username = 'village.official')
           AND EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id) ORDER BY s.id LIMIT 300`,
        [TUANLI],
      )
    ).map((r: { id: string }) => r.id);
  });
  afterAll(() => t.close());

  it('stores every transition input somewhere', () => {
    const placed = [...Object.keys(TRANSITION_FIELD_COLUMNS), ...TRANSITION_COMMENT_FIELDS];
    for (const name of TRANSITION_NAMES)
      for (const rule of TRANSITIONS[name].fields) expect(placed).toContain(rule.field);
  });

  describe.each(TRANSITION_NAMES.map((name) => [name, TRANSITIONS[name]] as const))(
    'transition %s',
    (name, tr) => {
      it.each(tr.from)(`is taken from %s to ${tr.to} by a permitted role with valid input`, async (from) => {
        const c = await caseIn(from, tr);
        const input = validInput(tr);
        const response = await (
          await as(actorFor(tr))
        ).post(`/api/cases/${c.id}/transitions/${name}`, { version: c.version, ...input });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ id: c.id, state: tr.to, version: c.version + 1 });
        for (const [field, value] of Object.entries(input)) {
          if (field in TRANSITION_FIELD_COLUMNS && field !== 'returnSchoolId')
            expect(response.body[field]).toBe(value);
        }
        if (input['returnSchoolId']) expect(response.body.returnSchool.id).toBe(teacherSchoolId);
        const events = await t.dataSource.query(
          "SELECT from_state, to_state FROM case_events WHERE case_id = $1 AND kind = 'transition' AND transition = $2",
          [c.id, name],
        );
        expect(events).toEqual([{ from_state: from, to_state: tr.to }]);
        const audited = await t.dataSource.query(
          "SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'case.transition'",
          [c.id],
        );
        expect(audited[0].n).toBe(1);
      });

      if (tr.guards.length > 0)
        it.each(tr.guards)('is blocked (409) while %s does not hold, naming it', async (guard) => {
          const c = await caseIn(tr.from[0], tr);
          const actor = actorFor(tr);
          await breakGuard[guard](c.id, actor);
          const version = (await row(c.id))['version'] as number;
          const before = await row(c.id);
          const response = await (
            await as(actor)
          ).post(`/api/cases/${c.id}/transitions/${name}`, { version, ...validInput(tr) });
          expect(response.status).toBe(409);
          expect(response.body.code).toBe('case.transition_blocked');
          expect(response.body.details).toContainEqual(
            expect.objectContaining({ rule: guard, field: GUARDS[guard].field }),
          );
          expect(await row(c.id)).toEqual(before);
        });

      it('is refused with 409 and the allowed list from a state it does not leave', async () => {
        const wrong = CASE_STATES.find((state) => !tr.from.includes(state)) as CaseState;
        const c = await caseIn(wrong, tr);
        const client = await as(actorFor(tr));
        const response = await client.post(`/api/cases/${c.id}/transitions/${name}`, {
          version: c.version,
          ...validInput(tr),
        });
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('case.transition_illegal');
        const detail = await client.get(`/api/cases/${c.id}`);
        expect(response.body.allowed).toEqual(
          detail.body.allowedTransitions.map((a: { name: string }) => a.name),
        );
        expect(response.body.allowed).not.toContain(name);
        expect((await row(c.id))['state']).toBe(wrong);
      });

      it('is forbidden (403) for every demo role outside its roles that can see the case', async () => {
        const c = await caseIn(tr.from[0], tr);
        let refused = 0;
        for (const [role, username] of Object.entries(USER_OF_ROLE)) {
          if (tr.roles.includes(role as Role)) continue;
          const client = await as(username);
          if ((await client.get(`/api/cases/${c.id}`)).status !== 200) continue;
          const response = await client.post(`/api/cases/${c.id}/transitions/${name}`, {
            version: c.version,
            ...validInput(tr),
          });
          expect(response.status).toBe(403);
          expect(response.body.code).toBe('case.transition_forbidden');
          refused++;
        }
        expect(refused).toBeGreaterThan(0);
        expect(await row(c.id)).toMatchObject({ state: tr.from[0], version: c.version });
      });

      const required = tr.fields.filter((rule) => !rule.when).map((rule) => rule.field);
      if (required.length > 0) {
        it(`names each required field when missing (400): ${required.join(', ')}`, async () => {
          const c = await caseIn(tr.from[0], tr);
          const response = await (
            await as(actorFor(tr))
          ).post(`/api/cases/${c.id}/transitions/${name}`, { version: c.version });
          expect(response.status).toBe(400);
          const missing = response.body.details
            .filter((d: { rule: string }) => d.rule === 'required')
            .map((d: { field: string }) => d.field);
          expect(missing.sort()).toEqual([...required].sort());
          expect(await row(c.id)).toMatchObject({ state: tr.from[0], version: c.version });
        });
      }

      for (const rule of tr.fields.filter((r) => r.when)) {
        it(`requires ${rule.field} when ${rule.when?.field} is ${rule.when?.in.join(' or ')}`, async () => {
          const c = await caseIn(tr.from[0], tr);
          const input: Record<string, string> = validInput(tr);
          delete input[rule.field];
          input[rule.when?.field as string] = rule.when?.in[0] as string;
          const response = await (
            await as(actorFor(tr))
          ).post(`/api/cases/${c.id}/transitions/${name}`, { version: c.version, ...input });
          expect(response.status).toBe(400);
          expect(response.body.details).toEqual([
            expect.objectContaining({ field: rule.field, rule: 'required' }),
          ]);
        });
      }
    },
  );

  it('walks a case through the API from opening to an approved closing', async () => {
    const officer = await as('bureau.officer');
    const opened = await openCase(freshStudent());
    expect(opened).toMatchObject({ state: 'suspected', version: 1, closingRequested: false });
    const take = (name: string, body: Record<string, unknown>) =>
      officer.post(`/api/cases/${opened.id}/transitions/${name}`, body);

    let response = await take('start_verification', { version: 1 });
    expect(response.status).toBe(200);

    // No responsible persons yet: blocked, with the unmet guards and what is allowed.
    response = await take('confirm_dropout', { version: 2 });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('case.transition_blocked');
    expect(response.body.details.map((d: { rule: string }) => d.rule).sort()).toEqual([
      'education_line_responsible',
      'government_line_responsible',
    ]);
    expect(response.body.allowed).toEqual(['exclude', 'confirm_dropout']);

    const badLevel = await officer.post(`/api/cases/${opened.id}/responsibles`, {
      name: '王镇长',
      party: 'government',
      line: 'government',
      level: 'school',
    });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.details[0]).toMatchObject({ field: 'level', rule: 'levelOfLine' });
    const noUser = await officer.post(`/api/cases/${opened.id}/responsibles`, {
      name: '王镇长',
      party: 'government',
      line: 'government',
      level: 'town',
      userId: '00000000-0000-4000-8000-000000000000',
    });
    // A missing user is refused like one beyond the case's reach: the answer reveals nothing.
    expect(noUser.status).toBe(400);
    expect(noUser.body.details[0]).toMatchObject({ field: 'userId', rule: 'withinScope' });

    // A county head and the bureau are not on the ground: persuasion still needs town or
    // village, and school or teacher level.
    for (const [line, level, party] of [
      ['government', 'county', 'government'],
      ['education', 'bureau', 'school'],
    ])
      expect(
        (
          await officer.post(`/api/cases/${opened.id}/responsibles`, {
            name: '县级联系人',
            party,
            line,
            level,
          })
        ).status,
      ).toBe(201);
    response = await take('confirm_dropout', { version: 2 });
    expect(response.status).toBe(409);
    expect(response.body.details.map((d: { rule: string }) => d.rule).sort()).toEqual([
      'education_line_responsible',
      'government_line_responsible',
    ]);

    const townOfficial = (
      await t.dataSource.query("SELECT id FROM users WHERE username = 'town.official'")
    )[0].id;
    const gov = await (
      await as('town.official')
    ).post(`/api/cases/${opened.id}/responsibles`, {
      name: '王镇长',
      party: 'government',
      line: 'government',
      level: 'town',
      userId: townOfficial,
      phone: '0537-6851234',
    });
    expect(gov.status).toBe(201);
    expect(gov.body).toMatchObject({ line: 'government', level: 'town', userId: townOfficial, active: true });
    const edu = await officer.post(`/api/cases/${opened.id}/responsibles`, {
      name: '李老师',
      party: 'school',
      line: 'education',
      level: 'class',
      organisationId: teacherSchoolId,
    });
    expect(edu.status).toBe(201);

    response = await take('confirm_dropout', { version: 2 });
    expect(response.status).toBe(200);
    expect(response.body.state).toBe('persuading');

    response = await take('record_return', {
      version: 3,
      returnSchoolId: '00000000-0000-4000-8000-000000000000',
      returnDate: yesterday(),
      returnMode: 'original_class',
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({ field: 'returnSchoolId', rule: 'withinScope' }),
    ]);
    response = await take('record_return', {
      version: 3,
      returnSchoolId: teacherSchoolId,
      returnDate: chinaToday(new Date(Date.now() + 2 * DAY_MS)),
      returnMode: 'original_class',
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({ field: 'returnDate', rule: 'not_future' }),
    ]);
    response = await take('record_return', {
      version: 3,
      returnSchoolId: teacherSchoolId,
      returnDate: yesterday(),
      returnMode: 'original_class',
      note: 'not an input of record_return',
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'note', rule: 'notAnInput' })]);

    response = await take('record_return', {
      version: 3,
      returnSchoolId: teacherSchoolId,
      returnDate: yesterday(),
      returnMode: 'original_class',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ state: 'monitoring', monitoringStartedOn: yesterday() });

    // The monitoring window has not passed and no persuasion is on record.
    response = await take('request_closing', { version: 4 });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('case.transition_blocked');
    expect(response.body.details.map((d: { rule: string }) => d.rule).sort()).toEqual([
      'monitoring_window_passed',
      'persuasion_trail',
    ]);

    // Record a home visit through the API (the closing guard needs a persuasion trail); move the clock past the window.
    const visit = await officer.post(`/api/cases/${opened.id}/interventions`, {
      clientId: randomUUID(),
      kind: 'home_visit',
      occurredOn: yesterday(),
      notes: '入户走访，家长表示支持返校',
    });
    expect(visit.status).toBe(201);
    t.clock.advance(95 * DAY_MS);
    try {
      // Sessions expire with the moved clock: sign in again, then.
      const later = t.client();
      await later.login('bureau.officer');
      response = await later.post(`/api/cases/${opened.id}/transitions/request_closing`, { version: 4 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ state: 'monitoring', closingRequested: true });
      expect(response.body.allowedTransitions.map((a: { name: string }) => a.name)).toEqual([
        'relapse',
        'request_closing',
        'approve_closing',
        'reject_closing',
      ]);
      // Four eyes: the requester may not approve their own request.
      expect(
        response.body.allowedTransitions.find((a: { name: string }) => a.name === 'approve_closing').unmet,
      ).toEqual([expect.objectContaining({ field: 'closingRequestedBy', rule: 'another_approver' })]);
      expect((await row(opened.id))['closing_requested_by_user_id']).toBe(
        (await t.dataSource.query("SELECT id FROM users WHERE username = 'bureau.officer'"))[0].id,
      );
      const own = await later.post(`/api/cases/${opened.id}/transitions/approve_closing`, { version: 5 });
      expect(own.status).toBe(409);
      expect(own.body).toMatchObject({ code: 'case.transition_blocked' });
      expect(own.body.details).toEqual([
        expect.objectContaining({ field: 'closingRequestedBy', rule: 'another_approver' }),
      ]);

      const leader = t.client();
      await leader.login('bureau.leader');
      response = await leader.post(`/api/cases/${opened.id}/transitions/approve_closing`, { version: 5 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ state: 'closed', closingRequested: false, version: 6 });
      expect(response.body.closedAt).not.toBeNull();
      expect((await row(opened.id))['closing_requested_by_user_id']).toBeNull();
    } finally {
      t.clock.reset();
    }
    const detail = (await officer.get(`/api/cases/${opened.id}`)).body;
    expect(
      detail.timeline.map((e: { kind: string; transition: string | null }) => e.transition ?? e.kind),
    ).toEqual([
      'opened',
      'start_verification',
      'responsible_assigned',
      'responsible_assigned',
      'responsible_assigned',
      'responsible_assigned',
      'confirm_dropout',
      'record_return',
      'intervention',
      'request_closing',
      'approve_closing',
    ]);
    expect(detail.responsibles).toHaveLength(4);
    expect(JSON.stringify(detail.timeline)).not.toContain('0537');
  });

  it('names as responsible only users who can see the case, and organisations of its county', async () => {
    const c = await openCase(freshStudent());
    const officer = await as('bureau.officer');
    const person = { name: '责任人', party: 'school', line: 'education', level: 'class' };
    const userId = async (username: string): Promise<string> =>
      (await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username]))[0].id;
    // The town official sees every case of 疃里镇: a fit government-line responsible.
    const town = await officer.post(`/api/cases/${c.id}/responsibles`, {
      ...person,
      party: 'government',
      line: 'government',
      level: 'town',
      userId: await userId('town.official'),
    });
    expect(town.status).toBe(201);
    // A teacher of another school cannot see this child's case: naming them is refused.
    const [elsewhere] = await t.dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_school_id, scope_path)
       SELECT 'other.teacher', '别校教师', 'x', 'school_staff', o.id, o.id, o.region_path
         FROM organisations o WHERE o.type = 'school' AND o.id <> (SELECT school_id FROM cases WHERE id = $1)
         ORDER BY o.id LIMIT 1 RETURNING id, organisation_id`,
      [c.id],
    );
    const refusedUser = await officer.post(`/api/cases/${c.id}/responsibles`, {
      ...person,
      userId: elsewhere.id,
    });
    expect(refusedUser.status).toBe(400);
    expect(refusedUser.body.details[0]).toMatchObject({ field: 'userId', rule: 'withinScope' });
    // Any school of the zone may be named as an organisation; one beyond the county may not.
    expect(
      (
        await officer.post(`/api/cases/${c.id}/responsibles`, {
          ...person,
          organisationId: elsewhere.organisation_id,
        })
      ).status,
    ).toBe(201);
    const [beyond] = await t.dataSource.query(
      `INSERT INTO organisations (name, type, region_id, region_path)
       SELECT '嘉祥县某单位', 'county_government', r.id, r.path FROM regions r WHERE r.code = '370829' RETURNING id`,
    );
    const refusedOrg = await officer.post(`/api/cases/${c.id}/responsibles`, {
      ...person,
      organisationId: beyond.id,
    });
    expect(refusedOrg.status).toBe(400);
    expect(refusedOrg.body.details[0]).toMatchObject({ field: 'organisationId', rule: 'withinScope' });
    const names = (
      await t.dataSource.query('SELECT name FROM case_responsibles WHERE case_id = $1', [c.id])
    ).map((r: { name: string }) => r.name);
    expect(names.filter((n: string) => n === '责任人')).toHaveLength(2);
  });

  it("shows a reveal of the child's full data on the case's timeline, with who and why", async () => {
    const c = await openCase(freshStudent());
    const officer = await as('bureau.officer');
    const studentId = (await row(c.id))['student_id'];
    const reveal = await officer.post(`/api/students/${studentId}/reveal`, {
      reason: '核对户籍信息以便家访',
    });
    expect(reveal.status).toBe(200);
    const timeline = (await officer.get(`/api/cases/${c.id}`)).body.timeline as Record<string, unknown>[];
    const entry = timeline.find((e) => e['kind'] === 'reveal');
    expect(entry).toMatchObject({ comment: '核对户籍信息以便家访', actorName: expect.any(String) });
    expect(JSON.stringify(timeline)).not.toMatch(/\d{17}[\dX]/);
  });

  it('never sends a full ID number in a case response unless revealed; searching by one finds the case', async () => {
    const studentId = await studentWhere('s.school_id = $1 AND s.id_number_cipher IS NOT NULL', [
      teacherSchoolId,
    ]);
    const c = await openCase(studentId, 'school.teacher');
    const officer = await as('bureau.officer');
    const revealed = (await officer.post(`/api/students/${studentId}/reveal`, { reason: '核对身份信息' }))
      .body.idNumber as string;
    expect(revealed).toMatch(/^\d{17}[\dX]$/);
    await officer.post(`/api/cases/${c.id}/interventions`, {
      clientId: randomUUID(),
      kind: 'written_order',
      occurredOn: yesterday(),
      orderNumber: '99',
    });
    for (const username of [
      'bureau.leader',
      'bureau.officer',
      'town.official',
      'village.official',
      'school.teacher',
    ]) {
      const client = await as(username);
      const responses = [
        await client.get('/api/cases?pageSize=100'),
        await client.get(`/api/cases?q=${revealed}`),
        await client.get('/api/cases/mine?pageSize=100'),
        await client.get(`/api/cases/${c.id}`),
        await client.get(`/api/cases/${c.id}/interventions`),
        await client.get(`/api/cases/${c.id}/notices/township-report`),
      ];
      for (const response of responses) {
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.body)).not.toMatch(/\d{17}[\dX]/);
      }
      // The full number finds the case through the keyed hash, and the answer stays masked.
      expect(responses[1].body.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    }
  });

  it('opens no case on a record merged into another', async () => {
    const [kept, merged] = [freshStudent(), freshStudent()];
    await t.dataSource.query('UPDATE students SET merged_into_id = $1, merged_at = now() WHERE id = $2', [
      kept,
      merged,
    ]);
    const response = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId: merged,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'other',
    });
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ field: 'studentId', rule: 'withinScope' });
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const officer = await as('bureau.officer');
    const opened = await openCase(freshStudent());
    expect(
      (await officer.post(`/api/cases/${opened.id}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(200);
    const before = await row(opened.id);
    const stale = await officer.post(`/api/cases/${opened.id}/transitions/exclude`, {
      version: 1,
      exclusionReason: 'data_error',
      evidenceNote: '学籍重复',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('case.stale_version');
    expect(await row(opened.id)).toEqual(before);

    // Two takes racing on the same version: one wins, the other is stale.
    const racing = await Promise.all(
      ['exclude', 'confirm_dropout'].map((name) =>
        officer.post(`/api/cases/${opened.id}/transitions/${name}`, {
          version: 2,
          ...(name === 'exclude' ? { exclusionReason: 'data_error', evidenceNote: '学籍重复' } : {}),
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await row(opened.id))['version']).toBe(3);
  });

  it('opens at most one open case per child, also under concurrent opens', async () => {
    const studentId = freshStudent();
    await openCase(studentId);
    const second = await (
      await as('bureau.officer')
    ).post('/api/cases', {
      studentId,
      type: 'never_enrolled',
      source: 'village_patrol',
      primaryReason: 'other',
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('case.already_open');

    const racer = freshStudent();
    const body = {
      studentId: racer,
      type: 'suspected_dropout',
      source: 'data_comparison',
      primaryReason: 'distance',
    };
    const [a, b] = await Promise.all([
      (await as('bureau.officer')).post('/api/cases', body),
      (await as('town.official')).post('/api/cases', body),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const count = await t.dataSource.query('SELECT count(*)::int AS n FROM cases WHERE student_id = $1', [
      racer,
    ]);
    expect(count[0].n).toBe(1);
  });

  it('validates opening: roles, scope and codes', async () => {
    const studentId = freshStudent();
    const body = {
      studentId,
      type: 'suspected_dropout',
      source: 'school_attendance',
      primaryReason: 'other',
    };
    for (const username of ['admin', 'dept.police']) {
      const refused = await (await as(username)).post('/api/cases', body);
      expect(refused.status).toBe(403);
    }
    const badCodes = await (
      await as('bureau.officer')
    ).post('/api/cases', { ...body, type: 'runaway', otherReasons: ['nope'], extra: 1 });
    expect(badCodes.status).toBe(400);
    expect(badCodes.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'extra',
      'otherReasons',
      'type',
    ]);
    const maji = await studentWhere('s.region_path LIKE $1 AND s.school_region_path NOT LIKE $2', [
      MAJI,
      TUANLI,
    ]);
    const outside = await (await as('town.official')).post('/api/cases', { ...body, studentId: maji });
    expect(outside.status).toBe(400);
    expect(outside.body.details[0]).toMatchObject({ field: 'studentId', rule: 'withinScope' });
    expect(await t.dataSource.query('SELECT id FROM cases WHERE student_id = $1', [maji])).toEqual([]);
  });

  it('shows a village official the cases of its village and nothing in 马集镇', async () => {
    const scopePath = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
    const own = await openCase(await studentWhere('s.region_path LIKE $1', [`${scopePath}%`]));
    const foreign = await openCase(
      await studentWhere('s.region_path LIKE $1 AND s.school_region_path NOT LIKE $2', [MAJI, TUANLI]),
    );
    const village = await as('village.official');
    const detail = await village.get(`/api/cases/${own.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.student.idNumberMasked ?? '').not.toMatch(/^\d{17}[\dX]$/);
    expect(detail.body.allowedTransitions.map((a: { name: string }) => a.name)).toEqual([
      'start_verification',
    ]);
    const refused = await village.get(`/api/cases/${foreign.id}`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain(foreign.id);
    expect(
      (await village.post(`/api/cases/${foreign.id}/transitions/start_verification`, { version: 1 })).status,
    ).toBe(404);

    const list = await village.get('/api/cases?pageSize=100');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(foreign.id);
    const paths: { region_path: string; school_region_path: string | null }[] = await t.dataSource.query(
      'SELECT region_path, school_region_path FROM cases WHERE id = ANY($1)',
      [ids],
    );
    for (const p of paths)
      expect(p.region_path.startsWith(scopePath) || (p.school_region_path ?? '').startsWith(scopePath)).toBe(
        true,
      );
  });

  it("shows school staff only their school's cases", async () => {
    const own = await openCase(await studentWhere('s.school_id = $1', [teacherSchoolId]), 'school.teacher');
    const other = await openCase(
      await studentWhere('s.school_id <> $1 AND s.region_path LIKE $2', [teacherSchoolId, TUANLI]),
    );
    const teacher = await as('school.teacher');
    expect((await teacher.get(`/api/cases/${own.id}`)).status).toBe(200);
    expect((await teacher.get(`/api/cases/${other.id}`)).status).toBe(404);
    const list = await teacher.get('/api/cases?pageSize=100');
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const item of list.body.items) expect(item.school.id).toBe(teacherSchoolId);
    const filtered = await (
      await as('bureau.officer')
    ).get(`/api/cases?studentId=${(await row(own.id))['student_id']}`);
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([own.id]);
    const byState = await (
      await as('bureau.officer')
    ).get('/api/cases?state=closed&type=suspected_dropout&pageSize=100');
    expect(byState.status).toBe(200);
    for (const item of byState.body.items)
      expect(item).toMatchObject({ state: 'closed', type: 'suspected_dropout' });
  });
  it("names the opener and the village officials of the child's village as responsible persons", async () => {
    const users: Record<string, { id: string; scope_path: string; display_name: string }> =
      Object.fromEntries(
        (
          await t.dataSource.query(
            "SELECT username, id, scope_path, display_name FROM users WHERE username IN ('village.official', 'school.teacher', 'town.official')",
          )
        ).map((u: { username: string }) => [u.username, u]),
      );
    const villagePath = users['village.official'].scope_path;
    // A teacher reports a child of 进士张: the teacher (education, class) and the village official (government, village).
    const teacherCase = await openCase(
      await studentWhere('s.school_id = $1 AND s.region_path = $2', [teacherSchoolId, villagePath]),
      'school.teacher',
    );
    const detail = (await (await as('school.teacher')).get(`/api/cases/${teacherCase.id}`)).body;
    // Both are named in one transaction, so their order among themselves is not defined.
    const assigned = detail.responsibles.map((r: Record<string, unknown>) => [
      r['userId'],
      r['party'],
      r['line'],
      r['level'],
      r['name'],
    ]);
    expect(assigned).toHaveLength(2);
    expect(assigned).toEqual(
      expect.arrayContaining([
        [users['school.teacher'].id, 'school', 'education', 'class', users['school.teacher'].display_name],
        [
          users['village.official'].id,
          'village',
          'government',
          'village',
          users['village.official'].display_name,
        ],
      ]),
    );
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'responsible_assigned',
      'responsible_assigned',
    ]);
    expect(detail.timeline.map((e: { payload: unknown }) => e.payload)).toContainEqual(
      expect.objectContaining({ line: 'government', level: 'village', automatic: true }),
    );
    const audited = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'case.assign_responsible'",
      [teacherCase.id],
    );
    expect(audited[0].n).toBe(2);
    // It shows in both of their "my cases".
    for (const username of ['school.teacher', 'village.official'])
      expect(
        (await (await as(username)).get('/api/cases/mine?pageSize=100')).body.items.map(
          (c: { id: string }) => c.id,
        ),
      ).toContain(teacherCase.id);

    // The village official opening is named once; a town official is named at town level.
    const villageCase = await openCase(
      await studentWhere('s.region_path = $1', [villagePath]),
      'village.official',
    );
    expect((await row(villageCase.id))['id']).toBe(villageCase.id);
    const named = await t.dataSource.query(
      'SELECT user_id, line, level FROM case_responsibles WHERE case_id = $1 ORDER BY created_at, id',
      [villageCase.id],
    );
    expect(named).toEqual([{ user_id: users['village.official'].id, line: 'government', level: 'village' }]);
    const townCase = await openCase(freshStudent(), 'town.official');
    expect(
      await t.dataSource.query('SELECT user_id, line, level FROM case_responsibles WHERE case_id = $1', [
        townCase.id,
      ]),
    ).toEqual([{ user_id: users['town.official'].id, line: 'government', level: 'town' }]);
    // The bureau officer opening outside the village names nobody.
    const officerCase = await openCase(freshStudent());
    expect(
      await t.dataSource.query('SELECT id FROM case_responsibles WHERE case_id = $1', [officerCase.id]),
    ).toEqual([]);
  });

  it('keeps the first day of absence: a past or present day, never the future', async () => {
    const body = { type: 'enrolled_not_attending', source: 'school_attendance', primaryReason: 'other' };
    const officer = await as('bureau.officer');
    const tomorrow = chinaToday(new Date(Date.now() + DAY_MS));
    const future = await officer.post('/api/cases', {
      ...body,
      studentId: freshStudent(),
      absentSince: tomorrow,
    });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([
      expect.objectContaining({ field: 'absentSince', rule: 'not_future' }),
    ]);
    for (const bad of ['2026-02-30', 'last week']) {
      const response = await officer.post('/api/cases', {
        ...body,
        studentId: freshStudent(),
        absentSince: bad,
      });
      expect(response.status).toBe(400);
      expect(response.body.details[0]).toMatchObject({ field: 'absentSince' });
    }
    const studentId = freshStudent();
    const opened = await officer.post('/api/cases', { ...body, studentId, absentSince: yesterday() });
    expect(opened.status).toBe(201);
    expect(opened.body.absentSince).toBe(yesterday());
    expect((await officer.get(`/api/cases/${opened.body.id}`)).body.absentSince).toBe(yesterday());
    expect(opened.body.timeline[0].payload).toMatchObject({ absentSince: yesterday() });
    const without = await officer.post('/api/cases', { ...body, studentId: freshStudent() });
    expect(without.body.absentSince).toBeNull();
  });

  it('points a 409 already_open at the open case only when the caller may see it', async () => {
    const studentId = freshStudent();
    const first = await openCase(studentId);
    const body = { studentId, type: 'never_enrolled', source: 'village_patrol', primaryReason: 'other' };
    const again = await (await as('town.official')).post('/api/cases', body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'case.already_open', context: { openCaseId: first.id } });
    // The child has since moved: the open case lies outside 疃里镇 and its id stays hidden.
    await t.dataSource.query(
      `UPDATE cases SET region_path = replace(region_path, '370829104', '370829108'),
         school_region_path = replace(school_region_path, '370829104', '370829108') WHERE id = $1`,
      [first.id],
    );
    const hidden = await (await as('town.official')).post('/api/cases', body);
    expect(hidden.status).toBe(409);
    expect(hidden.body.code).toBe('case.already_open');
    expect(hidden.body.context).toBeUndefined();
    expect(JSON.stringify(hidden.body)).not.toContain(first.id);
  });

  it("accepts a return school outside the caller's scope within the child's county, and no other", async () => {
    const villagePath = (
      await t.dataSource.query("SELECT scope_path FROM users WHERE username = 'village.official'")
    )[0].scope_path;
    const opened = await openCase(await studentWhere('s.region_path = $1', [villagePath]));
    await t.dataSource.query("UPDATE cases SET state = 'persuading' WHERE id = $1", [opened.id]);
    const townSchool = (
      await t.dataSource.query(
        `SELECT id FROM organisations WHERE type = 'school' AND region_path LIKE $1 AND region_path NOT LIKE $2
           ORDER BY id LIMIT 1`,
        [TUANLI, `${villagePath}%`],
      )
    )[0].id;
    const [elsewhere] = await t.dataSource.query(
      "SELECT id, path FROM regions WHERE kind = 'town' AND path LIKE '/37/3701/%' ORDER BY code LIMIT 1",
    );
    const [farSchool] = await t.dataSource.query(
      `INSERT INTO organisations (name, type, region_path, region_id, school_code, school_level)
         VALUES ('历城区某中学', 'school', $1, $2, '3799999999', 'junior_secondary') RETURNING id`,
      [elsewhere.path, elsewhere.id],
    );
    const village = await as('village.official');
    const input = { returnDate: yesterday(), returnMode: 'transfer_class' };
    const far = await village.post(`/api/cases/${opened.id}/transitions/record_return`, {
      version: 1,
      ...input,
      returnSchoolId: farSchool.id,
    });
    expect(far.status).toBe(400);
    expect(far.body.details).toEqual([
      expect.objectContaining({ field: 'returnSchoolId', rule: 'withinScope' }),
    ]);
    const returned = await village.post(`/api/cases/${opened.id}/transitions/record_return`, {
      version: 1,
      ...input,
      returnSchoolId: townSchool,
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ state: 'monitoring', returnSchool: { id: townSchool } });
  });
});
