import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../../../test/test-app';
import { InterventionPartyAndPhotos1796500000000 } from './1796500000000-intervention-party-and-photos';

/** The migration backfills each intervention's party from its recorder's role and reverts cleanly. */
describe('migration: intervention party and photos', () => {
  let t: TestApp;
  const migration = new InterventionPartyAndPhotos1796500000000();
  const run = async (step: 'up' | 'down'): Promise<void> => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration[step](runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  };
  const column = async (table: string, name: string): Promise<number> =>
    (
      await t.dataSource.query(
        'SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = $1 AND column_name = $2',
        [table, name],
      )
    )[0].n;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('gives existing interventions the party of their recorder, the school line when none is known', async () => {
    await run('down');
    expect(await column('case_interventions', 'party')).toBe(0);
    expect(await column('case_intervention_photos', 'id')).toBe(0);

    const [{ id: caseId }] = await t.dataSource.query(
      `INSERT INTO cases (student_id, type, source, primary_reason, region_path, school_id, school_region_path)
       SELECT id, 'suspected_dropout', 'school_attendance', 'learning_difficulty', region_path, school_id, school_region_path
         FROM students ORDER BY id LIMIT 1 RETURNING id`,
    );
    const recorders = [
      'village.official',
      'school.teacher',
      'town.official',
      'bureau.officer',
      'dept.police',
      null,
    ];
    const ids = new Map<string | null, string>();
    for (const username of recorders) {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO case_interventions (case_id, client_id, kind, occurred_on, recorded_by_user_id)
         VALUES ($1, $2, 'home_visit', '2026-09-01', (SELECT id FROM users WHERE username = $3)) RETURNING id`,
        [caseId, randomUUID(), username],
      );
      ids.set(username, id);
    }

    await run('up');
    const party = async (username: string | null): Promise<string> =>
      (await t.dataSource.query('SELECT party FROM case_interventions WHERE id = $1', [ids.get(username)]))[0]
        .party;
    expect({
      village: await party('village.official'),
      school: await party('school.teacher'),
      town: await party('town.official'),
      bureau: await party('bureau.officer'),
      department: await party('dept.police'),
      unknown: await party(null),
    }).toEqual({
      village: 'village',
      school: 'school',
      town: 'government',
      bureau: 'school',
      department: 'department',
      unknown: 'school',
    });
    const [{ nullable }] = await t.dataSource.query(
      `SELECT is_nullable AS nullable FROM information_schema.columns
        WHERE table_name = 'case_interventions' AND column_name = 'party'`,
    );
    expect(nullable).toBe('NO');
    expect(await column('case_intervention_photos', 'bytes')).toBe(1);
  });
});
