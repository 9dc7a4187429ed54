import { randomUUID } from 'node:crypto';
import {
  chinaToday,
  composeIdNumber,
  hasPermission,
  Permission,
  REFERRAL_ACTIONS,
  REFERRAL_NEEDS,
  Role,
  TRANSFER_ACTIONS,
  TRANSITION_NAMES,
  TRANSITIONS,
} from '@baoxue/domain';
import { createTestApp, TestApp, TestResponse } from '../../test/test-app';
import {
  CASE_ASSIGN_ROLES,
  CASE_EDIT_ROLES,
  CASE_INTERVENTION_ROLES,
  CASE_OPEN_ROLES,
} from '../cases/case-rules';
import { IdNumberCipher } from '../students/id-number-cipher';

/**
 * Where a fixture child lives, from the narrowest scope to beyond the demo zone: each place
 * lies inside the scopes of the users who reach it and outside everyone else's.
 * - school: 户籍 进士张, at the teacher's school (inside every scope);
 * - village: 户籍 进士张, at another 疃里镇 school (outside the teacher's);
 * - town: 户籍 and school elsewhere in 疃里镇 (outside the village official's);
 * - zone: 马集镇 (outside the town official's);
 * - beyond: a county outside the zone (outside everyone's).
 */
const PLACES = ['school', 'village', 'town', 'zone', 'beyond'] as const;
type Place = (typeof PLACES)[number];

/** The demo users, their role, and the widest place their scope reaches. */
const USERS: readonly { username: string; role: Role; reach: Place }[] = [
  { username: 'admin', role: 'admin', reach: 'zone' },
  { username: 'bureau.leader', role: 'bureau_leader', reach: 'zone' },
  { username: 'bureau.officer', role: 'bureau_officer', reach: 'zone' },
  { username: 'town.official', role: 'government_official', reach: 'town' },
  { username: 'dept.police', role: 'department_liaison', reach: 'zone' },
  { username: 'village.official', role: 'village_official', reach: 'village' },
  { username: 'school.teacher', role: 'school_staff', reach: 'school' },
];
type User = (typeof USERS)[number];

const within = (user: User, place: Place): boolean => PLACES.indexOf(place) <= PLACES.indexOf(user.reach);

/** A child with a guardian, an open case, an intervention and every demo user as a responsible person. */
interface Target {
  place: Place;
  name: string;
  idNumber: string;
  studentId: string;
  caseId: string;
  interventionId: string;
  hukouRegionId: string;
  schoolId: string;
  /** Open duplicate candidates with a twin record at the same place: one to dismiss, one to merge. */
  dismissDuplicateId: string;
  mergeDuplicateId: string;
  mergeTwinId: string;
  /**
   * Referrals to the place's department (the liaison's inbox) and transfers offered to the
   * place's county-level region (the receiver's inbox); each on a case of its own when written.
   */
  referrals: { accept: string; decline: string; respond: string };
  transfers: { accept: string; decline: string };
}

interface Region {
  id: string;
  path: string;
}

interface Request {
  path: string;
  body?: unknown;
  /** A list filter naming something outside the scope may be refused (400 withinScope) rather than empty. */
  refusedOutside?: true;
  /** Sent as this raw type rather than JSON (a photo's bytes). */
  contentType?: string;
}

interface Endpoint {
  /** `METHOD /path` exactly as in the OpenAPI document the app builds. */
  route: string;
  /** What the role needs, as the route's guard checks it (default children.read; null: none). */
  permission?: Permission | null;
  /** `@Roles` on the route: others get 403 auth.role. */
  roles?: readonly Role[];
  /** A lifecycle transition: roles outside its table get 403 case.transition_forbidden. */
  transitionRoles?: readonly Role[];
  /**
   * How a target outside the caller's scope is refused: `notFound` (404, like a missing id),
   * `absent` (a list or search answers 200 without it) or `invalidBody` (400 naming `field`);
   * `none` for reference data that holds nothing about a child.
   */
  outside: 'notFound' | 'absent' | 'invalidBody' | 'none';
  field?: string;
  /** The status of a permitted call on a target inside the scope. */
  success: number;
  /** Whether a permitted call writes (and so changes the fixture's rows). */
  writes: boolean;
  /** The request(s) aimed at a target; a list gives several searches that should find it. */
  request(target: Target, user: User): Promise<Request[]> | Request[];
  /** Lists: the target's id their items carry. */
  lists?: (target: Target) => string;
}

/** Every case, student and intervention endpoint, one line each (the guard test below keeps it complete). */
const endpoint = (e: Endpoint): Endpoint => e;

describe('role × scope access matrix', () => {
  let t: TestApp;
  let cipher: IdNumberCipher;
  /** One target per place, shared by all users (refused and read-only calls leave it unchanged). */
  const targets = {} as Record<Place, Target>;
  /** Per user: a target inside its scope for permitted writes, and a child with no case to open one for. */
  const own = new Map<string, Target>();
  const caseless = new Map<string, Target>();
  /** Per user: a child whose case is in persuading, to record a return to. */
  const persuading = new Map<string, Target>();
  const userIds = new Map<string, string>();
  /** A user of a school beyond the zone: outside every demo user's scope. */
  let beyondUserId: string;
  /** A town official of 马集镇: inside the zone, outside 疃里镇. */
  let majiUserId: string;
  /** Where each place's referrals and transfers go: the department and the county-level region that receive them. */
  const inboxes = {} as Record<Place, { departmentId: string; region: Region; from: Region }>;
  const fixture = (map: Map<string, Target>, user: User): Target => {
    const found = map.get(user.username);
    if (!found) throw new Error(`no fixture for ${user.username}`);
    return found;
  };
  const listedIds = (response: TestResponse): string[] =>
    (response.body.items as { id: string }[]).map((item) => item.id);
  const places = {} as Record<Place, { hukouRegionId: string; regionPath: string; schoolId: string }>;
  let sequence = 900;
  /** A department of the zone (its referrals cover the zone) and a county to transfer to. */
  let departmentId: string;
  let transferRegionId: string;

  const studentVersion = async (id: string): Promise<number> =>
    (await t.dataSource.query('SELECT version FROM students WHERE id = $1', [id]))[0].version;
  const duplicateVersion = async (id: string): Promise<number> =>
    (await t.dataSource.query('SELECT version FROM student_duplicates WHERE id = $1', [id]))[0].version;
  const rowVersion = async (table: 'case_referrals' | 'case_transfers', id: string): Promise<number> =>
    (await t.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version;
  const caseVersion = async (id: string): Promise<number> =>
    (await t.dataSource.query('SELECT version FROM cases WHERE id = $1', [id]))[0].version;

  /** The inboxes' guards: the department's liaisons, the receiving bureau's officers; no permission needed. */
  const LIAISON: Pick<Endpoint, 'roles' | 'permission'> = { roles: ['department_liaison'], permission: null };
  const RECEIVER: Pick<Endpoint, 'roles' | 'permission'> = {
    roles: TRANSFER_ACTIONS.accept_transfer.roles,
    permission: null,
  };
  /** Accepting, declining or answering a referral or transfer: its current version and any text. */
  const inboxDecision = (
    route: string,
    guard: Pick<Endpoint, 'roles' | 'permission'>,
    id: (x: Target) => string,
    text: Record<string, string> = {},
  ): Endpoint => ({
    route,
    ...guard,
    outside: 'notFound',
    success: 200,
    writes: true,
    request: async (x) => [
      {
        path: route.slice(route.indexOf(' ') + 1).replace('{id}', id(x)),
        body: {
          version: await rowVersion(
            route.includes('/referrals/') ? 'case_referrals' : 'case_transfers',
            id(x),
          ),
          ...text,
        },
      },
    ],
  });

  /** The target intervention's photo, stored once. */
  const photo = async (x: Target): Promise<string> =>
    (
      await t.dataSource.query(
        `INSERT INTO case_intervention_photos (intervention_id, client_id, content_type, bytes, size, sha256)
         VALUES ($1, $1, 'image/jpeg', '\\xffd8ff'::bytea, 3, 'x')
         ON CONFLICT (intervention_id, client_id) DO UPDATE SET size = 3 RETURNING id`,
        [x.interventionId],
      )
    )[0].id;

  const ENDPOINTS: readonly Endpoint[] = [
    endpoint({
      route: 'GET /api/students',
      outside: 'absent',
      success: 200,
      writes: false,
      lists: (x) => x.studentId,
      request: (x) => [
        { path: `/api/students?q=${encodeURIComponent(x.name)}&pageSize=100` },
        { path: `/api/students?idNumber=${x.idNumber}` },
        { path: `/api/students?schoolId=${x.schoolId}&q=${encodeURIComponent(x.name)}` },
      ],
    }),
    endpoint({
      route: 'GET /api/students/{id}',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/students/${x.studentId}` }],
    }),
    endpoint({
      route: 'POST /api/students/{id}/reveal',
      permission: 'personal_data.reveal',
      outside: 'notFound',
      success: 200,
      // A reveal goes on the timeline of the child's cases in progress.
      writes: true,
      request: (x) => [{ path: `/api/students/${x.studentId}/reveal`, body: { reason: '核对家访信息' } }],
    }),
    endpoint({
      route: 'POST /api/students',
      outside: 'invalidBody',
      field: 'hukouRegionId|schoolId',
      success: 201,
      writes: true,
      request: (x) => [
        {
          path: '/api/students',
          body: {
            fullName: `${x.name}新登记`,
            sex: 'female',
            birthDate: '2014-02-03',
            hukouRegionId: x.hukouRegionId,
            schoolId: x.schoolId,
            grade: 5,
            guardians: [{ fullName: '张大山', relation: 'father' }],
          },
        },
      ],
    }),
    endpoint({
      route: 'PATCH /api/students/{id}',
      outside: 'notFound',
      success: 200,
      writes: true,
      request: async (x) => [
        {
          path: `/api/students/${x.studentId}`,
          body: { version: await studentVersion(x.studentId), className: `${sequence++}班` },
        },
      ],
    }),
    endpoint({
      route: 'GET /api/students/duplicates',
      roles: ['bureau_officer', 'bureau_leader'],
      outside: 'absent',
      success: 200,
      writes: false,
      lists: (x) => x.dismissDuplicateId,
      request: () => [{ path: '/api/students/duplicates?pageSize=100' }],
    }),
    endpoint({
      route: 'POST /api/students/duplicates/{id}/dismiss',
      roles: ['bureau_officer'],
      outside: 'notFound',
      success: 200,
      writes: true,
      request: async (x) => [
        {
          path: `/api/students/duplicates/${x.dismissDuplicateId}/dismiss`,
          body: { version: await duplicateVersion(x.dismissDuplicateId), reason: '出生日期不同，不是同一人' },
        },
      ],
    }),
    endpoint({
      route: 'POST /api/students/{id}/merge',
      roles: ['bureau_officer'],
      outside: 'notFound',
      success: 200,
      writes: true,
      request: async (x) => [
        {
          path: `/api/students/${x.studentId}/merge`,
          body: {
            duplicateId: x.mergeDuplicateId,
            version: await studentVersion(x.studentId),
            otherVersion: await studentVersion(x.mergeTwinId),
            reason: '同一儿童的重复登记',
          },
        },
      ],
    }),
    endpoint({
      route: 'GET /api/cases',
      outside: 'absent',
      success: 200,
      writes: false,
      lists: (x) => x.caseId,
      request: (x, user) => [
        { path: `/api/cases?q=${encodeURIComponent(x.name)}&pageSize=100` },
        { path: `/api/cases?q=${x.idNumber}` },
        { path: `/api/cases?studentId=${x.studentId}` },
        { path: `/api/cases?schoolId=${x.schoolId}&state=suspected&q=${encodeURIComponent(x.name)}` },
        {
          path: `/api/cases?responsibleUserId=${userIds.get(user.username)}&q=${encodeURIComponent(x.name)}`,
        },
        {
          path: `/api/cases?regionId=${x.hukouRegionId}&q=${encodeURIComponent(x.name)}`,
          refusedOutside: true,
        },
      ],
    }),
    endpoint({
      route: 'GET /api/cases/mine',
      outside: 'absent',
      success: 200,
      writes: false,
      lists: (x) => x.caseId,
      request: (x) => [{ path: `/api/cases/mine?q=${encodeURIComponent(x.name)}&pageSize=100` }],
    }),
    endpoint({
      route: 'GET /api/cases/{id}',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}` }],
    }),
    endpoint({
      route: 'POST /api/cases',
      roles: CASE_OPEN_ROLES,
      outside: 'invalidBody',
      field: 'studentId',
      success: 201,
      writes: true,
      request: (x, user) => [
        {
          path: '/api/cases',
          body: {
            // Inside the scope: a child with no case yet; outside: the place's child.
            studentId: (x.place === 'school' ? fixture(caseless, user) : x).studentId,
            type: 'enrolled_not_attending',
            source: 'school_attendance',
            primaryReason: 'learning_difficulty',
          },
        },
      ],
    }),
    endpoint({
      route: 'POST /api/cases/{id}/transitions/{name}',
      transitionRoles: TRANSITIONS.start_verification.roles,
      outside: 'notFound',
      success: 200,
      writes: true,
      request: async (x) => {
        const version = await caseVersion(x.caseId);
        // Outside the scope every transition name answers the same 404.
        const names = x.place === 'school' ? ['start_verification'] : TRANSITION_NAMES;
        return names.map((name) => ({
          path: `/api/cases/${x.caseId}/transitions/${name}`,
          body: { version },
        }));
      },
    }),
    endpoint({
      route: 'POST /api/cases/{id}/responsibles',
      roles: CASE_ASSIGN_ROLES,
      outside: 'notFound',
      success: 201,
      writes: true,
      request: (x) => [
        {
          path: `/api/cases/${x.caseId}/responsibles`,
          body: { name: '张主任', party: 'village', line: 'government', level: 'village' },
        },
      ],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/interventions',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/interventions` }],
    }),
    endpoint({
      route: 'PATCH /api/cases/{id}',
      roles: CASE_EDIT_ROLES,
      outside: 'notFound',
      success: 200,
      writes: true,
      request: async (x) => [
        {
          path: `/api/cases/${x.caseId}`,
          body: { version: await caseVersion(x.caseId), whereabouts: `去向${sequence++}` },
        },
      ],
    }),
    endpoint({
      route: 'POST /api/cases/{id}/interventions',
      roles: CASE_INTERVENTION_ROLES,
      outside: 'notFound',
      success: 201,
      writes: true,
      request: (x) => [
        {
          path: `/api/cases/${x.caseId}/interventions`,
          body: {
            clientId: randomUUID(),
            kind: 'phone_call',
            occurredOn: chinaToday(new Date()),
            outcome: 'not_reachable',
          },
        },
      ],
    }),
    endpoint({
      route: 'PUT /api/cases/{id}/interventions/{interventionId}/photos/{clientId}',
      roles: CASE_INTERVENTION_ROLES,
      outside: 'notFound',
      success: 201,
      writes: true,
      request: (x) => [
        {
          path: `/api/cases/${x.caseId}/interventions/${x.interventionId}/photos/${randomUUID()}`,
          body: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
          contentType: 'image/jpeg',
        },
      ],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/interventions/{interventionId}/photos/{photoId}',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: async (x) => [
        { path: `/api/cases/${x.caseId}/interventions/${x.interventionId}/photos/${await photo(x)}` },
      ],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/referrals',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/referrals` }],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/referral-departments',
      roles: REFERRAL_ACTIONS.refer.roles,
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/referral-departments` }],
    }),
    endpoint({
      route: 'POST /api/cases/{id}/referrals',
      roles: REFERRAL_ACTIONS.refer.roles,
      outside: 'notFound',
      success: 201,
      writes: true,
      request: (x) => [
        {
          path: `/api/cases/${x.caseId}/referrals`,
          body: { departmentId, need: REFERRAL_NEEDS[0], request: '请协助核实家庭情况' },
        },
      ],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/transfers',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/transfers` }],
    }),
    endpoint({
      route: 'POST /api/cases/{id}/transfers',
      roles: TRANSFER_ACTIONS.offer_transfer.roles,
      outside: 'notFound',
      success: 201,
      writes: true,
      request: (x) => [
        {
          path: `/api/cases/${x.caseId}/transfers`,
          body: { toRegionId: transferRegionId, reason: '随父母迁居外县' },
        },
      ],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/access-log',
      permission: 'audit.read',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/access-log` }],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/notices/written-order/{interventionId}',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/notices/written-order/${x.interventionId}` }],
    }),
    endpoint({
      route: 'GET /api/cases/{id}/notices/township-report',
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/cases/${x.caseId}/notices/township-report` }],
    }),
    endpoint({
      route: 'GET /api/referrals',
      ...LIAISON,
      outside: 'absent',
      success: 200,
      writes: false,
      lists: (x) => x.referrals.accept,
      request: () => [{ path: '/api/referrals?pageSize=100' }],
    }),
    endpoint({
      route: 'GET /api/referrals/{id}',
      ...LIAISON,
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/referrals/${x.referrals.accept}` }],
    }),
    inboxDecision('POST /api/referrals/{id}/accept', LIAISON, (x) => x.referrals.accept),
    inboxDecision('POST /api/referrals/{id}/decline', LIAISON, (x) => x.referrals.decline, {
      reason: '不属本部门职责',
    }),
    inboxDecision('POST /api/referrals/{id}/respond', LIAISON, (x) => x.referrals.respond, {
      response: '已约谈监护人',
    }),
    endpoint({
      route: 'GET /api/transfers/incoming',
      ...RECEIVER,
      outside: 'absent',
      success: 200,
      writes: false,
      lists: (x) => x.transfers.accept,
      request: () => [{ path: '/api/transfers/incoming?pageSize=100' }],
    }),
    endpoint({
      route: 'GET /api/transfers/targets',
      ...RECEIVER,
      outside: 'none',
      success: 200,
      writes: false,
      request: () => [{ path: `/api/transfers/targets?q=${encodeURIComponent('县')}` }],
    }),
    endpoint({
      route: 'GET /api/transfers/{id}',
      ...RECEIVER,
      outside: 'notFound',
      success: 200,
      writes: false,
      request: (x) => [{ path: `/api/transfers/${x.transfers.accept}` }],
    }),
    inboxDecision('POST /api/transfers/{id}/accept', RECEIVER, (x) => x.transfers.accept),
    inboxDecision('POST /api/transfers/{id}/decline', RECEIVER, (x) => x.transfers.decline, {
      reason: '户籍不在本区',
    }),
  ];

  /** Every row about the target's child, and how many rows each table holds: compared before and after. */
  const snapshot = async (x: Target): Promise<string> =>
    JSON.stringify(
      await t.dataSource.query(
        `SELECT
           (SELECT row_to_json(s) FROM (SELECT * FROM students WHERE id = $1) s) AS student,
           (SELECT json_agg(g ORDER BY g.id) FROM guardians g WHERE g.student_id = $1) AS guardians,
           (SELECT json_agg(c ORDER BY c.id) FROM cases c WHERE c.student_id = $1) AS cases,
           (SELECT json_agg(d ORDER BY d.id) FROM student_duplicates d
             WHERE $1 IN (d.first_student_id, d.second_student_id)) AS duplicates,
           (SELECT count(*) FROM students) AS students,
           (SELECT count(*) FROM cases) AS all_cases,
           (SELECT count(*) FROM case_events) AS events,
           (SELECT count(*) FROM case_responsibles) AS responsibles,
           (SELECT count(*) FROM case_interventions) AS interventions,
           (SELECT count(*) FROM case_intervention_photos) AS photos,
           (SELECT count(*) FROM case_referrals) AS referrals,
           (SELECT count(*) FROM case_transfers) AS transfers`,
        [x.studentId],
      ),
    ) +
    JSON.stringify(
      await t.dataSource.query(
        `SELECT
           (SELECT json_agg(r ORDER BY r.id) FROM case_referrals r WHERE r.id = ANY($1)) AS referrals,
           (SELECT json_agg(tr ORDER BY tr.id) FROM case_transfers tr WHERE tr.id = ANY($2)) AS transfers`,
        [Object.values(x.referrals).filter(Boolean), Object.values(x.transfers).filter(Boolean)],
      ),
    );

  /** Audit entries naming the target's child, case or their records. */
  const audited = async (x: Target): Promise<number> => {
    const ids = [
      x.studentId,
      x.caseId,
      x.interventionId,
      ...Object.values(x.referrals),
      ...Object.values(x.transfers),
    ];
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE entity_id = ANY($1::uuid[]) OR details::text LIKE ANY($2::text[])`,
      [ids.filter(Boolean), ids.filter(Boolean).map((id) => `%${id}%`)],
    );
    return n;
  };

  const send = async (user: User, method: string, request: Request): Promise<TestResponse> =>
    request.contentType
      ? // fetch sends the Buffer as it is.
        (await t.as(user.username)).raw(method, request.path, request.body as string, request.contentType)
      : (await t.as(user.username)).request(method, request.path, request.body);

  /** The guard's answer for this role (roles, then permission), or the transition table's, or success. */
  const expectedInside = (e: Endpoint, role: Role): { status: number; code?: string } => {
    if (e.roles && !e.roles.includes(role)) return { status: 403, code: 'auth.role' };
    if (e.permission !== null && !hasPermission(role, e.permission ?? 'children.read'))
      return { status: 403, code: 'auth.permission' };
    if (e.transitionRoles && !e.transitionRoles.includes(role))
      return { status: 403, code: 'case.transition_forbidden' };
    return { status: e.success };
  };

  /** Inserts a child at a place with a guardian (no case, no ID number). */
  const insertChild = async (place: Place, name: string, idNumber?: string): Promise<string> => {
    const p = places[place];
    const id = idNumber ? cipher.protect(idNumber) : null;
    const [{ id: studentId }] = await t.dataSource.query(
      `INSERT INTO students (full_name, sex, birth_date, region_path, hukou_region_id, school_id, school_region_path,
         enrolment_status, grade, id_number_cipher, id_number_hash, id_number_masked)
       SELECT $1, 'male', '2013-04-05', $2, $3, o.id, o.region_path, 'enrolled', 6, $5, $6, $7 FROM organisations o
        WHERE o.id = $4 RETURNING id`,
      [
        name,
        p.regionPath,
        p.hukouRegionId,
        p.schoolId,
        id?.cipher ?? null,
        id?.hash ?? null,
        id?.masked ?? null,
      ],
    );
    await t.dataSource.query(
      `INSERT INTO guardians (student_id, full_name, relation, works_away) VALUES ($1, '张大山', 'father', false)`,
      [studentId],
    );
    return studentId;
  };

  /** A duplicate candidate pair of the child and a new twin record (same name and birth date). */
  const duplicate = async (place: Place, name: string, studentId: string): Promise<[string, string]> => {
    const twinId = await insertChild(place, name);
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO student_duplicates (reason, first_student_id, second_student_id)
       VALUES ('same_name_birth_village', LEAST($1::uuid, $2::uuid), GREATEST($1::uuid, $2::uuid)) RETURNING id`,
      [studentId, twinId],
    );
    return [id, twinId];
  };

  /**
   * A child at a place with a guardian, two duplicate candidates and (unless `withCase` is
   * false) an open case with an intervention and every demo user as a responsible person.
   */
  /** A referral of the case to a department (offered, or already accepted). */
  const referral = async (caseId: string, departmentId: string, status = 'offered'): Promise<string> =>
    (
      await t.dataSource.query(
        `INSERT INTO case_referrals (case_id, department_id, need, request, status, referred_at)
         VALUES ($1, $2, $3, '请协助核实', $4, now()) RETURNING id`,
        [caseId, departmentId, REFERRAL_NEEDS[0], status],
      )
    )[0].id;
  /** An offer of the case to another county-level region, pending. */
  const transfer = async (caseId: string, to: Region, from: Region): Promise<string> =>
    (
      await t.dataSource.query(
        `INSERT INTO case_transfers (case_id, reason, to_region_id, to_region_path, from_region_id, from_case_path, offered_at)
         SELECT c.id, '随父母迁居', $2, $3, $4, c.region_path, now() FROM cases c WHERE c.id = $1 RETURNING id`,
        [caseId, to.id, to.path, from.id],
      )
    )[0].id;

  const child = async (place: Place, name: string, withCase = true, inbox = withCase): Promise<Target> => {
    const idNumber = composeIdNumber('370829', '2013-04-05', sequence++);
    const studentId = await insertChild(place, name, idNumber);
    const [dismissDuplicateId] = await duplicate(place, name, studentId);
    const [mergeDuplicateId, mergeTwinId] = await duplicate(place, name, studentId);
    const target: Target = {
      place,
      name,
      idNumber,
      studentId,
      caseId: '',
      interventionId: '',
      hukouRegionId: places[place].hukouRegionId,
      schoolId: places[place].schoolId,
      dismissDuplicateId,
      mergeDuplicateId,
      mergeTwinId,
      referrals: { accept: '', decline: '', respond: '' },
      transfers: { accept: '', decline: '' },
    };
    if (!withCase) return target;
    [{ id: target.caseId }] = await t.dataSource.query(
      `INSERT INTO cases (student_id, type, source, primary_reason, region_path, school_id, school_region_path)
       SELECT id, 'suspected_dropout', 'school_attendance', 'learning_difficulty', region_path, school_id, school_region_path
         FROM students WHERE id = $1 RETURNING id`,
      [studentId],
    );
    [{ id: target.interventionId }] = await t.dataSource.query(
      `INSERT INTO case_interventions (case_id, client_id, kind, occurred_on, order_number, served_on, deadline_on, party)
       VALUES ($1, $2, 'written_order', $3, $4, $3, $3, 'school') RETURNING id`,
      [
        target.caseId,
        randomUUID(),
        chinaToday(new Date(Date.now() - 24 * 3600 * 1000)),
        `济经开教〔2026〕${sequence}号`,
      ],
    );
    // Everyone is named on it, so "my cases" would list it but for the scope.
    await t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, name, party, line, level, user_id)
       SELECT $1, display_name, 'village', 'government', 'village', id FROM users`,
      [target.caseId],
    );
    if (inbox) {
      // Referred to the place's department and offered to the place's county-level region.
      const referred = await referral(target.caseId, inboxes[place].departmentId);
      target.referrals = { accept: referred, decline: referred, respond: referred };
      const offered = await transfer(target.caseId, inboxes[place].region, inboxes[place].from);
      target.transfers = { accept: offered, decline: offered };
    }
    return target;
  };

  beforeAll(async () => {
    t = await createTestApp();
    cipher = t.app.get(IdNumberCipher);
    const one = async (sql: string, params: unknown[] = []): Promise<Record<string, string>> => {
      const [row] = await t.dataSource.query(sql, params);
      if (!row) throw new Error(`no row for ${sql}`);
      return row;
    };
    const village = await one(
      "SELECT r.id, r.path FROM regions r JOIN users u ON u.scope_path = r.path WHERE u.username = 'village.official'",
    );
    const teacherSchool = await one(
      "SELECT scope_school_id AS id FROM users WHERE username = 'school.teacher'",
    );
    const tuanliSchool = await one(
      `SELECT id, region_path FROM organisations WHERE type = 'school' AND region_path LIKE '%/370829104/%'
         AND region_path <> $1 ORDER BY name LIMIT 1`,
      [village.path],
    );
    const tuanliVillage = await one(
      "SELECT id, path FROM regions WHERE kind = 'village' AND path LIKE '%/370829104/%' AND path <> $1 ORDER BY code LIMIT 1",
      [village.path],
    );
    const majiSchool = await one(
      "SELECT id FROM organisations WHERE type = 'school' AND region_path LIKE '%/370829108/%' ORDER BY name LIMIT 1",
    );
    const majiVillage = await one(
      "SELECT id, path FROM regions WHERE kind = 'village' AND path LIKE '%/370829108/%' ORDER BY code LIMIT 1",
    );
    const zone = await one("SELECT path FROM regions WHERE kind = 'zone'");
    const beyondVillage = await one(
      "SELECT id, path FROM regions WHERE kind = 'village' AND path NOT LIKE $1 ORDER BY code LIMIT 1",
      [`${zone.path}%`],
    );
    // A school beyond the zone, so the farthest child has one too.
    const beyondSchool = await one(
      `INSERT INTO organisations (name, type, region_id, region_path, school_code, school_level)
       VALUES ('区外小学', 'school', $1, $2, '2137999999', 'primary') RETURNING id`,
      [beyondVillage.id, beyondVillage.path],
    );
    departmentId = (
      await one(
        "SELECT id FROM organisations WHERE type = 'department' AND region_path = $1 ORDER BY name LIMIT 1",
        [zone.path],
      )
    ).id;
    transferRegionId = (
      await one("SELECT id FROM regions WHERE kind = 'county' AND path NOT LIKE $1 ORDER BY code LIMIT 1", [
        `${zone.path}%`,
      ])
    ).id;
    places.school = { hukouRegionId: village.id, regionPath: village.path, schoolId: teacherSchool.id };
    places.village = { hukouRegionId: village.id, regionPath: village.path, schoolId: tuanliSchool.id };
    places.town = {
      hukouRegionId: tuanliVillage.id,
      regionPath: tuanliVillage.path,
      schoolId: tuanliSchool.id,
    };
    places.zone = { hukouRegionId: majiVillage.id, regionPath: majiVillage.path, schoolId: majiSchool.id };
    places.beyond = {
      hukouRegionId: beyondVillage.id,
      regionPath: beyondVillage.path,
      schoolId: beyondSchool.id,
    };
    const police = await one("SELECT organisation_id AS id FROM users WHERE username = 'dept.police'");
    const zoneRegion = (await one("SELECT id, path FROM regions WHERE kind = 'zone'")) as unknown as Region;
    const beyondCounty = (await one(
      "SELECT id, path FROM regions WHERE kind = 'county' AND $1 LIKE path || '%'",
      [beyondVillage.path],
    )) as unknown as Region;
    const beyondDepartment = await one(
      `INSERT INTO organisations (name, type, region_id, region_path, department_kind)
       VALUES ('区外公安局', 'department', $1, $2, 'public_security') RETURNING id`,
      [beyondCounty.id, beyondCounty.path],
    );
    for (const place of PLACES)
      inboxes[place] =
        place === 'beyond'
          ? { departmentId: beyondDepartment.id, region: beyondCounty, from: zoneRegion }
          : { departmentId: police.id, region: zoneRegion, from: beyondCounty };
    for (const { username, id } of await t.dataSource.query('SELECT username, id FROM users'))
      userIds.set(username, id);
    for (const place of PLACES) targets[place] = await child(place, `矩阵${place}`);
    for (const user of USERS) {
      // The user's own child; its referrals and transfers sit on cases of their own (one active each per case).
      const mine = await child('school', `矩阵own${user.username}`, true, false);
      const [first, second, third] = [
        await child('school', `矩阵own1${user.username}`, true, false),
        await child('school', `矩阵own2${user.username}`, true, false),
        await child('school', `矩阵own3${user.username}`, true, false),
      ];
      const { departmentId, region, from } = inboxes.school;
      mine.referrals = {
        accept: await referral(first.caseId, departmentId),
        decline: await referral(second.caseId, departmentId),
        respond: await referral(third.caseId, departmentId, 'accepted'),
      };
      mine.transfers = {
        accept: await transfer(first.caseId, region, from),
        decline: await transfer(second.caseId, region, from),
      };
      own.set(user.username, mine);
      caseless.set(user.username, await child('school', `矩阵new${user.username}`, false));
      const back = await child('school', `矩阵ret${user.username}`, true, false);
      await t.dataSource.query("UPDATE cases SET state = 'persuading' WHERE id = $1", [back.caseId]);
      persuading.set(user.username, back);
    }
    [{ id: beyondUserId }] = await t.dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_school_id, scope_path)
       VALUES ('beyond.teacher', '区外教师', 'x', 'school_staff', $1, $1, $2) RETURNING id`,
      [places.beyond.schoolId, places.beyond.regionPath],
    );
    [{ id: majiUserId }] = await t.dataSource.query(
      `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_region_id, scope_path)
       SELECT 'maji.official', '马集镇干部', 'x', 'government_official', o.id, r.id, r.path
         FROM regions r JOIN organisations o ON o.region_id = r.id AND o.type = 'town_government'
        WHERE r.code = '370829108' RETURNING id`,
    );
  });
  afterAll(() => t.close());

  it('covers every case and student route the app serves, and nothing else', async () => {
    const document = (await t.client().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(document.paths)
      .filter(([path]) => /^\/api\/(cases|students|referrals|transfers)(\/|$)/.test(path))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
    expect(served.length).toBeGreaterThan(0);
    expect(ENDPOINTS.map((e) => e.route).sort()).toEqual([...new Set(served)].sort());
  });

  it('places each child inside exactly the scopes that reach its place', async () => {
    for (const user of USERS) {
      const [{ scope_path: path, scope_school_id: schoolId }] = await t.dataSource.query(
        'SELECT scope_path, scope_school_id FROM users WHERE username = $1',
        [user.username],
      );
      for (const place of PLACES) {
        const [row] = await t.dataSource.query(
          'SELECT region_path, school_region_path, school_id FROM students WHERE id = $1',
          [targets[place].studentId],
        );
        const inside = schoolId
          ? row.school_id === schoolId
          : row.region_path.startsWith(path) || row.school_region_path.startsWith(path);
        expect({ user: user.username, place, inside }).toEqual({
          user: user.username,
          place,
          inside: within(user, place),
        });
      }
    }
  });

  describe.each(ENDPOINTS.map((e) => [e.route, e] as const))('%s', (_route, e) => {
    const method = e.route.split(' ')[0];

    it.each(USERS.map((u) => [u.username, u] as const))(
      '%s: the role decides inside its scope; outside, zero access',
      async (_name, user) => {
        // Inside: the user's own child for writes, the shared one for reads and lists.
        const inside = e.writes ? fixture(own, user) : targets.school;
        const expected = expectedInside(e, user.role);
        for (const request of await e.request(inside, user)) {
          const before = await snapshot(e.route === 'POST /api/cases' ? fixture(caseless, user) : inside);
          const response = await send(user, method, request);
          expect({ route: e.route, status: response.status, code: response.body?.code }).toEqual({
            route: e.route,
            status: expected.status,
            code: expected.code ?? response.body?.code,
          });
          const after = await snapshot(e.route === 'POST /api/cases' ? fixture(caseless, user) : inside);
          // A permitted write changes the records; a refusal or a read changes nothing.
          if (e.writes && expected.status < 400) expect(after).not.toEqual(before);
          else expect(after).toEqual(before);
          if (e.lists && expected.status === 200) expect(listedIds(response)).toContain(e.lists(inside));
        }

        for (const place of PLACES.filter((p) => !within(user, p))) {
          const target = targets[place];
          for (const request of await e.request(target, user)) {
            const before = await snapshot(target);
            const auditedBefore = await audited(target);
            const response = await send(user, method, request);
            const label = { route: e.route, place, path: request.path };
            if (expected.code?.startsWith('auth.')) {
              // The guard refuses before the scope is looked at.
              expect({ ...label, status: response.status, code: response.body.code }).toEqual({
                ...label,
                ...expected,
              });
            } else if (e.outside === 'none') {
              expect({ ...label, status: response.status }).toEqual({ ...label, status: e.success });
            } else if (e.outside === 'absent' && request.refusedOutside && response.status === 400) {
              // The filter named a region the caller may not see (a school sees its own village).
              expect(response.body.details[0].rule).toBe('withinScope');
            } else if (e.outside === 'absent') {
              expect({ ...label, status: response.status }).toEqual({ ...label, status: 200 });
              expect(listedIds(response)).not.toContain(e.lists?.(target));
            } else if (e.outside === 'notFound') {
              expect({ ...label, status: response.status }).toEqual({ ...label, status: 404 });
            } else {
              expect({ ...label, status: response.status }).toEqual({ ...label, status: 400 });
              expect(response.body.details[0].field).toMatch(new RegExp(`^(${e.field})$`));
              expect(response.body.details[0].rule).toMatch(/withinScope$/i);
            }
            // Nothing about the child leaks, and nothing changed.
            const text = JSON.stringify(response.body);
            for (const value of [target.name, target.studentId, target.caseId, target.interventionId])
              expect(text).not.toContain(value);
            expect(await snapshot(target)).toEqual(before);
            // Nor is a read or change of the child logged that never happened.
            expect({ ...label, audited: await audited(target) }).toEqual({
              ...label,
              audited: auditedBefore,
            });
          }
        }
      },
    );
  });

  it.each(USERS.filter((u) => hasPermission(u.role, 'children.read')).map((u) => [u.username, u] as const))(
    '%s cannot reach a record outside its scope through a case inside it',
    async (_name, user) => {
      const inside = targets.school;
      for (const place of PLACES.filter((p) => !within(user, p))) {
        const outside = targets[place];
        const before = await snapshot(outside);
        const order = await send(user, 'GET', {
          path: `/api/cases/${inside.caseId}/notices/written-order/${outside.interventionId}`,
        });
        expect({ place, status: order.status }).toEqual({ place, status: 404 });
        expect(JSON.stringify(order.body)).not.toContain(outside.name);
        if (user.role === 'bureau_officer') {
          const merge = await send(user, 'POST', {
            path: `/api/students/${inside.studentId}/merge`,
            body: {
              duplicateId: outside.mergeDuplicateId,
              version: await studentVersion(inside.studentId),
              otherVersion: await studentVersion(outside.mergeTwinId),
              reason: '同一儿童的重复登记',
            },
          });
          // The candidate pair is looked up within the scope: 404 like a missing one.
          expect({ place, status: merge.status }).toEqual({ place, status: 404 });
          expect(JSON.stringify(merge.body)).not.toContain(outside.name);
        }
        expect(await snapshot(outside)).toEqual(before);
      }
    },
  );

  describe('ids in a request body', () => {
    const returners = USERS.filter((u) => TRANSITIONS.record_return.roles.includes(u.role));
    it.each(returners.map((u) => [u.username, u] as const))(
      "%s cannot record a return to a school outside its scope and the child's county (400, nothing changed)",
      async (_name, user) => {
        const x = fixture(persuading, user);
        const before = await snapshot(x);
        const response = await send(user, 'POST', {
          path: `/api/cases/${x.caseId}/transitions/record_return`,
          body: {
            version: await caseVersion(x.caseId),
            // Any school of the child's county is allowed (a village's children go to the town's junior school).
            returnSchoolId: places.beyond.schoolId,
            returnDate: chinaToday(new Date()),
            returnMode: 'original_class',
          },
        });
        expect(response.status).toBe(400);
        expect(response.body.details[0]).toMatchObject({ field: 'returnSchoolId', rule: 'withinScope' });
        expect(await snapshot(x)).toEqual(before);
      },
    );

    // An organisation of the child's county is allowed (as for the return school); a user
    // must be one whose own scope covers the case.
    const assigners = USERS.filter((u) => CASE_ASSIGN_ROLES.includes(u.role));
    it.each(assigners.map((u) => [u.username, u] as const))(
      "%s cannot name a responsible person or organisation from outside its scope and the child's county",
      async (_name, user) => {
        const x = fixture(own, user);
        const outside: [string, string][] = [
          ['organisationId', places.beyond.schoolId],
          ['userId', beyondUserId],
          // Inside the zone, but the case is not in the user's town.
          ['userId', majiUserId],
        ];
        for (const [field, value] of outside) {
          const before = await snapshot(x);
          const response = await send(user, 'POST', {
            path: `/api/cases/${x.caseId}/responsibles`,
            body: { name: '区外人员', party: 'school', line: 'education', level: 'class', [field]: value },
          });
          expect({ field, status: response.status }).toEqual({ field, status: 400 });
          expect(response.body.details[0]).toMatchObject({ field, rule: 'withinScope' });
          expect(await snapshot(x)).toEqual(before);
        }
      },
    );
  });
});
